package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract on a Redis Cluster of three masters, through a
 * cluster-aware Lettuce connection factory, without telling the repository that it is a
 * cluster.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryOnClusterIntegrationTests extends ReactiveRedisHashSessionRepositoryContract {

	private final RedisCluster cluster;

	ReactiveRedisHashSessionRepositoryOnClusterIntegrationTests(RedisCluster cluster) {
		super(cluster.masters().get(0));
		this.cluster = cluster;
	}

	@Override
	TestRedisConnections connect(RedisServer node) {
		return TestRedisConnections.toCluster(this.cluster);
	}

	@Override
	int commandsOfAnIdChange() {
		return 2;
	}

}
