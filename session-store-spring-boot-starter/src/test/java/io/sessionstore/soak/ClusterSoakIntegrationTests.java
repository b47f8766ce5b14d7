package io.sessionstore.soak;

import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The soak on a Redis Cluster of three masters.
 */
@SpringBootTest(classes = SoakApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.session.cookie.name=sid")
class ClusterSoakIntegrationTests extends SoakContract {

	private static final RedisCluster cluster = RedisServers.startCluster();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.cluster.nodes", () -> String.join(",", cluster.nodeAddresses()));
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Override
	String topology() {
		return "a three-master Cluster";
	}

}
