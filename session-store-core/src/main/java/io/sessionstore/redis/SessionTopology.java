package io.sessionstore.redis;

import java.util.List;
import java.util.Map;

/**
 * How the operations that concern more than one key are carried out: a session and its
 * principal index entry, or the old and new key of an ID change. On one server (and with
 * Sentinel) each is one script; when keys may lie on different nodes (Redis Cluster, a
 * sharding proxy) each script touches only its own key and the rest is done in order from
 * the client. The repository reads the same for both.
 *
 * @see OneServerTopology
 * @see ShardedTopology
 */
interface SessionTopology {

	/**
	 * Write one save of a session, moving it to its new key when its ID changed and
	 * keeping its principal index entry.
	 * @param request the save
	 * @return what became of it
	 */
	SessionCommands.SaveResult save(SessionCommands.SaveRequest request);

	/**
	 * Delete a session and its principal index entry.
	 * @param id the session ID
	 * @param principalIndex whether the principal index is kept
	 * @return the deleted hash as a flat field/value list, empty when there was none
	 */
	List<byte[]> delete(String id, boolean principalIndex);

	/**
	 * Read the sessions of a principal, removing index entries whose session is gone.
	 * @param principalName the principal name
	 * @return each existing session's flat hash by ID (an empty list for one that is gone)
	 */
	Map<String, List<byte[]>> loadIndexed(String principalName);

	/**
	 * Remove principal index entries whose session is gone, across the namespace.
	 * @return the number of entries removed
	 */
	long sweepIndexes();

}
