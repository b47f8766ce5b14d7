package io.sessionstore.redis;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Options of the near cache of a {@link RedisHashSessionRepository}: how much of the
 * sessions it has read a node keeps in its heap, and how often a session served from there
 * has its expiry written to Redis. Immutable; made with {@link #builder()}.
 * <p>
 * What the near cache trades for requests without a round trip:
 * <ul>
 * <li>It is not linearizable: a node can serve its copy in the moment before Redis's
 * invalidation of another node's write reaches it. A node's own writes drop its copy at
 * once.</li>
 * <li>A session expires between its idle timeout and its idle timeout plus the touch
 * interval after its last request, never earlier: its key's TTL is the sum.</li>
 * <li>{@code last_accessed_at} in Redis, and on other nodes, may lag by up to the touch
 * interval.</li>
 * </ul>
 *
 * @see RedisHashSessionRepository#setNearCache(NearCacheOptions)
 */
public final class NearCacheOptions {

	/** The default maximum number of sessions kept: 10,000. */
	public static final long DEFAULT_MAXIMUM_ENTRIES = 10_000;

	/** The default maximum size of the sessions kept: 32 MiB. */
	public static final long DEFAULT_MAXIMUM_SIZE = 32L * 1024 * 1024;

	/**
	 * The default touch interval: one minute. With Spring Session's default idle timeout
	 * of 30 minutes a session then lives at most 31 minutes after its last request, and an
	 * active session costs one write a minute, which invalidates every node's copy.
	 */
	public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofMinutes(1);

	private final long maximumEntries;

	private final long maximumSize;

	private final Duration touchInterval;

	private NearCacheOptions(Builder builder) {
		this.maximumEntries = builder.maximumEntries;
		this.maximumSize = builder.maximumSize;
		this.touchInterval = builder.touchInterval;
	}

	/**
	 * Return the default options.
	 * @return the options
	 */
	public static NearCacheOptions defaults() {
		return builder().build();
	}

	/**
	 * Return a builder that starts from the defaults.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the maximum number of sessions kept.
	 * @return the maximum number of entries
	 */
	public long getMaximumEntries() {
		return this.maximumEntries;
	}

	/**
	 * Return the maximum size of the sessions kept, in bytes of their keys, field names
	 * and values, with 16 more for each of them.
	 * @return the maximum size in bytes
	 */
	public long getMaximumSize() {
		return this.maximumSize;
	}

	/**
	 * Return how long a session may be served from the near cache after its last recorded
	 * access before an access is written to Redis again.
	 * @return the touch interval
	 */
	public Duration getTouchInterval() {
		return this.touchInterval;
	}

	/**
	 * Return the touch interval in whole seconds, rounded up: what is added to the idle
	 * timeout in a session key's TTL.
	 */
	long touchIntervalSeconds() {
		long seconds = this.touchInterval.getSeconds();
		return (this.touchInterval.getNano() > 0) ? seconds + 1 : seconds;
	}

	@Override
	public String toString() {
		return "NearCacheOptions[maximumEntries=" + this.maximumEntries + ", maximumSize=" + this.maximumSize
				+ ", touchInterval=" + this.touchInterval + "]";
	}

	/**
	 * Builds {@link NearCacheOptions}.
	 */
	public static final class Builder {

		private long maximumEntries = DEFAULT_MAXIMUM_ENTRIES;

		private long maximumSize = DEFAULT_MAXIMUM_SIZE;

		private Duration touchInterval = DEFAULT_TOUCH_INTERVAL;

		private Builder() {
		}

		/**
		 * Set the maximum number of sessions kept.
		 * @param maximumEntries the maximum number of entries, at least one
		 * @return this builder
		 */
		public Builder maximumEntries(long maximumEntries) {
			Assert.isTrue(maximumEntries > 0, "maximumEntries must be positive");
			this.maximumEntries = maximumEntries;
			return this;
		}

		/**
		 * Set the maximum size of the sessions kept, counted as the bytes of their keys,
		 * field names and values, with 16 more for each of them. Each session counts for
		 * at least this size divided by the maximum number of entries, so that both bounds
		 * hold.
		 * @param maximumSize the maximum size in bytes, at least one
		 * @return this builder
		 */
		public Builder maximumSize(long maximumSize) {
			Assert.isTrue(maximumSize > 0, "maximumSize must be positive");
			this.maximumSize = maximumSize;
			return this;
		}

		/**
		 * Set how long a session may be served from the near cache after its last recorded
		 * access before an access is written to Redis again. A session then expires
		 * between its idle timeout and its idle timeout plus this interval after its last
		 * request, and its {@code last_accessed_at} in Redis may lag by up to this
		 * interval.
		 * @param touchInterval the touch interval, positive
		 * @return this builder
		 */
		public Builder touchInterval(Duration touchInterval) {
			Assert.notNull(touchInterval, "touchInterval must not be null");
			Assert.isTrue(!touchInterval.isNegative() && !touchInterval.isZero(), "touchInterval must be positive");
			this.touchInterval = touchInterval;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public NearCacheOptions build() {
			return new NearCacheOptions(this);
		}

	}

}
