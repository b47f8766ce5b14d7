package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sweeps the principal index periodically on a daemon thread of its own, from the start
 * of the application context to its stop. A zero interval means never: starting then
 * schedules nothing and creates no thread, and the sweeper never reports itself running.
 * A positive interval shorter than a millisecond is taken as one millisecond.
 */
final class PrincipalIndexSweeper implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PrincipalIndexSweeper.class);

	private final RedisHashSessionRepository repository;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	PrincipalIndexSweeper(RedisHashSessionRepository repository, Duration interval) {
		this.repository = repository;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor == null && !this.interval.isZero()) {
			CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("session-store-index-sweep-");
			threadFactory.setDaemon(true);
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threadFactory);
			long millis = Math.max(1, this.interval.toMillis());
			executor.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	void sweep() {
		try {
			long removed = this.repository.sweepPrincipalIndexes();
			if (logger.isDebugEnabled()) {
				logger.debug("Principal index sweep removed " + removed + " entries of sessions that are gone");
			}
		}
		catch (SessionStoreUnavailableException ex) {
			logger.debug("Principal index sweep skipped: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Principal index sweep failed", ex);
		}
	}

}
