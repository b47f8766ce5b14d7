package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract on a Redis Cluster of three masters, through a
 * cluster-aware Lettuce connection factory, without telling the repository that it is a
 * cluster: an ID change takes the session out of its old key before writing the new one.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryOnClusterIntegrationTests extends ReactiveRedisHashSessionRepositoryContract {

	ReactiveRedisHashSessionRepositoryOnClusterIntegrationTests(RedisCluster cluster) {
		super(cluster.masters().get(0), (node) -> TestRedisConnections.toCluster(cluster));
	}

	@Override
	int commandsOfAnIdChange() {
		return 2;
	}

}
