package io.sessionstore.soak;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The soak on one Redis server.
 */
@SpringBootTest(classes = SoakApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.session.cookie.name=sid")
class StandaloneSoakIntegrationTests extends SoakContract {

	private static final RedisServer redis = RedisServers.startDedicated();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Override
	String topology() {
		return "one server";
	}

}
