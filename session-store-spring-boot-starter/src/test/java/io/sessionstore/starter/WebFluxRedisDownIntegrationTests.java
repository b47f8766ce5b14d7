package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.webflux.WebFluxTestApplication;
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
 * The starter's WebFlux application while its Redis server, which keeps an append-only
 * file, is stopped: exchanges that need their session are answered 503 with Retry-After
 * within the command timeout, and service resumes by itself, with the sessions Redis had,
 * when it is back.
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "server.reactive.session.cookie.name=sid",
				"session-store.retry-after=7s", "session-store.redis.command-timeout=2s",
				"spring.security.user.name=andrew", "spring.security.user.password=secret" })
class WebFluxRedisDownIntegrationTests {

	private static final RedisServer redis = RedisServers.startDedicated("--appendonly", "yes");

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
	void exchangesThatNeedTheirSessionAreAnswered503WithRetryAfterAndServiceResumesByItself() {
		Browser browser = new Browser(this.port, "sid");
		assertThat(browser.post("/public/attribute?name=greeting&value=hello").statusCode()).isEqualTo(200);

		redis.stop();
		try {
			HttpResponse<String> read = assertTimeoutPreemptively(Duration.ofSeconds(5),
					() -> browser.get("/public/attribute?name=greeting"));
			assertThat(read.statusCode()).isEqualTo(503);
			assertThat(read.headers().firstValue("Retry-After")).hasValue("7");
			HttpResponse<String> create = assertTimeoutPreemptively(Duration.ofSeconds(5),
					() -> new Browser(this.port, "sid").post("/public/attribute?name=greeting&value=hello"));
			assertThat(create.statusCode()).isEqualTo(503);
			assertThat(create.headers().firstValue("Retry-After")).hasValue("7");
		}
		finally {
			redis.start();
		}

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> browser.get("/public/attribute?name=greeting").statusCode() == 200);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
		assertThat(browser.post("/public/attribute?name=greeting&value=again").statusCode()).isEqualTo(200);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("again");
	}

}
