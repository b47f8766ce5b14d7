package io.sessionstore.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operations of the reactive repository that concern more than one key, as
 * {@link OneServerTopology} and {@link ShardedTopology} carry them out: on one server
 * (and with Sentinel) each is one script; when keys may lie on different nodes each
 * script touches only its own key, and the rest follows from the client in an order that
 * fails closed.
 */
final class ReactiveSessionTopology {

	private final ReactiveSessionCommands commands;

	ReactiveSessionTopology(ReactiveSessionCommands commands) {
		this.commands = commands;
	}

	/**
	 * Write one save of a session, moving it to its new key when its ID changed and
	 * keeping its principal index entry.
	 * @param request the save
	 * @param oneServer whether scripts may touch several keys
	 * @return what became of it
	 */
	Mono<SessionCommands.SaveResult> save(SessionCommands.SaveRequest request, boolean oneServer) {
		if (oneServer) {
			return this.commands.save(request);
		}
		Mono<SessionCommands.SaveRequest> write = !request.changesId() ? Mono.just(request)
				: this.commands.take(request.loadedId())
					.filter((taken) -> !taken.isEmpty())
					.map(request::takingOver);
		return write.flatMap((taking) -> this.commands.save(taking.withoutIndex()))
			.flatMap((result) -> (result == SessionCommands.SaveResult.WRITTEN)
					? updateIndex(request).thenReturn(result) : Mono.just(result))
			.defaultIfEmpty(SessionCommands.SaveResult.GONE);
	}

	private Mono<Void> updateIndex(SessionCommands.SaveRequest request) {
		String addTo = request.addToIndex();
		String removeFrom = request.removeFromIndex();
		Mono<Void> added = (addTo != null) ? this.commands.addToIndex(addTo, request.id()) : Mono.empty();
		Mono<Void> removed = (removeFrom != null)
				? this.commands.removeFromIndex(removeFrom, List.of(request.loadedId())) : Mono.empty();
		return added.then(removed);
	}

	/**
	 * Delete a session and its principal index entry.
	 * @return the deleted hash as a flat field/value list, empty when there was none
	 */
	Mono<List<byte[]>> delete(String id, boolean principalIndex, boolean oneServer) {
		if (oneServer) {
			return this.commands.delete(id, principalIndex);
		}
		return this.commands.delete(id, false).flatMap((deleted) -> {
			String principalName = principalIndex ? ShardedTopology.principalName(deleted) : null;
			if (principalName == null) {
				return Mono.just(deleted);
			}
			return this.commands.removeFromIndex(principalName, List.of(id)).thenReturn(deleted);
		});
	}

	/**
	 * Read the sessions of a principal without touching them, removing index entries
	 * whose session is gone on one server.
	 * @return each session's flat hash by ID (an empty list for one that is gone)
	 */
	Mono<Map<String, List<byte[]>>> loadIndexed(String principalName, boolean oneServer) {
		if (oneServer) {
			return this.commands.loadIndexed(principalName);
		}
		return this.commands.indexMembers(principalName)
			.flatMapMany(Flux::fromIterable)
			.concatMap((id) -> this.commands.load(id).map((hash) -> Map.entry(id, hash)))
			.collect(LinkedHashMap::new, (loaded, entry) -> loaded.put(entry.getKey(), entry.getValue()));
	}

}
