package io.sessionstore.redis;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.session.SaveMode;
import org.springframework.session.SessionIdGenerator;

/**
 * A session repository as {@link SessionRepositoryContract} drives it, with the same
 * calls for the Servlet and the reactive repository. The reactive one waits for each
 * result on the test's thread.
 */
interface TestedRepository {

	RedisHashSession createSession();

	void save(RedisHashSession session);

	/**
	 * Find a session as anyone may, outside a request that carries its ID: read without
	 * touching it.
	 */
	@Nullable RedisHashSession findById(String id);

	/**
	 * Find a session as the request that carries its ID does: loaded and touched.
	 */
	@Nullable RedisHashSession findOwnSession(String id);

	void deleteById(String id);

	Map<String, RedisHashSession> findByPrincipalName(String principalName);

	@Nullable Long incrementAttribute(String sessionId, String attributeName, long delta);

	long incrementAttribute(RedisHashSession session, String attributeName, long delta);

	/**
	 * Return the repository's settings, which both repositories share.
	 */
	RedisHashSessionRepositorySupport settings();

	default long getDecodeFailureCount() {
		return settings().getDecodeFailureCount();
	}

	default void setMaxLifetime(Duration maxLifetime) {
		settings().setMaxLifetime(maxLifetime);
	}

	default void setSaveMode(SaveMode saveMode) {
		settings().setSaveMode(saveMode);
	}

	default void setMaxSessionSize(long maxSessionSize) {
		settings().setMaxSessionSize(maxSessionSize);
	}

	default void setSessionIdGenerator(SessionIdGenerator generator) {
		settings().setSessionIdGenerator(generator);
	}

}
