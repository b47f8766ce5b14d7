package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Finds out whether a connection factory connects to a Redis Cluster, by the type of the
 * connection it gives, whatever the client library behind it. Nothing is asked until the
 * answer is first needed; once known, it is kept. While Redis cannot be reached, the
 * question fails with {@link SessionStoreUnavailableException} and is asked again next
 * time.
 */
final class ClusterDetection {

	private final RedisConnectionFactory connectionFactory;

	private volatile @Nullable Boolean cluster;

	ClusterDetection(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	boolean isCluster() {
		Boolean cluster = this.cluster;
		if (cluster == null) {
			cluster = connectsToCluster();
			this.cluster = cluster;
		}
		return cluster;
	}

	private boolean connectsToCluster() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection instanceof RedisClusterConnection;
		}
		catch (DataAccessResourceFailureException | QueryTimeoutException ex) {
			throw new SessionStoreUnavailableException(
					"Redis is unavailable while finding out whether it runs as a cluster", ex);
		}
	}

}
