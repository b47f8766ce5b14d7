package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link RedisHashSession} needs from the repository that made it: the shared
 * settings, and the writes that only a repository can do.
 */
interface SessionOwner {

	/**
	 * Return the settings of the repository.
	 */
	SessionSettings settings();

	/**
	 * Write a change of the session at once when the repository's flush mode asks for it.
	 */
	void changed(RedisHashSession session);

	/**
	 * Add to an integer attribute of the stored session, saving the session first when
	 * its ID changed since it was stored.
	 * @return the new value, or {@code null} if the session no longer exists
	 * @throws IllegalArgumentException if the stored attribute does not hold an integer
	 */
	@Nullable Long incrementStored(RedisHashSession session, String attributeName, long delta);

}
