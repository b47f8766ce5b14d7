package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * What happens while Redis is down, on a server of the test's own that it stops and
 * starts again, to the Servlet and the reactive repository.
 */
class RedisUnavailableIntegrationTests {

	private RedisServer server;

	private TestRedisConnections connections;

	private RedisHashSessionRepository repository;

	@BeforeEach
	void startRedis() {
		this.server = RedisServers.startDedicated();
		this.connections = new TestRedisConnections(this.server);
		this.repository = new RedisHashSessionRepository(this.connections.connectionFactory());
	}

	@AfterEach
	void stopRedis() {
		this.connections.close();
		this.server.close();
	}

	@Test
	void loadFailsFastWithTheNamedExceptionAndServiceResumesByItself() {
		RedisHashSession session = this.repository.createSession();
		session.setAttribute("username", "andrew");
		this.repository.save(session);

		this.server.stop();

		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatExceptionOfType(SessionStoreUnavailableException.class)
					.isThrownBy(() -> this.repository.findById(session.getId()))
					.withMessageStartingWith("Redis is unavailable while loading a session"));
		this.server.start();
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(SessionStoreUnavailableException.class)
			.until(() -> this.repository.findById(session.getId()) == null);
	}

	@Test
	void reactiveLoadFailsFastWithTheNamedExceptionWithoutBlockingAndServiceResumesByItself() {
		ReactiveRedisHashSessionRepository reactive = new ReactiveRedisHashSessionRepository(
				(ReactiveRedisConnectionFactory) this.connections.connectionFactory());
		RedisHashSession session = reactive.createSession().block();
		session.setAttribute("username", "andrew");
		reactive.save(session).block();
		BlockingCalls.watch();

		this.server.stop();

		StepVerifier.create(reactive.findById(session.getId()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStoreUnavailableException.class)
				.hasMessageStartingWith("Redis is unavailable while loading a session"))
			.verify(Duration.ofSeconds(10));
		this.server.start();
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(SessionStoreUnavailableException.class)
			.until(() -> reactive.findById(session.getId()).blockOptional().isEmpty());
		assertThat(BlockingCalls.detected()).as("blocking calls on non-blocking threads").isEmpty();
	}

	@Test
	void requestThatNeedsItsSessionIsAnsweredWith503AndRetryAfter() throws Exception {
		MockMvc mvc = MockMvcBuilders
			.standaloneSetup(new SessionRepositoryFilterIntegrationTests.SessionController(this.repository))
			.addFilters(new SessionLookupCacheFilter(this.repository), new SessionRepositoryFilter<>(this.repository))
			.build();
		String id = this.repository.createSession().getId();
		Cookie cookie = new Cookie("SESSION", Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));

		this.server.stop();
		MvcResult result = mvc.perform(get("/read").cookie(cookie)).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("5");
	}

}
