package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract through Redis Sentinel: the repository's connection
 * factory knows only the Sentinels and the master's name; assertions read the master
 * directly. A Sentinel-managed master is not taken for a cluster, so an ID change stays
 * one script.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryOnSentinelIntegrationTests extends ReactiveRedisHashSessionRepositoryContract {

	ReactiveRedisHashSessionRepositoryOnSentinelIntegrationTests(RedisSentinelSet sentinels) {
		super(sentinels.master(), (master) -> TestRedisConnections.throughSentinels(sentinels));
	}

}
