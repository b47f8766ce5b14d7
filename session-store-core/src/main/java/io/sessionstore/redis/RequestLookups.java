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

}
