package io.sessionstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A session as read from its hash.
 *
 * @param id the session ID
 * @param creationTime when the session was created
 * @param lastAccessedTime when the session was last accessed
 * @param maxInactiveInterval the idle timeout; negative for none
 * @param attributes the attributes, each an {@link UndecodedAttribute}
 * @param fieldSizes the stored size in bytes of every field, decoded or not
 * @param principalName the principal name recorded in the hash, if any
 * @param absoluteDeadline the absolute deadline recorded in the hash, if any
 */
record StoredSession(String id, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
		Map<String, Object> attributes, Map<String, Integer> fieldSizes, @Nullable String principalName,
		@Nullable Instant absoluteDeadline) {
}
