package io.sessionstore.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Sweeps the principal index of a {@link RedisHashSessionRepository} periodically
 * ({@link RedisHashSessionRepository#sweepPrincipalIndexes()}) on a daemon thread of its
 * own, from the start of the application context to its stop. A zero interval means
 * never: starting then schedules nothing and creates no thread, and the sweeper never
 * reports itself running. A positive interval shorter than a millisecond is taken as one
 * millisecond. A sweep that fails is logged and tried again at the next interval.
 */
public final class PrincipalIndexSweeper implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PrincipalIndexSweeper.class);

	private final RedisHashSessionRepository repository;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a sweeper.
	 * @param repository the repository whose principal index is swept
	 * @param interval the delay between two sweeps, {@link Duration#ZERO} for never
	 */
	public PrincipalIndexSweeper(RedisHashSessionRepository repository, Duration interval) {
		Assert.notNull(repository, "repository must not be null");
		Assert.notNull(interval, "interval must not be null");
		Assert.isTrue(!interval.isNegative(), "interval must not be negative");
		this.repository = repository;
		this.interval = interval;
	}

	/**
	 * Return the delay between two sweeps.
	 * @return the interval, {@link Duration#ZERO} for never
	 */
	public Duration getInterval() {
		return this.interval;
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
