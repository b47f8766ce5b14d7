package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The repository contract without multi-key scripts, as on a Redis Cluster: an ID change
 * takes the old session out and then writes the new one, and the principal index is kept
 * by separate commands.
 */
@WithRedis
class RedisHashSessionRepositoryTwoStepIdChangeIntegrationTests extends RedisHashSessionRepositoryContract {

	RedisHashSessionRepositoryTwoStepIdChangeIntegrationTests(RedisServer server) {
		super(server);
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
		repository.setMultiKeyScripts(false);
	}

}
