package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The starter's application while its Redis server is stopped: requests that need their
 * session are answered 503 with Retry-After within the command timeout, and service
 * resumes by itself when Redis is back.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.session.cookie.name=sid", "session-store.retry-after=7s",
				"spring.security.user.name=andrew", "spring.security.user.password=secret" })
class SessionStoreStarterRedisDownIntegrationTests {

	private static final RedisServer redis = RedisServers.startDedicated();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void requestsThatNeedTheirSessionAreAnswered503WithRetryAfterAndServiceResumesByItself() {
		Browser browser = new Browser(this.port, "sid");
		assertThat(browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello")).statusCode())
			.isEqualTo(200);

		redis.stop();
		HttpResponse<String> unavailable = assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> browser.get("/public/attribute?name=greeting"));
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("7");

		redis.start();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "again"))
				.statusCode() == 200);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("again");
	}

}
