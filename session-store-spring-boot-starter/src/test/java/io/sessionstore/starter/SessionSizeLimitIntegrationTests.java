package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.util.Map;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attributes at the limits, over HTTP: a value that would make the session larger than
 * {@code session-store.max-session-size} is refused with 413 and nothing of it is
 * written; very long attribute names and values under the limit round-trip.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.session.cookie.name=sid", "session-store.max-session-size=16KB",
				"spring.security.user.name=andrew", "spring.security.user.password=secret" })
class SessionSizeLimitIntegrationTests {

	private static final RedisServer redis = RedisServers.shared();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@Test
	void valueThatWouldExceedTheMaximumSessionSizeIsRefusedAndNothingOfItIsWritten() {
		Browser browser = new Browser(this.port, "sid");
		assertThat(browser.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello")).statusCode())
			.isEqualTo(200);

		HttpResponse<String> refused = browser.postForm("/public/attribute",
				Map.of("name", "greeting", "value", "x".repeat(20_000)));

		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(redis.command("HGET", "session:" + browser.sessionId(), "greeting")).isEqualTo("hello");
		assertThat(browser.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void longAttributeNamesAndValuesUnderTheLimitRoundTrip() {
		Browser browser = new Browser(this.port, "sid");
		String name = "n".repeat(2_000) + ":{*}";
		String value = "v".repeat(10_000);

		assertThat(browser.postForm("/public/attribute", Map.of("name", name, "value", value)).statusCode())
			.isEqualTo(200);

		assertThat(redis.command("HGET", "session:" + browser.sessionId(), name)).isEqualTo(value);
		assertThat(browser.get("/public/attribute?name=" + name.replace("{", "%7B").replace("}", "%7D")
			.replace("*", "%2A").replace(":", "%3A")).body()).isEqualTo(value);
	}

}
