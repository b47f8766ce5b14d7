package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.SessionRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A Boot application with only the starter and properties, exercised over HTTP against a
 * real Redis server.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.session.cookie.name=sid", "spring.session.timeout=7m",
				"spring.security.user.name=andrew", "spring.security.user.password=secret",
				"management.endpoints.web.exposure.include=sessions" })
@ExtendWith(OutputCaptureExtension.class)
class SessionStoreStarterIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private SessionRepository<?> sessionRepository;

	@Autowired
	private MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisServer server = RedisServers.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
	}

	@Test
	void theSessionRepositoryIsSessionStores() {
		assertThat(this.sessionRepository).isInstanceOf(RedisHashSessionRepository.class);
	}

	@Test
	void sessionCookieIsNamedByServerServletSessionCookieNameAndIsHttpOnlyAndSameSiteLax() {
		Browser browser = browser();
		HttpResponse<String> response = browser.postForm("/public/attribute", Map.of("name", "greeting",
				"value", "hello"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(browser.sessionCookieHeader(response)).hasValueSatisfying((cookie) -> assertThat(cookie)
			.startsWith("sid=")
			.contains("; HttpOnly")
			.contains("; SameSite=Lax")
			.contains("; Path=/"));
		assertThat(browser.sessionId()).isEqualTo(response.body());
	}

	@Test
	void cookieCarriesTheRawSessionIdAndACookieWithItsBase64FormStillNamesTheSession() {
		Browser browser = browser();
		String id = browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello")).body();
		assertThat(browser.sessionId()).isEqualTo(id).matches("[A-Za-z0-9_-]{43}");

		Browser issuedBeforeRawIds = browser
			.withCookieValue(Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII)));
		HttpResponse<String> response = issuedBeforeRawIds.get("/public/attribute?name=greeting");

		assertThat(response.body()).isEqualTo("hello");
		assertThat(issuedBeforeRawIds.sessionCookieHeader(response)).isEmpty();
	}

	@Test
	void sessionIsAReadableHashWhoseTtlIsSpringSessionTimeout() {
		Browser browser = browser();
		String id = browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello"))
			.body();
		String key = "session:" + id;
		assertThat(this.redis.<String, String>opsForHash().get(key, "greeting")).isEqualTo("hello");
		assertThat(this.redis.<String, String>opsForHash().get(key, "session_ttl")).isEqualTo("420");
		assertThat(this.redis.getExpire(key)).isBetween(400L, 420L);
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void changeSessionIdRotatesTheIdKeepingDataAndTheOldIdStopsResolving() {
		Browser browser = browser();
		String oldId = browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello"))
			.body();
		Browser stale = browser();
		stale.postForm("/public/attribute", Map.of("name", "unused", "value", "x"));
		HttpResponse<String> rotated = browser.post("/public/rotate");
		String newId = rotated.body();
		assertThat(newId).isNotEqualTo(oldId);
		assertThat(browser.sessionId()).isEqualTo(newId);
		assertThat(this.redis.hasKey("session:" + oldId)).isFalse();
		assertThat(this.redis.<String, String>opsForHash().get("session:" + newId, "greeting")).isEqualTo("hello");
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void actuatorSessionsEndpointListsTheSessionsOfAUser() {
		Browser browser = browser();
		assertThat(browser.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		String id = browser.sessionId();
		assertThat(this.redis.<String, String>opsForHash().get("session:" + id, "principal_name")).isEqualTo("andrew");
		HttpResponse<String> sessions = browser().get("/actuator/sessions?username=andrew");
		assertThat(sessions.statusCode()).isEqualTo(200);
		assertThat(sessions.body()).contains("\"id\":\"" + id + "\"");
		assertThat(browser().get("/actuator/sessions?username=nobody").body()).isEqualTo("{\"sessions\":[]}");
	}

	@Test
	void maximumSessionsOfOneExpiresTheOlderLogin() {
		Browser first = browser();
		assertThat(first.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		assertThat(first.get("/me").body()).isEqualTo("andrew");
		Browser second = browser();
		assertThat(second.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		assertThat(second.get("/me").body()).isEqualTo("andrew");
		HttpResponse<String> expired = first.get("/me");
		assertThat(expired.body()).contains("This session has been expired");
		assertThat(first.get("/me").statusCode()).isNotEqualTo(200);
		assertThat(second.get("/me").body()).isEqualTo("andrew");
	}

	@Test
	void metricsCountCreatedSessions() {
		double before = this.meterRegistry.get("sessionstore.sessions.created").functionCounter().count();
		browser().postForm("/public/attribute", Map.of("name", "greeting", "value", "hello"));
		assertThat(this.meterRegistry.get("sessionstore.sessions.created").functionCounter().count())
			.isEqualTo(before + 1);
	}

	@Test
	void loadsAndSavesThatReachRedisAreTimed() {
		long loadsBefore = timerCount("sessionstore.load");
		long savesBefore = timerCount("sessionstore.save");
		Browser browser = browser();
		browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello"));
		browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "again"));

		assertThat(timerCount("sessionstore.save")).isEqualTo(savesBefore + 2);
		assertThat(timerCount("sessionstore.load")).isEqualTo(loadsBefore + 1);
	}

	private long timerCount(String name) {
		Timer timer = this.meterRegistry.find(name).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void invalidPropertyStopsStartupWithAReportSayingWhatToChange(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(StarterTestApplication.class)
			.properties("server.port=0", "session-store.max-session-size=-1MB",
					"spring.data.redis.port=" + RedisServers.shared().port());
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '-1MB' for configuration property 'session-store.max-session-size'")
			.contains("The maximum session size must not be negative; set a size such as '512KB', "
					+ "or remove the property for no limit");
	}

	private Browser browser() {
		return new Browser(this.port, "sid");
	}

}
