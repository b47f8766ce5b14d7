package io.sessionstore.starter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
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

/**
 * Hostile session cookies sent over HTTP to a real server, through the whole filter
 * chain (Spring Security, the lookup filter, Spring Session's filter) onto a real Redis:
 * none is answered with a server error, none costs a Redis command unless it carries an
 * ID of the generated form, none is adopted as a session ID, and none writes or deletes
 * a key.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.session.cookie.name=sid", "spring.security.user.name=andrew",
				"spring.security.user.password=secret" })
class CookieFuzzingIntegrationTests {

	private static final RedisServer redis = RedisServers.startDedicated();

	private static final Pattern GENERATED_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final String PRINTABLE = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
			+ "abcdefghijklmnopqrstuvwxyz{|}~";

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Random random = new Random(20261201);

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
	void hostileCookiesAreNeverAServerErrorNeverAdoptedAndCostNothingUnlessWellFormed() throws Exception {
		String existing = sessionOfAUser();
		assertThat(get("/public/attribute?name=greeting", "sid=" + base64(existing)).body()).isEqualTo("hello");
		Set<String> keysBefore = keys();
		List<String> cookieHeaders = hostileCookieHeaders();
		List<HttpResponse<String>> responses = new ArrayList<>();

		List<MonitoredCommand> commands;
		try (RedisMonitor monitor = RedisMonitor.attach(redis)) {
			commands = RedisMonitor.clientCommands(monitor.record(() -> {
				for (String header : cookieHeaders) {
					responses.add(get("/public/attribute?name=greeting", header));
				}
			}));
		}

		assertThat(cookieHeaders).hasSizeGreaterThanOrEqualTo(1000);
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.statusCode()).as(response.request().headers().toString()).isLessThan(500);
			if (response.statusCode() == 200) {
				assertThat(response.body()).isEqualTo("no session");
			}
			assertThat(response.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("sid=")
					&& !cookie.startsWith("sid=;"));
		});
		Set<String> wellFormed = new HashSet<>();
		int lookups = 0;
		for (String header : cookieHeaders) {
			Set<String> carried = wellFormedIds(header);
			wellFormed.addAll(carried);
			lookups += carried.size();
		}
		assertThat(commands).allSatisfy((command) -> {
			assertThat(command.name()).isEqualTo("EVALSHA");
			assertThat(command.args()).anyMatch((arg) -> arg.startsWith("session:")
					&& wellFormed.contains(arg.substring("session:".length())));
		});
		assertThat(commands).hasSize(lookups);
		assertThat(lookups).isPositive();
		assertThat(keys()).isEqualTo(keysBefore).contains("session:" + existing);
	}

	@Test
	void hostileCookieOnARequestThatCreatesASessionGetsAFreshId() throws Exception {
		for (String header : hostileCookieHeaders().subList(0, 200)) {
			HttpResponse<String> response = post("/public/attribute?name=greeting&value=hello", header);
			if (response.statusCode() == 200) {
				String id = response.body();
				assertThat(id).matches(GENERATED_ID).satisfies((fresh) -> assertThat(header).doesNotContain(fresh)
					.doesNotContain(base64(fresh)));
			}
			else {
				assertThat(response.statusCode()).isEqualTo(400);
			}
		}
	}

	private List<String> hostileCookieHeaders() {
		List<String> values = new ArrayList<>(List.of("", " ", "\"\"", "\"quoted\"", ":", "*", "{", "}", "{slot}x",
				"session:index:*", "session:*", "KEYS *", "FLUSHALL", "EVAL \"return 1\" 0",
				"'; redis.call('FLUSHALL') --", "return redis.call('DEL', KEYS[1])", "\\x00", "%00", "%2e%2e%2f",
				"../../etc/passwd", "null", "undefined", "NaN", "-1", "0", "a".repeat(16), "a".repeat(42),
				"a".repeat(44), "a".repeat(128), "x".repeat(4000), "x".repeat(9000), "=", "==", "sid", "sid=sid",
				"%%%not-base64", "////", "____", "----", "\t", "a;b", "a,b", "\\", "${jndi:ldap://x}",
				"<script>alert(1)</script>"));
		for (String value : List.copyOf(values)) {
			values.add(base64(value));
		}
		for (int i = 0; i < 350; i++) {
			values.add(randomText(PRINTABLE, this.random.nextInt(200)));
		}
		for (int i = 0; i < 200; i++) {
			byte[] bytes = new byte[this.random.nextInt(96)];
			this.random.nextBytes(bytes);
			values.add(Base64.getEncoder().encodeToString(bytes));
		}
		for (int i = 0; i < 100; i++) {
			StringBuilder encoded = new StringBuilder();
			for (byte b : randomText(PRINTABLE, 1 + this.random.nextInt(60)).getBytes(StandardCharsets.US_ASCII)) {
				encoded.append('%').append(String.format("%02X", b));
			}
			values.add(encoded.toString());
		}
		for (int i = 0; i < 100; i++) {
			values.add(base64(randomText(BASE64URL, 43)));
		}
		for (int i = 0; i < 100; i++) {
			values.add(base64(randomText(BASE64URL, 16 + this.random.nextInt(113))));
		}
		List<String> headers = new ArrayList<>();
		for (String value : values) {
			headers.add("sid=" + value);
		}
		for (int i = 0; i < 100; i++) {
			headers.add("sid=" + values.get(this.random.nextInt(values.size())) + "; sid="
					+ values.get(this.random.nextInt(values.size())));
		}
		return headers;
	}

	private static Set<String> wellFormedIds(String cookieHeader) {
		Set<String> ids = new HashSet<>();
		for (String cookie : cookieHeader.split(";")) {
			String value = cookie.trim().startsWith("sid=") ? cookie.trim().substring(4) : "";
			String decoded = base64Decoded(value);
			if (GENERATED_ID.matcher(value).matches()) {
				ids.add(value);
			}
			else if (GENERATED_ID.matcher(decoded).matches()) {
				ids.add(decoded);
			}
		}
		return ids;
	}

	private String sessionOfAUser() throws Exception {
		HttpResponse<String> created = post("/public/attribute?name=greeting&value=hello", null);
		assertThat(created.statusCode()).isEqualTo(200);
		return created.body();
	}

	private Set<String> keys() {
		return new HashSet<>(List.of(redis.command("KEYS", "*").split("\n")));
	}

	private HttpResponse<String> get(String path, String cookieHeader) throws IOException, InterruptedException {
		return send(request(path, cookieHeader).GET());
	}

	private HttpResponse<String> post(String path, String cookieHeader) throws IOException, InterruptedException {
		return send(request(path, cookieHeader).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String path, String cookieHeader) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
		if (cookieHeader != null) {
			builder.header("Cookie", cookieHeader);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String randomText(String alphabet, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private static String base64Decoded(String value) {
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
