package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Finds out whether a reactive connection factory connects to a Redis Cluster, by the
 * type of the connection it gives, without blocking. Nothing is asked until the answer
 * is first needed; once known, it is kept. While Redis cannot be reached, the question
 * fails with {@link SessionStoreUnavailableException} and is asked again next time.
 */
final class ReactiveClusterDetection {

	private final ReactiveRedisConnectionFactory connectionFactory;

	private volatile @Nullable Boolean cluster;

	ReactiveClusterDetection(ReactiveRedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	Mono<Boolean> isCluster() {
		Boolean cluster = this.cluster;
		if (cluster != null) {
			return Mono.just(cluster);
		}
		return Mono
			.usingWhen(Mono.fromSupplier(this.connectionFactory::getReactiveConnection),
					(connection) -> Mono.just(connection instanceof ReactiveRedisClusterConnection),
					ReactiveRedisConnection::closeLater)
			.onErrorMap((ex) -> RedisFailures.translate("finding out whether it runs as a cluster", ex))
			.doOnNext((found) -> this.cluster = found);
	}

}
