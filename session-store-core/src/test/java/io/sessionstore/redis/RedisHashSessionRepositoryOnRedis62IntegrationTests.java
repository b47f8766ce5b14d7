package io.sessionstore.redis;

import io.sessionstore.testsupport.Redis62;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The repository contract on Redis 6.2, the oldest supported server.
 */
@WithRedis
class RedisHashSessionRepositoryOnRedis62IntegrationTests extends RedisHashSessionRepositoryContract {

	RedisHashSessionRepositoryOnRedis62IntegrationTests(@Redis62 RedisServer server) {
		super(server);
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
	}

}
