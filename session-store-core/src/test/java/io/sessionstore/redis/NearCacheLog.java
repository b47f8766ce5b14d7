package io.sessionstore.redis;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * The near cache's log lines while a test runs.
 */
final class NearCacheLog implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger(NearCache.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	NearCacheLog() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Return each line as its level and message, such as {@code "WARN Near cache off: ..."}.
	 */
	List<String> lines() {
		return List.copyOf(this.appender.list).stream().map((event) -> event.getLevel() + " " + event.getFormattedMessage()).toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
	}

}
