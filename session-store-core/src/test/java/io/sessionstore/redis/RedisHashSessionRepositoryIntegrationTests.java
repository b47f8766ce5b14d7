package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The repository contract on the newest Redis server available.
 */
@WithRedis
class RedisHashSessionRepositoryIntegrationTests extends RedisHashSessionRepositoryContract {

	RedisHashSessionRepositoryIntegrationTests(RedisServer server) {
		super(server);
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
	}

}
