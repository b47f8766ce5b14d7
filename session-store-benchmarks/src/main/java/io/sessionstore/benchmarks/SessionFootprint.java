package io.sessionstore.benchmarks;

import java.util.List;

import io.sessionstore.benchmarks.HarnessRedis.KeyMemory;

/**
 * Measures the bytes a store's sessions take in Redis: every key the store writes for a
 * number of signed-in users, each with their own session of {@link SessionContent}, by
 * {@code MEMORY USAGE … SAMPLES 0}, divided by the number of sessions.
 */
final class SessionFootprint {

	private static final int SESSIONS = 100;

	private final HarnessRedis redis;

	SessionFootprint(HarnessRedis redis) {
		this.redis = redis;
	}

	Footprint measure(Store store) {
		this.redis.flushAll();
		SessionRequests requests = SessionRequests.open(store, this.redis.connectionFactory());
		String sessionKey = null;
		for (int i = 0; i < SESSIONS; i++) {
			sessionKey = store.sessionKey(requests.create(String.format("user-%04d", i)));
		}
		List<KeyMemory> keys = this.redis.memoryUsage();
		String oneSession = sessionKey;
		long hashBytes = keys.stream().filter((key) -> key.key().equals(oneSession)).mapToLong(KeyMemory::bytes).sum();
		long totalBytes = keys.stream().mapToLong(KeyMemory::bytes).sum();
		this.redis.flushAll();
		return new Footprint(store, hashBytes, (double) totalBytes / SESSIONS, (double) keys.size() / SESSIONS);
	}

	/**
	 * What one session costs in Redis.
	 *
	 * @param store the store
	 * @param sessionHashBytes the bytes of one session's own key
	 * @param bytesPerSession the bytes of all keys, per session, index keys included
	 * @param keysPerSession the keys per session
	 */
	record Footprint(Store store, long sessionHashBytes, double bytesPerSession, double keysPerSession) {
	}

}
