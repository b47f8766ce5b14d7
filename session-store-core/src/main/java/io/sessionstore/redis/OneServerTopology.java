package io.sessionstore.redis;

import java.util.List;
import java.util.Map;

/**
 * The operations of one server, or a Sentinel-managed master: every save, ID change and
 * deletion is one script that also keeps the principal index, and a principal's sessions
 * are read by one script. The scripts touch session keys they do not declare (pruning the
 * index), which only one server allows.
 */
final class OneServerTopology implements SessionTopology {

	private final SessionCommands commands;

	OneServerTopology(SessionCommands commands) {
		this.commands = commands;
	}

	@Override
	public SessionCommands.SaveResult save(SessionCommands.SaveRequest request) {
		return this.commands.save(request);
	}

	@Override
	public List<byte[]> delete(String id, boolean principalIndex) {
		return this.commands.delete(id, principalIndex);
	}

	@Override
	public Map<String, List<byte[]>> loadIndexed(String principalName) {
		return this.commands.loadIndexed(principalName);
	}

	@Override
	public long sweepIndexes() {
		return this.commands.sweepIndexes(true);
	}

}
