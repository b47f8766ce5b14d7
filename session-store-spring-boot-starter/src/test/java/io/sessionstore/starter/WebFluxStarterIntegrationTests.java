package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.webflux.WebFluxTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application with only the starter, Spring Security and properties, exercised
 * over HTTP against a running server and a real Redis server. Only the cookie's name is
 * set, the case where Spring Boot 4.1.0's own cookie would have no SameSite.
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "server.reactive.session.cookie.name=sid",
				"spring.session.timeout=7m", "session-store.max-session-size=16KB",
				"spring.security.user.name=andrew", "spring.security.user.password=secret",
				"management.endpoints.web.exposure.include=sessions" })
class WebFluxStarterIntegrationTests {

	private static final RedisServer redis = RedisServers.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private ReactiveSessionRepository<?> sessionRepository;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@Test
	void theSessionRepositoryIsSessionStores() {
		assertThat(this.sessionRepository).isInstanceOf(ReactiveRedisHashSessionRepository.class);
	}

	@Test
	void sessionCookieIsNamedByServerReactiveSessionCookieNameCarriesTheRawIdAndIsHttpOnlyAndSameSiteLax() {
		Browser browser = browser();
		HttpResponse<String> response = browser.post("/public/attribute?name=greeting&value=hello");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(browser.sessionCookieHeader(response)).hasValueSatisfying((cookie) -> assertThat(cookie)
			.startsWith("sid=" + response.body() + ";")
			.containsIgnoringCase("; HttpOnly")
			.contains("; SameSite=Lax")
			.contains("; Path=/"));
		assertThat(browser.sessionId()).matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void sessionIsAReadableHashWhoseTtlIsSpringSessionTimeout() {
		Browser browser = browser();
		String id = browser.post("/public/attribute?name=greeting&value=hello").body();

		assertThat(redis.command("HGET", "session:" + id, "greeting")).isEqualTo("hello");
		assertThat(redis.command("HGET", "session:" + id, "session_ttl")).isEqualTo("420");
		assertThat(Long.parseLong(redis.command("TTL", "session:" + id))).isBetween(400L, 420L);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void logInChangesTheSessionIdKeepingItsDataAndTheSessionIsReadBack() {
		Browser browser = browser();
		String anonymousId = browser.post("/public/attribute?name=greeting&value=hello").body();

		HttpResponse<String> login = browser.logIn("andrew", "secret");

		assertThat(login.statusCode()).isEqualTo(302);
		String id = browser.sessionId();
		assertThat(id).isNotEqualTo(anonymousId).matches("[A-Za-z0-9_-]{43}");
		assertThat(redis.command("EXISTS", "session:" + anonymousId)).isEqualTo("0");
		assertThat(redis.command("HGET", "session:" + id, "principal_name")).isEqualTo("andrew");
		assertThat(browser.get("/me").body()).isEqualTo("andrew");
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void actuatorSessionsEndpointListsTheSessionsOfAUser() {
		Browser browser = browser();
		assertThat(browser.logIn("andrew", "secret").statusCode()).isEqualTo(302);

		HttpResponse<String> sessions = browser().get("/actuator/sessions?username=andrew");

		assertThat(sessions.statusCode()).isEqualTo(200);
		assertThat(sessions.body()).contains("\"id\":\"" + browser.sessionId() + "\"");
		assertThat(browser().get("/actuator/sessions?username=nobody").body()).isEqualTo("{\"sessions\":[]}");
	}

	@Test
	void actuatorSessionOfAnotherUserIsReadWithoutExtendingIt() {
		Browser user = browser();
		assertThat(user.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		String id = user.sessionId();
		redis.command("EXPIRE", "session:" + id, "300");
		String lastAccessedAt = redis.command("HGET", "session:" + id, "last_accessed_at");
		Browser administrator = browser();
		administrator.post("/public/attribute?name=role&value=administrator");

		HttpResponse<String> session = administrator.get("/actuator/sessions/" + id);

		assertThat(session.statusCode()).isEqualTo(200);
		assertThat(session.body()).contains("\"id\":\"" + id + "\"");
		assertThat(Long.parseLong(redis.command("TTL", "session:" + id))).isBetween(290L, 300L);
		assertThat(redis.command("HGET", "session:" + id, "last_accessed_at")).isEqualTo(lastAccessedAt);
	}

	@Test
	void wrongPasswordIsNoLoginAndKeepsTheSession() {
		Browser browser = browser();
		String id = browser.post("/public/attribute?name=greeting&value=hello").body();

		HttpResponse<String> login = browser.logIn("andrew", "wrong");

		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.endsWith("/login?error"));
		assertThat(browser.sessionId()).isEqualTo(id);
		assertThat(browser.get("/me").statusCode()).isEqualTo(302);
	}

	@Test
	void logoutDeletesTheSession() {
		Browser browser = browser();
		browser.logIn("andrew", "secret");
		String id = browser.sessionId();
		assertThat(browser.get("/me").body()).isEqualTo("andrew");

		HttpResponse<String> logout = browser.post("/logout");

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(redis.command("EXISTS", "session:" + id)).isEqualTo("0");
		assertThat(browser.get("/me").statusCode()).isEqualTo(302);
	}

	@Test
	void changeSessionIdRotatesTheIdKeepingDataAndTheOldIdStopsResolving() {
		Browser browser = browser();
		String oldId = browser.post("/public/attribute?name=greeting&value=hello").body();

		String newId = browser.post("/public/rotate").body();

		assertThat(newId).isNotEqualTo(oldId);
		assertThat(browser.sessionId()).isEqualTo(newId);
		assertThat(redis.command("EXISTS", "session:" + oldId)).isEqualTo("0");
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
		assertThat(browser.withCookieValue(oldId).get("/public/attribute?name=greeting").body())
			.isEqualTo("no session");
	}

	@Test
	void cookieWithTheBase64FormOfTheIdNamesTheSameSession() {
		Browser browser = browser();
		String id = browser.post("/public/attribute?name=greeting&value=hello").body();

		Browser servletStyle = browser
			.withCookieValue(Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII)));

		assertThat(servletStyle.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void malformedOrUnknownCookieIsNoSessionNeverAServerErrorAndIsNotAdopted() {
		for (String value : new String[] { "%%%not-base64", "../../etc:passwd", "session:*", "{x}",
				Base64.getEncoder().encodeToString("../../etc:passwd".getBytes(StandardCharsets.US_ASCII)),
				"a".repeat(43), "x".repeat(4000) }) {
			Browser browser = browser().withCookieValue(value);
			HttpResponse<String> read = browser.get("/public/attribute?name=greeting");
			assertThat(read.statusCode()).as(value).isEqualTo(200);
			assertThat(read.body()).as(value).isEqualTo("no session");

			String id = browser.post("/public/attribute?name=greeting&value=hello").body();
			assertThat(id).as(value).isNotEqualTo(value).matches("[A-Za-z0-9_-]{43}");
			assertThat(browser.sessionId()).isEqualTo(id);
		}
	}

	@Test
	void attributeThatWouldExceedTheMaximumSessionSizeIsRefusedWith413AndNothingOfItIsWritten() {
		Browser browser = browser();
		String id = browser.post("/public/attribute?name=greeting&value=hello").body();

		HttpResponse<String> refused = browser.post("/public/filler?size=20000");

		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(redis.command("HGET", "session:" + id, "greeting")).isEqualTo("hello");
		assertThat(redis.command("HEXISTS", "session:" + id, "filler")).isEqualTo("0");
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	private Browser browser() {
		return new Browser(this.port, "sid");
	}

}
