package io.sessionstore.redis;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisElementReader;
import org.springframework.data.redis.serializer.RedisElementWriter;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis commands and scripts of the reactive repository, one method per round trip,
 * under the same key layout and with the same scripts as {@link SessionCommands}.
 * Connection failures and timeouts surface as {@link SessionStoreUnavailableException}.
 */
final class ReactiveSessionCommands {

	private static final LettuceExceptionConverter LETTUCE_EXCEPTIONS = new LettuceExceptionConverter();

	private static final RedisElementWriter<byte[]> ARGUMENT_WRITER = RedisElementWriter
		.from(RedisSerializer.byteArray());

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final SessionScripts scripts = new SessionScripts();

	private SessionKeys keys = new SessionKeys(RedisHashSessionRepository.DEFAULT_NAMESPACE);

	ReactiveSessionCommands(ReactiveRedisConnectionFactory connectionFactory) {
		RedisSerializationContext<String, byte[]> context = RedisSerializationContext
			.<String, byte[]>newSerializationContext(RedisSerializer.byteArray())
			.key(RedisSerializer.string())
			.value(RedisSerializer.byteArray())
			.hashKey(RedisSerializer.byteArray())
			.hashValue(RedisSerializer.byteArray())
			.build();
		this.redis = new ReactiveRedisTemplate<>(connectionFactory, context);
	}

	void setNamespace(String namespace) {
		this.keys = new SessionKeys(namespace);
	}

	String namespace() {
		return this.keys.namespace();
	}

	Mono<List<byte[]>> loadAndTouch(String id, Instant now) {
		return hash(runScript("loading a session", this.scripts.touch, List.of(this.keys.sessionKey(id)),
				SessionCommands.bytes(SessionTimestamps.format(now)), SessionCommands.bytes("0")));
	}

	/**
	 * Read a session without touching it: empty when there is none, or when its key holds
	 * no hash.
	 */
	Mono<List<byte[]>> load(String id) {
		return translated("loading a session", this.redis.<byte[], byte[]>opsForHash()
			.entries(this.keys.sessionKey(id))
			.flatMapIterable((entry) -> List.of(entry.getKey(), entry.getValue()))
			.collectList())
			.onErrorResume(RedisFailures::isWrongType, (wrongType) -> Mono.just(List.of()));
	}

	/**
	 * Read the sessions of a principal index in one script, pruning members whose session
	 * is gone. Standalone and Sentinel only.
	 */
	Mono<Map<String, List<byte[]>>> loadIndexed(String principalName) {
		return runScript("loading the sessions of a principal", this.scripts.findByIndex,
				List.of(this.keys.indexKey(principalName)), SessionCommands.bytes(this.keys.sessionKeyPrefix()))
			.map(SessionCommands::sessionsById)
			.defaultIfEmpty(Map.of());
	}

	Mono<SessionCommands.SaveResult> save(SessionCommands.SaveRequest request) {
		return runScript("saving a session", this.scripts.save, request.scriptKeys(this.keys),
				request.scriptArguments(this.keys, 0).toArray())
			.map(SessionCommands.SaveResult::of)
			.defaultIfEmpty(SessionCommands.SaveResult.GONE);
	}

	/**
	 * Record the absolute deadline of a session stored without one, and shorten its TTL
	 * to it.
	 * @return whether the session still exists within its lifetime
	 */
	Mono<Boolean> capLifetime(String id, long deadlineEpochSecond) {
		return runScript("capping a session's lifetime", this.scripts.capLifetime, List.of(this.keys.sessionKey(id)),
				SessionCommands.bytes(Long.toString(deadlineEpochSecond)))
			.map((result) -> result == 1)
			.defaultIfEmpty(false);
	}

	Mono<List<byte[]>> take(String id) {
		return hash(runScript("changing a session ID", this.scripts.take, List.of(this.keys.sessionKey(id))));
	}

	Mono<List<byte[]>> delete(String id, boolean updateIndex) {
		return hash(runScript("deleting a session", this.scripts.delete, List.of(this.keys.sessionKey(id)),
				SessionCommands.deleteArguments(this.keys, id, updateIndex)));
	}

	/**
	 * Add to an integer attribute of an existing session.
	 * @return the new value, or empty if there is no such session
	 */
	Mono<Long> increment(String id, String attributeName, long delta) {
		return runScript("incrementing a session attribute", this.scripts.increment, List.of(this.keys.sessionKey(id)),
				SessionCommands.incrementArguments(attributeName, delta))
			.onErrorMap(RedisFailures::isRefusedIncrement, (ex) -> RedisFailures.notAnInteger(attributeName, ex));
	}

	Mono<List<String>> indexMembers(String principalName) {
		return runScript("reading the principal index", this.scripts.indexMembers,
				List.of(this.keys.indexKey(principalName)), SessionCommands.indexArguments("members", List.of()))
			.map(SessionCommands::indexIds)
			.defaultIfEmpty(List.of());
	}

	Mono<Void> addToIndex(String principalName, String id) {
		return runScript("updating the principal index", this.scripts.changeIndex,
				List.of(this.keys.indexKey(principalName)), SessionCommands.indexArguments("add", List.of(id))).then();
	}

	Mono<Void> removeFromIndex(String principalName, Collection<String> ids) {
		return runScript("updating the principal index", this.scripts.changeIndex,
				List.of(this.keys.indexKey(principalName)), SessionCommands.indexArguments("remove", ids)).then();
	}

	@SuppressWarnings("unchecked")
	private <T> Mono<T> runScript(String action, RedisScript<T> script, List<String> scriptKeys, Object... arguments) {
		RedisElementReader<T> resultReader = (RedisElementReader<T>) (RedisElementReader<?>) RedisElementReader
			.from(RedisSerializer.byteArray());
		Flux<T> result = this.redis.execute(script, scriptKeys, List.of(arguments), ARGUMENT_WRITER, resultReader);
		return translated(action, result.next());
	}

	private static <T> Mono<T> translated(String action, Mono<T> operation) {
		return operation.onErrorMap((ex) -> RedisFailures.translate(action, dataAccessFailure(ex)));
	}

	/**
	 * Return the failure as Spring Data Redis translates Lettuce's: a reactive hash read
	 * passes on Lettuce's own exceptions, where a script passes on translated ones.
	 */
	private static Throwable dataAccessFailure(Throwable ex) {
		DataAccessException translated = (ex instanceof RuntimeException runtime)
				? LETTUCE_EXCEPTIONS.translateExceptionIfPossible(runtime) : null;
		return (translated != null) ? translated : ex;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Mono<List<byte[]>> hash(Mono<List> flatHash) {
		return flatHash.map((hash) -> (List<byte[]>) hash).defaultIfEmpty(List.of());
	}

}
