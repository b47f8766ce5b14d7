package io.sessionstore.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis commands and scripts of the repository, one method per round trip, under one
 * key layout. Connection failures and timeouts surface as
 * {@link SessionStoreUnavailableException}.
 */
final class SessionCommands {

	private final RedisTemplate<String, byte[]> redis;

	private final SessionScripts scripts = new SessionScripts();

	private SessionKeys keys = new SessionKeys(RedisHashSessionRepository.DEFAULT_NAMESPACE);

	private long expirySlackSeconds;

	SessionCommands(RedisConnectionFactory connectionFactory) {
		this.redis = new RedisTemplate<>();
		this.redis.setConnectionFactory(connectionFactory);
		this.redis.setKeySerializer(RedisSerializer.string());
		this.redis.setValueSerializer(RedisSerializer.byteArray());
		this.redis.setHashKeySerializer(RedisSerializer.byteArray());
		this.redis.setHashValueSerializer(RedisSerializer.byteArray());
		// Only this class's callbacks and Spring Data Redis's script executor get the
		// connection, and none closes it: no close-suppressing proxy per command.
		this.redis.setExposeConnection(true);
		this.redis.afterPropertiesSet();
	}

	void setNamespace(String namespace) {
		this.keys = new SessionKeys(namespace);
	}

	String namespace() {
		return this.keys.namespace();
	}

	String sessionKey(String id) {
		return this.keys.sessionKey(id);
	}

	SessionScripts scripts() {
		return this.scripts;
	}

	/**
	 * Set the seconds added to the idle timeout whenever a session's expiry slides: the
	 * touch interval of the near cache, 0 without it.
	 */
	void setExpirySlackSeconds(long expirySlackSeconds) {
		this.expirySlackSeconds = expirySlackSeconds;
	}

	/**
	 * Read a session without touching it: empty when there is none, or when its key holds
	 * no hash.
	 */
	List<byte[]> load(String id) {
		try {
			Map<byte[], byte[]> hash = execute("loading a session",
					() -> this.redis.<byte[], byte[]>opsForHash().entries(this.keys.sessionKey(id)));
			return flatten(hash);
		}
		catch (RuntimeException ex) {
			if (RedisFailures.isWrongType(ex)) {
				return Collections.emptyList();
			}
			throw ex;
		}
	}

	List<byte[]> loadAndTouch(String id, Instant now) {
		return orEmpty(runScript("loading a session", this.scripts.touch, List.of(this.keys.sessionKey(id)),
				bytes(SessionTimestamps.format(now)), bytes(Long.toString(this.expirySlackSeconds))));
	}

	/**
	 * Read several sessions one after the other, on the connection every other command
	 * uses: a pipeline would take a dedicated connection, which Lettuce opens afresh for
	 * each pipeline (on a Redis Cluster, one to every master it reaches) unless the
	 * application pools connections, and which Jedis does not offer on a cluster.
	 */
	List<List<byte[]>> loadAll(List<String> ids) {
		return ids.stream().map(this::load).toList();
	}

	/**
	 * Read the sessions of a principal index in one script, pruning members whose session
	 * is gone. Standalone and Sentinel only.
	 * @return each existing session's hash by ID, in index order
	 */
	Map<String, List<byte[]>> loadIndexed(String principalName) {
		return sessionsById(orEmpty(runScript("loading the sessions of a principal", this.scripts.findByIndex,
				List.of(this.keys.indexKey(principalName)), bytes(this.keys.sessionKeyPrefix()))));
	}

	/**
	 * Read the reply of the {@code find-by-index} script.
	 * @return each session's flat hash by ID, in the reply's order
	 */
	static Map<String, List<byte[]>> sessionsById(List<?> found) {
		Map<String, List<byte[]>> sessions = new LinkedHashMap<>();
		for (int i = 0; i + 1 < found.size(); i += 2) {
			List<?> hash = (List<?>) found.get(i + 1);
			sessions.put(RedisHashSessionMapper.text((byte[]) found.get(i)),
					hash.stream().map(byte[].class::cast).toList());
		}
		return sessions;
	}

	SaveResult save(SaveRequest request) {
		Long result = runScript("saving a session", this.scripts.save, request.scriptKeys(this.keys),
				request.scriptArguments(this.keys, this.expirySlackSeconds).toArray());
		return SaveResult.of(result);
	}

	/**
	 * Record the absolute deadline of a session stored without one, and shorten its TTL
	 * to it.
	 * @return whether the session still exists within its lifetime
	 */
	boolean capLifetime(String id, long deadlineEpochSecond) {
		Long result = runScript("capping a session's lifetime", this.scripts.capLifetime,
				List.of(this.keys.sessionKey(id)), bytes(Long.toString(deadlineEpochSecond)));
		return result != null && result == 1;
	}

	List<byte[]> take(String id) {
		return orEmpty(runScript("changing a session ID", this.scripts.take, List.of(this.keys.sessionKey(id))));
	}

	List<byte[]> delete(String id, boolean updateIndex) {
		return orEmpty(runScript("deleting a session", this.scripts.delete, List.of(this.keys.sessionKey(id)),
				deleteArguments(this.keys, id, updateIndex)));
	}

	static Object[] deleteArguments(SessionKeys keys, String id, boolean updateIndex) {
		return new Object[] { bytes(id), bytes(updateIndex ? keys.indexKeyPrefix() : ""),
				bytes(keys.sessionKeyPrefix()) };
	}

	@Nullable Long increment(String id, String attributeName, long delta) {
		try {
			return runScript("incrementing a session attribute", this.scripts.increment,
					List.of(this.keys.sessionKey(id)), incrementArguments(attributeName, delta));
		}
		catch (RedisSystemException | InvalidDataAccessApiUsageException ex) {
			throw RedisFailures.notAnInteger(attributeName, ex);
		}
	}

	static Object[] incrementArguments(String attributeName, long delta) {
		return new Object[] { bytes(attributeName), bytes(Long.toString(delta)), bytes(Long.class.getSimpleName()) };
	}

	List<String> indexMembers(String principalName) {
		return indexMembersAt(this.keys.indexKey(principalName));
	}

	void addToIndex(String principalName, String id) {
		changeIndex("add", this.keys.indexKey(principalName), List.of(id));
	}

	void removeFromIndex(String principalName, Collection<String> ids) {
		changeIndex("remove", this.keys.indexKey(principalName), ids);
	}

	private List<String> indexMembersAt(String indexKey) {
		List<?> members = runScript("reading the principal index", this.scripts.indexMembers, List.of(indexKey),
				indexArguments("members", List.of()));
		return (members != null) ? indexIds(members) : List.of();
	}

	/**
	 * Return the session IDs of {@code index.lua}'s {@code members} reply.
	 */
	static List<String> indexIds(List<?> members) {
		return members.stream().map((id) -> RedisHashSessionMapper.text((byte[]) id)).toList();
	}

	private long changeIndex(String change, String indexKey, Collection<String> ids) {
		Long count = runScript("updating the principal index", this.scripts.changeIndex, List.of(indexKey),
				indexArguments(change, ids));
		return (count != null) ? count : 0;
	}

	/**
	 * Arguments of {@code index.lua}.
	 * @param operation {@code members}, {@code add} or {@code remove}
	 * @param ids the session IDs to add or remove
	 */
	static Object[] indexArguments(String operation, Collection<String> ids) {
		List<Object> arguments = new ArrayList<>(ids.size() + 1);
		arguments.add(bytes(operation));
		ids.forEach((id) -> arguments.add(bytes(id)));
		return arguments.toArray();
	}

	long sweepIndexes(boolean inScript) {
		List<String> indexKeys = execute("scanning principal indexes",
				() -> this.redis.execute((RedisCallback<List<String>>) this::indexKeys));
		long removed = 0;
		for (String indexKey : indexKeys) {
			removed += inScript ? pruneInScript(indexKey) : pruneFromClient(indexKey);
		}
		return removed;
	}

	/**
	 * Find the principal index keys, on every master of a Redis Cluster.
	 */
	private List<String> indexKeys(RedisConnection connection) {
		ScanOptions options = ScanOptions.scanOptions().match(this.keys.indexKeyPattern()).count(1000).build();
		List<String> found = new ArrayList<>();
		if (connection instanceof RedisClusterConnection cluster) {
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster()) {
					try (Cursor<byte[]> cursor = cluster.scan(node, options)) {
						cursor.forEachRemaining((key) -> found.add(RedisHashSessionMapper.text(key)));
					}
				}
			}
			return found;
		}
		try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
			cursor.forEachRemaining((key) -> found.add(RedisHashSessionMapper.text(key)));
		}
		return found;
	}

	private long pruneInScript(String indexKey) {
		Long count = runScript("pruning a principal index", this.scripts.pruneIndex, List.of(indexKey),
				bytes(this.keys.sessionKeyPrefix()));
		return (count != null) ? count : 0;
	}

	private long pruneFromClient(String indexKey) {
		List<String> gone = indexMembersAt(indexKey).stream()
			.filter((id) -> !Boolean.TRUE.equals(
					execute("checking a session", () -> this.redis.hasKey(this.keys.sessionKey(id)))))
			.toList();
		return gone.isEmpty() ? 0 : changeIndex("remove", indexKey, gone);
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T runScript(String action, RedisScript<T> script, List<String> scriptKeys,
			Object... arguments) {
		RedisSerializer<T> resultSerializer = (RedisSerializer<T>) (RedisSerializer<?>) RedisSerializer.byteArray();
		return execute(action,
				() -> this.redis.execute(script, RedisSerializer.byteArray(), resultSerializer, scriptKeys, arguments));
	}

	private static <T> T execute(String action, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			throw RedisFailures.translate(action, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<byte[]> orEmpty(@Nullable List<?> flatHash) {
		return (flatHash != null) ? (List<byte[]>) flatHash : Collections.emptyList();
	}

	private static List<byte[]> flatten(@Nullable Object hash) {
		if (!(hash instanceof Map<?, ?> map) || map.isEmpty()) {
			return Collections.emptyList();
		}
		List<byte[]> flat = new ArrayList<>(map.size() * 2);
		map.forEach((field, value) -> {
			flat.add((byte[]) field);
			flat.add((byte[]) value);
		});
		return flat;
	}

	static byte[] bytes(String value) {
		return SessionWrite.bytes(value);
	}

	/**
	 * One save of a session.
	 *
	 * @param id the session's current ID
	 * @param loadedId the ID the session is stored under, the current ID for a creation
	 * @param create whether the key must not exist yet, rather than must still exist
	 * @param maxLifetimeSeconds the maximum lifetime, 0 for none; a session stored without
	 * a deadline gets one
	 * @param createdAtEpochSecond the session's creation time, from which a deadline is
	 * computed for a stored session that has none
	 * @param slideExpiry whether the save slides the session's expiry
	 * @param addToIndex the principal whose index gets the current ID, or {@code null}
	 * @param removeFromIndex the principal whose index loses the loaded ID, or {@code null}
	 * @param write the fields to write
	 */
	record SaveRequest(String id, String loadedId, boolean create, long maxLifetimeSeconds, long createdAtEpochSecond,
			boolean slideExpiry, @Nullable String addToIndex, @Nullable String removeFromIndex, SessionWrite write) {

		/**
		 * Return the keys of the {@code save} script.
		 */
		List<String> scriptKeys(SessionKeys keys) {
			String key = keys.sessionKey(this.id);
			String loadedKey = this.create ? key : keys.sessionKey(this.loadedId);
			return List.of(key, loadedKey, (this.addToIndex != null) ? keys.indexKey(this.addToIndex) : key,
					(this.removeFromIndex != null) ? keys.indexKey(this.removeFromIndex) : key);
		}

		/**
		 * Return the arguments of the {@code save} script.
		 * @param expirySlackSeconds the seconds added to the idle timeout when the expiry
		 * slides
		 */
		List<byte[]> scriptArguments(SessionKeys keys, long expirySlackSeconds) {
			List<byte[]> arguments = new ArrayList<>();
			arguments.add(bytes(this.create ? "create" : "update"));
			arguments.add(bytes(this.id));
			arguments.add(bytes(this.loadedId));
			arguments.add(bytes(Long.toString(this.maxLifetimeSeconds)));
			arguments.add(bytes((this.addToIndex != null) ? "1" : "0"));
			arguments.add(bytes((this.removeFromIndex != null) ? "1" : "0"));
			arguments.add(bytes(keys.sessionKeyPrefix()));
			arguments.add(bytes(Long.toString(this.createdAtEpochSecond)));
			arguments.add(bytes(this.slideExpiry ? "1" : "0"));
			arguments.add(bytes(Long.toString(expirySlackSeconds)));
			arguments.addAll(this.write.arguments());
			return arguments;
		}

		/**
		 * Return whether the save moves a stored session to a new ID.
		 */
		boolean changesId() {
			return !this.create && !this.id.equals(this.loadedId);
		}

		/**
		 * Return this save as the creation of the new key from the hash taken out of the
		 * old one, with this save's changes on top.
		 */
		SaveRequest takingOver(List<byte[]> taken) {
			return new SaveRequest(this.id, this.loadedId, true, this.maxLifetimeSeconds, this.createdAtEpochSecond,
					true, this.addToIndex, this.removeFromIndex, this.write.onTopOf(taken));
		}

		/**
		 * Return this save without principal index upkeep, for a script that may touch
		 * only the session's key.
		 */
		SaveRequest withoutIndex() {
			return new SaveRequest(this.id, this.loadedId, this.create, this.maxLifetimeSeconds,
					this.createdAtEpochSecond, this.slideExpiry, null, null, this.write);
		}

	}

	enum SaveResult {

		WRITTEN, GONE, ID_TAKEN;

		/**
		 * Read the reply of the {@code save} script.
		 */
		static SaveResult of(@Nullable Long reply) {
			if (reply == null || reply == 0) {
				return GONE;
			}
			return (reply == 1) ? WRITTEN : ID_TAKEN;
		}

	}

}
