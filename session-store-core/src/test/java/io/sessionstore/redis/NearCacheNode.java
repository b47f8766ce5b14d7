package io.sessionstore.redis;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.sessionstore.testsupport.RedisServer;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * One application node for near cache tests: a repository with a near cache on its own
 * connections to a test server, as a separate application instance would have.
 */
final class NearCacheNode implements AutoCloseable {

	private final TestRedisConnections connections;

	private final RedisHashSessionRepository repository;

	NearCacheNode(RedisServer server, String namespace, NearCacheOptions options) {
		this(new TestRedisConnections(server), namespace, options);
	}

	NearCacheNode(TestRedisConnections connections, String namespace, NearCacheOptions options) {
		this(connections, namespace, options, (repository) -> {
		});
	}

	NearCacheNode(TestRedisConnections connections, String namespace, NearCacheOptions options,
			Consumer<RedisHashSessionRepository> customizer) {
		this.connections = connections;
		this.repository = new RedisHashSessionRepository(connections.connectionFactory());
		this.repository.setNamespace(namespace);
		customizer.accept(this.repository);
		this.repository.setNearCache(options);
		awaitActive();
	}

	RedisHashSessionRepository repository() {
		return this.repository;
	}

	NearCache nearCache() {
		NearCache nearCache = this.repository.nearCache();
		if (nearCache == null) {
			throw new IllegalStateException("No near cache");
		}
		return nearCache;
	}

	void awaitActive() {
		await().atMost(Duration.ofSeconds(10)).until(this.repository::isNearCacheActive);
	}

	/**
	 * Look a session up as the session of the current request, which the near cache
	 * serves.
	 */
	@Nullable RedisHashSession ownSession(String id) {
		try (RedisHashSessionRepository.RequestScope scope = this.repository.openRequestScope(List.of(id))) {
			return this.repository.findById(id);
		}
	}

	/**
	 * Return whether the near cache holds the session, without counting a lookup.
	 */
	boolean holds(String id) {
		return nearCache().get(id) != null;
	}

	/**
	 * Wait until every invalidation Redis sent this node so far has been applied.
	 */
	void awaitInvalidations() {
		nearCache().awaitInvalidations();
	}

	@Override
	public void close() {
		this.repository.destroy();
		this.connections.close();
	}

}
