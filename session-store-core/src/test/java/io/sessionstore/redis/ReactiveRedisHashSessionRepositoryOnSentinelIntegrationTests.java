package io.sessionstore.redis;

import java.util.HashSet;

import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;

/**
 * The reactive repository contract through Redis Sentinel: the repository's connection
 * factory knows only the Sentinels and the master's name; assertions read the master
 * directly. A Sentinel-managed master is not taken for a cluster, so an ID change stays
 * one script.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryOnSentinelIntegrationTests extends ReactiveRedisHashSessionRepositoryContract {

	private final RedisSentinelSet sentinels;

	ReactiveRedisHashSessionRepositoryOnSentinelIntegrationTests(RedisSentinelSet sentinels) {
		super(sentinels.master());
		this.sentinels = sentinels;
	}

	@Override
	TestRedisConnections connect(RedisServer master) {
		return new TestRedisConnections(master, new RedisSentinelConfiguration(this.sentinels.masterName(),
				new HashSet<>(this.sentinels.sentinelAddresses())));
	}

}
