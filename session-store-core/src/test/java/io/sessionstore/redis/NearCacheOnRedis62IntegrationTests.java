package io.sessionstore.redis;

import io.sessionstore.testsupport.Redis62;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The near cache between two nodes on Redis 6.2, the oldest supported server, whose
 * tracking of keys read inside a script and whose invalidation messages differ in code
 * from newer servers'.
 */
@WithRedis
class NearCacheOnRedis62IntegrationTests extends NearCacheIntegrationTests {

	NearCacheOnRedis62IntegrationTests(@Redis62 RedisServer server) {
		super(server);
	}

}
