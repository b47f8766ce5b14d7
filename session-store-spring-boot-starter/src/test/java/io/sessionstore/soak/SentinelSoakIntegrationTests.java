package io.sessionstore.soak;

import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The soak through Redis Sentinel: a master, its replica and three Sentinels.
 */
@SpringBootTest(classes = SoakApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.session.cookie.name=sid")
class SentinelSoakIntegrationTests extends SoakContract {

	private static final RedisSentinelSet sentinels = RedisServers.startSentinelSet();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.sentinel.master", sentinels::masterName);
		registry.add("spring.data.redis.sentinel.nodes", () -> String.join(",", sentinels.sentinelAddresses()));
	}

	@AfterAll
	static void stopSentinels() {
		sentinels.close();
	}

	@Override
	String topology() {
		return "Sentinel (a master, its replica, three Sentinels)";
	}

}
