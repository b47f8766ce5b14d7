package io.sessionstore.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The session lookups of one request, hits and misses alike, so that the repeated
 * {@code findById} calls of Spring's filter chain cost no further round trips. Sessions
 * whose ID the request itself carries are touched when loaded.
 */
final class RequestLookups {

	private final Set<String> requestedSessionIds;

	private final Map<String, Optional<RedisHashSession>> results = new HashMap<>();

	RequestLookups(Set<String> requestedSessionIds) {
		this.requestedSessionIds = requestedSessionIds;
	}

	boolean isRequested(String sessionId) {
		return this.requestedSessionIds.contains(sessionId);
	}

	@Nullable Optional<RedisHashSession> get(String sessionId) {
		return this.results.get(sessionId);
	}

	void found(String sessionId, @Nullable RedisHashSession session) {
		this.results.put(sessionId, Optional.ofNullable(session));
	}

	void gone(String sessionId) {
		this.results.put(sessionId, Optional.empty());
	}

	/**
	 * Return the ID under which a session of this request is stored, when its ID was
	 * changed to the given one and it has not been saved since.
	 */
	@Nullable String storedIdBeforeChangeTo(String sessionId) {
		for (Optional<RedisHashSession> result : this.results.values()) {
			RedisHashSession session = result.orElse(null);
			if (session != null && session.getId().equals(sessionId) && session.getStoredId() != null
					&& !sessionId.equals(session.getStoredId())) {
				return session.getStoredId();
			}
		}
		return null;
	}

}
