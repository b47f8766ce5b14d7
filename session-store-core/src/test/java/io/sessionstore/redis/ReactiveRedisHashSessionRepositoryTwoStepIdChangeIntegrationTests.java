package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract on one server told not to use multi-key scripts, as
 * behind a proxy that refuses them: an ID change takes the session out of its old key
 * before writing the new one, and the principal index is kept from the client.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryTwoStepIdChangeIntegrationTests
		extends ReactiveRedisHashSessionRepositoryContract {

	ReactiveRedisHashSessionRepositoryTwoStepIdChangeIntegrationTests(RedisServer server) {
		super(server);
	}

	@Override
	void configure(ReactiveRedisHashSessionRepository repository) {
		repository.setMultiKeyScripts(false);
	}

	@Override
	int commandsOfAnIdChange() {
		return 2;
	}

}
