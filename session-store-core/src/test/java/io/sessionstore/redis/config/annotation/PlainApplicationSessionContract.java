package io.sessionstore.redis.config.annotation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a Spring application without Spring Boot gets from one of the annotations, over
 * HTTP against a real Redis, whatever its web stack. The application under test is
 * configured with the annotation, an idle timeout of {@code ${test.timeout}} (45
 * minutes), the namespace {@code ${test.namespace}}, a {@code Retry-After} of 7 seconds
 * and a customizer bean that sets a maximum session size of 4096 bytes; it answers:
 * <ul>
 * <li>{@code POST /create}: sets {@code username=andrew};</li>
 * <li>{@code GET /read}: the user name, or {@code no session};</li>
 * <li>{@code POST /rotate}: sets the principal name {@code andrew} and changes the
 * session ID, as a login does;</li>
 * <li>{@code POST /grow}: sets an attribute of 8 KiB;</li>
 * <li>{@code POST /logout}: invalidates the session;</li>
 * <li>{@code GET /sessions-of-andrew}: looks the principal's sessions up in the
 * repository.</li>
 * </ul>
 */
abstract class PlainApplicationSessionContract {

	final RedisServer server;

	final SessionsInRedis sessions;

	PlainApplicationSessionContract(RedisServer server) {
		this.server = server;
		this.sessions = new SessionsInRedis(server);
	}

	/**
	 * Start the application on the given Redis server.
	 * @return the driver of its HTTP requests
	 */
	abstract HttpDriver startApplication(RedisServer redis) throws Exception;

	/**
	 * Stop the application, if one was started.
	 */
	abstract void stopApplication() throws Exception;

	@AfterEach
	void stop() throws Exception {
		stopApplication();
	}

	@Test
	void sessionIsCreatedWithAnHttpOnlySameSiteLaxCookieOfTheRawIdAndReadBack() throws Exception {
		HttpDriver http = start();

		HttpDriver.Exchange created = http.post("/create", "");

		assertThat(created.status()).isEqualTo(200);
		assertThat(created.setCookie()).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/");
		String cookie = created.sessionCookie();
		assertThat(cookie).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.sessions.hash(cookie)).containsEntry("username", "andrew");
		assertThat(http.get("/read", cookie).body()).isEqualTo("andrew");
	}

	@Test
	void cookieWithTheBase64FormOfTheIdIsStillRead() throws Exception {
		HttpDriver http = start();
		String cookie = http.post("/create", "").sessionCookie();

		String base64 = Base64.getEncoder().encodeToString(cookie.getBytes(StandardCharsets.US_ASCII));

		assertThat(http.get("/read", base64).body()).isEqualTo("andrew");
	}

	@Test
	void readOnlyRequestOnAnExistingSessionSendsOneCommand() throws Exception {
		HttpDriver http = start();
		String cookie = http.post("/create", "").sessionCookie();
		http.get("/read", cookie);

		List<MonitoredCommand> commands = this.sessions
			.clientCommands(() -> assertThat(http.get("/read", cookie).body()).isEqualTo("andrew"));

		assertThat(commands).hasSize(1);
	}

	@Test
	void requestThatCreatesASessionSendsOneCommand() throws Exception {
		HttpDriver http = start();
		http.post("/create", "");
		String[] cookie = new String[1];

		List<MonitoredCommand> commands = this.sessions
			.clientCommands(() -> cookie[0] = http.post("/create", "").sessionCookie());

		assertThat(commands).hasSize(1);
		assertThat(this.sessions.hash(cookie[0])).containsEntry("username", "andrew");
	}

	@Test
	void requestThatChangesTheSessionIdSendsTwoCommands() throws Exception {
		HttpDriver http = start();
		http.post("/rotate", http.post("/create", "").sessionCookie());
		String cookie = http.post("/create", "").sessionCookie();

		List<MonitoredCommand> commands = this.sessions.clientCommands(() -> http.post("/rotate", cookie));

		assertThat(commands).hasSize(2);
	}

	@Test
	void requestThatInvalidatesTheSessionSendsAtMostTwoCommands() throws Exception {
		HttpDriver http = start();
		http.post("/logout", http.post("/create", "").sessionCookie());
		String cookie = http.post("/create", "").sessionCookie();

		List<MonitoredCommand> commands = this.sessions.clientCommands(() -> http.post("/logout", cookie));

		assertThat(commands).hasSizeBetween(1, 2);
		assertThat(this.sessions.exists(cookie)).isFalse();
	}

	@Test
	void changeOfSessionIdKeepsTheDataUnderTheNewIdOnly() throws Exception {
		HttpDriver http = start();
		String cookie = http.post("/create", "").sessionCookie();

		String rotated = http.post("/rotate", cookie).sessionCookie();

		assertThat(rotated).isNotEqualTo(cookie);
		assertThat(this.sessions.exists(cookie)).isFalse();
		assertThat(this.sessions.hash(rotated)).containsEntry("username", "andrew")
			.containsEntry("principal_name", "andrew");
		assertThat(http.get("/read", rotated).body()).isEqualTo("andrew");
		assertThat(http.get("/read", cookie).body()).isEqualTo("no session");
	}

	@Test
	void invalidatedSessionIsRemovedFromRedisAndItsCookieCleared() throws Exception {
		HttpDriver http = start();
		String cookie = http.post("/create", "").sessionCookie();

		HttpDriver.Exchange loggedOut = http.post("/logout", cookie);

		assertThat(loggedOut.setCookie()).startsWith("SESSION=;").contains("Max-Age=0");
		assertThat(this.sessions.exists(cookie)).isFalse();
		assertThat(http.get("/read", cookie).body()).isEqualTo("no session");
	}

	@Test
	void malformedCookiesSendNoCommand() throws Exception {
		HttpDriver http = start();
		String malformed = Base64.getEncoder().encodeToString("../../etc:passwd".getBytes(StandardCharsets.UTF_8));

		List<MonitoredCommand> commands = this.sessions.clientCommands(() -> {
			assertThat(http.get("/read", malformed).body()).isEqualTo("no session");
			assertThat(http.get("/read", "..%2F..%2Fetc:passwd").body()).isEqualTo("no session");
			assertThat(http.get("/read", "%%%not-base64").body()).isEqualTo("no session");
			assertThat(http.get("/read", "a".repeat(42)).body()).isEqualTo("no session");
		});

		assertThat(commands).isEmpty();
	}

	@Test
	void idleTimeoutAndNamespaceOfTheAnnotationShapeTheHash() throws Exception {
		HttpDriver http = start();

		String cookie = http.post("/create", "").sessionCookie();

		assertThat(this.sessions.hash(cookie)).containsEntry("session_ttl", "2700")
			.containsKeys("created_at", "last_accessed_at");
		assertThat(this.sessions.ttl(cookie)).isBetween(2690L, 2700L);
	}

	@Test
	void customizerBeansAreAppliedAfterTheAnnotation() throws Exception {
		HttpDriver http = start();
		String cookie = http.post("/create", "").sessionCookie();

		HttpDriver.Exchange tooLarge = http.post("/grow", cookie);

		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(this.sessions.hash(cookie)).doesNotContainKey("payload").containsEntry("username", "andrew");
	}

	@Test
	void unavailableRedisIsAnswered503WithRetryAfterAndServiceResumesByItself() throws Exception {
		try (RedisServer dedicated = RedisServers.startDedicated()) {
			HttpDriver http = startApplication(dedicated);
			String cookie = http.post("/create", "").sessionCookie();

			dedicated.stop();

			HttpDriver.Exchange read = http.get("/read", cookie);
			assertThat(read.status()).isEqualTo(503);
			assertThat(read.headers().get("Retry-After")).containsExactly("7");
			HttpDriver.Exchange lookup = http.get("/sessions-of-andrew", "");
			assertThat(lookup.status()).isEqualTo(503);
			assertThat(lookup.headers().get("Retry-After")).containsExactly("7");
			dedicated.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/read", cookie).status() == 200);
		}
	}

	HttpDriver start() throws Exception {
		return startApplication(this.server);
	}

}
