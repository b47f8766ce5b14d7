package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The reactive repository contract for the Redis user that has only the commands and
 * keys the store needs, as SECURITY.md lists them: the reactive repository needs no
 * other command than the Servlet one.
 */
@WithRedis
class ReactiveRedisHashSessionRepositoryWithLeastPrivilegeIntegrationTests
		extends ReactiveRedisHashSessionRepositoryContract {

	ReactiveRedisHashSessionRepositoryWithLeastPrivilegeIntegrationTests(RedisServer server) {
		super(server, RedisHashSessionRepositoryWithLeastPrivilegeIntegrationTests::connectAsLeastPrivilegedUser);
	}

}
