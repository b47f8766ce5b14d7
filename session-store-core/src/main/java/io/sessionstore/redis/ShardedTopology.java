package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The operations when keys may lie on different nodes (Redis Cluster) or behind a proxy
 * that shards them: every script touches only the key it declares, and the client does
 * the rest in an order that fails closed.
 * <ul>
 * <li>An ID change takes the session out of its old key first (one script that reads and
 * deletes it) and then creates the new key: a failure in between loses the session,
 * never leaves both IDs valid.</li>
 * <li>A session joins its principal's index only once it is written, so a concurrent
 * prune, which drops entries whose session does not exist, never drops a live one; it
 * leaves the index of the previous principal or ID afterwards.</li>
 * </ul>
 */
final class ShardedTopology implements SessionTopology {

	private final SessionCommands commands;

	ShardedTopology(SessionCommands commands) {
		this.commands = commands;
	}

	@Override
	public SessionCommands.SaveResult save(SessionCommands.SaveRequest request) {
		SessionCommands.SaveRequest write = request;
		if (request.changesId()) {
			List<byte[]> taken = this.commands.take(request.loadedId());
			if (taken.isEmpty()) {
				return SessionCommands.SaveResult.GONE;
			}
			write = request.takingOver(taken);
		}
		SessionCommands.SaveResult result = this.commands.save(write.withoutIndex());
		if (result == SessionCommands.SaveResult.WRITTEN) {
			if (request.addToIndex() != null) {
				this.commands.addToIndex(request.addToIndex(), request.id());
			}
			if (request.removeFromIndex() != null) {
				this.commands.removeFromIndex(request.removeFromIndex(), List.of(request.loadedId()));
			}
		}
		return result;
	}

	@Override
	public List<byte[]> delete(String id, boolean principalIndex) {
		List<byte[]> deleted = this.commands.delete(id, false);
		String principalName = principalIndex ? principalName(deleted) : null;
		if (principalName != null) {
			this.commands.removeFromIndex(principalName, List.of(id));
		}
		return deleted;
	}

	@Override
	public Map<String, List<byte[]>> loadIndexed(String principalName) {
		List<String> ids = this.commands.indexMembers(principalName);
		List<List<byte[]>> hashes = ids.isEmpty() ? List.of() : this.commands.loadAll(ids);
		Map<String, List<byte[]>> loaded = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			loaded.put(ids.get(i), hashes.get(i));
		}
		return loaded;
	}

	@Override
	public long sweepIndexes() {
		return this.commands.sweepIndexes(false);
	}

	static @Nullable String principalName(List<byte[]> flatHash) {
		for (int i = 0; i + 1 < flatHash.size(); i += 2) {
			if (SessionFields.PRINCIPAL_NAME.equals(new String(flatHash.get(i), StandardCharsets.UTF_8))) {
				return new String(flatHash.get(i + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

}
