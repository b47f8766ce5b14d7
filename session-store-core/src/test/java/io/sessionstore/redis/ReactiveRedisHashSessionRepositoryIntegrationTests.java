package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract on the newest Redis server available.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryIntegrationTests extends ReactiveRedisHashSessionRepositoryContract {

	ReactiveRedisHashSessionRepositoryIntegrationTests(RedisServer server) {
		super(server);
	}

}
