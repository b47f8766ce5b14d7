package io.sessionstore.benchmarks;

import java.util.List;

import io.sessionstore.benchmarks.HarnessRedis.KeyMemory;

/**
 * Measures the bytes a store's sessions take in Redis: every key the store writes for a
 * number of signed-in users, each with their own session of {@link SessionContent}, by
 * {@code MEMORY USAGE … SAMPLES 0}, divided by the number of sessions.
 */
final class SessionFootprint {

	/** The largest value a hash may hold and keep Redis's compact encoding; its 6.2 name. */
	static final String HASH_VALUE_LIMIT = "hash-max-ziplist-value";

	static final String COMPACT_HASH_VALUE_LIMIT = "4096";

	private static final int SESSIONS = 100;

	private final HarnessRedis redis;

	SessionFootprint(HarnessRedis redis) {
		this.redis = redis;
	}

	Footprint measure(Store store) {
		Footprint defaults = measure(store, false);
		Footprint compact = measure(store, true);
		return new Footprint(store, defaults.sessionHashBytes(), defaults.bytesPerSession(), defaults.keysPerSession(),
				compact.bytesPerSession());
	}

	private Footprint measure(Store store, boolean compactHashes) {
		String previous = this.redis.config(HASH_VALUE_LIMIT);
		if (compactHashes) {
			this.redis.config(HASH_VALUE_LIMIT, COMPACT_HASH_VALUE_LIMIT);
		}
		try {
			return measureAsConfigured(store);
		}
		finally {
			this.redis.config(HASH_VALUE_LIMIT, previous);
		}
	}

	private Footprint measureAsConfigured(Store store) {
		this.redis.flushAll();
		String sessionKey = null;
		try (SessionRequests requests = SessionRequests.open(store, this.redis.connectionFactory())) {
			for (int i = 0; i < SESSIONS; i++) {
				sessionKey = store.sessionKey(requests.create(String.format("user-%04d", i)));
			}
		}
		List<KeyMemory> keys = this.redis.memoryUsage();
		String oneSession = sessionKey;
		long hashBytes = keys.stream().filter((key) -> key.key().equals(oneSession)).mapToLong(KeyMemory::bytes).sum();
		long totalBytes = keys.stream().mapToLong(KeyMemory::bytes).sum();
		this.redis.flushAll();
		double bytesPerSession = (double) totalBytes / SESSIONS;
		return new Footprint(store, hashBytes, bytesPerSession, (double) keys.size() / SESSIONS, bytesPerSession);
	}

	/**
	 * What one session costs in Redis.
	 *
	 * @param store the store
	 * @param sessionHashBytes the bytes of one session's own key
	 * @param bytesPerSession the bytes of all keys, per session, index keys included
	 * @param keysPerSession the keys per session
	 * @param compactBytesPerSession the bytes of all keys, per session, when Redis keeps
	 * hashes with values of up to {@value #COMPACT_HASH_VALUE_LIMIT} bytes in its compact
	 * encoding
	 */
	record Footprint(Store store, long sessionHashBytes, double bytesPerSession, double keysPerSession,
			double compactBytesPerSession) {
	}

}
