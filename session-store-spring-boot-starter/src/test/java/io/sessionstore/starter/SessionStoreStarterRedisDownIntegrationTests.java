package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
 * The starter's application while its Redis server, which keeps an append-only file, is
 * stopped: requests that need their session wait for Redis up to the command timeout, so
 * a restart shorter than that fails no request, and are answered 503 with Retry-After
 * after it; service resumes by itself when Redis is back, with the sessions it had.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.session.cookie.name=sid", "session-store.retry-after=7s",
				"session-store.redis.command-timeout=3s",
				"spring.security.user.name=andrew", "spring.security.user.password=secret" })
class SessionStoreStarterRedisDownIntegrationTests {

	private static final RedisServer redis = RedisServers.startDedicated("--appendonly", "yes");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@BeforeEach
	void startRedis() {
		redis.start();
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
		List<HttpResponse<String>> unavailable = assertTimeoutPreemptively(Duration.ofSeconds(6),
				() -> concurrently(20, () -> browser.get("/public/attribute?name=greeting")));
		assertThat(unavailable).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
		});

		redis.start();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "again"))
				.statusCode() == 200);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("again");
	}

	@Test
	void restartShorterThanTheCommandTimeoutFailsNoRequest() throws Exception {
		Browser browser = new Browser(this.port, "sid");
		assertThat(browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello")).statusCode())
			.isEqualTo(200);

		redis.stop();
		CompletableFuture<List<HttpResponse<String>>> duringRestart = CompletableFuture
			.supplyAsync(() -> concurrently(10, () -> browser.get("/public/attribute?name=greeting")));
		await().pollDelay(Duration.ofMillis(300)).until(() -> !duringRestart.isDone());
		redis.start();

		assertThat(duringRestart.get(10, TimeUnit.SECONDS)).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("hello");
		});
	}

	@Test
	void sessionsSurviveARestartOfRedisWithItsAppendOnlyFileWithoutRestartingTheApplication() {
		Browser browser = new Browser(this.port, "sid");
		browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "kept"));
		String sessionId = browser.sessionId();

		redis.stop();
		redis.start();

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> browser.get("/public/attribute?name=greeting").statusCode() == 200);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("kept");
		assertThat(browser.sessionId()).isEqualTo(sessionId);
	}

	@Test
	void userWhoseSessionRedisLostGetsANewSessionNotAnErrorPage() {
		Browser browser = new Browser(this.port, "sid");
		browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "lost"));
		String lostId = browser.sessionId();

		redis.command("FLUSHALL");

		HttpResponse<String> afterLoss = browser.get("/public/attribute?name=greeting");
		assertThat(afterLoss.statusCode()).isEqualTo(200);
		assertThat(afterLoss.body()).isEqualTo("no session");
		HttpResponse<String> fresh = browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "new"));
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(browser.sessionId()).isNotEqualTo(lostId);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("new");
	}

	private static List<HttpResponse<String>> concurrently(int count, Supplier<HttpResponse<String>> request) {
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				responses.add(CompletableFuture.supplyAsync(request, executor));
			}
			return responses.stream().map(CompletableFuture::join).toList();
		}
		finally {
			executor.shutdownNow();
		}
	}

}
