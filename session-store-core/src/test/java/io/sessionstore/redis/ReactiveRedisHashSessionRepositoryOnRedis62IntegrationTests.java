package io.sessionstore.redis;

import io.sessionstore.testsupport.Redis62;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract on Redis 6.2, the oldest supported server.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryOnRedis62IntegrationTests extends ReactiveRedisHashSessionRepositoryContract {

	ReactiveRedisHashSessionRepositoryOnRedis62IntegrationTests(@Redis62 RedisServer server) {
		super(server);
	}

}
