package io.sessionstore.redis;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The sessions whose access this node has written within the touch interval, so that
 * the requests that find a session due for a touch at the same moment write its access
 * once between them, not once each.
 */
final class RecentTouches {

	private final Cache<String, Boolean> touched;

	RecentTouches(Duration touchInterval, long maximumEntries) {
		this.touched = Caffeine.newBuilder()
			.expireAfterWrite(touchInterval)
			.maximumSize(maximumEntries)
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Claim the touch of a session.
	 * @return {@code true} for the first claim within the touch interval, whose request
	 * writes the access; {@code false} when another request of this node writes or has
	 * written it
	 */
	boolean claim(String id) {
		return this.touched.asMap().putIfAbsent(id, Boolean.TRUE) == null;
	}

	/**
	 * Give a claim back after its write failed, so that the next request writes the access.
	 */
	void release(String id) {
		this.touched.invalidate(id);
	}

}
