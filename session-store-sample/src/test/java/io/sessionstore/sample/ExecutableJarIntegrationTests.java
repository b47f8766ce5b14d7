package io.sessionstore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample started as a user starts it, with {@code java -jar}, where nothing
 * answers at the configured Redis address and no {@code redis-server} is on the
 * {@code PATH}, so that it must start the Redis binary shipped in embedded-redis from
 * inside the jar. The jar is the one failsafe names in the {@code sample.jar} system
 * property.
 */
class ExecutableJarIntegrationTests {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern OWN_REDIS = Pattern.compile(
			"started a Redis of its own \\(the Redis 6\\.2 binary shipped in embedded-redis\\) on 127\\.0\\.0\\.1:(\\d+)");

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private @Nullable Process application;

	private final List<ProcessHandle> redisProcesses = new ArrayList<>();

	@AfterEach
	void stopWhateverIsLeft() throws InterruptedException {
		if (this.application != null && this.application.isAlive()) {
			this.application.descendants().forEach(this.redisProcesses::add);
			stop(this.application);
		}
		this.redisProcesses.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void servesTheLoginPageOnARedisOfItsOwnAndStopsThatRedisWhenItExits(@TempDir Path workingDirectory)
			throws Exception {
		int serverPort = EmbeddedRedisFallback.freePort();
		int deadRedisPort = EmbeddedRedisFallback.freePort();
		Path log = workingDirectory.resolve("sample.log");
		ProcessBuilder builder = new ProcessBuilder(java().toString(), "-jar", jar().toString(),
				"--server.port=" + serverPort, "--spring.data.redis.port=" + deadRedisPort)
			.directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().remove("PATH");
		Process application = builder.start();
		this.application = application;

		HttpResponse<String> page = await().atMost(STARTUP_TIMEOUT)
			.failFast("The sample exited before it answered HTTP",
					() -> assertThat(application.isAlive()).as(() -> output(log)).isTrue())
			.ignoreExceptionsInstanceOf(ConnectException.class)
			.until(() -> get(serverPort), Objects::nonNull);

		assertThat(page.statusCode()).as(() -> output(log)).isEqualTo(200);
		assertThat(page.body()).contains("id=\"login-form\"");
		String cookie = page.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("sid="))
			.findFirst()
			.orElse("");
		assertThat(cookie).startsWith("sid=").contains("HttpOnly").contains("SameSite=Lax");
		Matcher ownRedis = OWN_REDIS.matcher(output(log));
		assertThat(ownRedis.find()).as(() -> output(log)).isTrue();
		int redisPort = Integer.parseInt(ownRedis.group(1));
		assertThat(output(log)).contains("Nothing answers at localhost:" + deadRedisPort);
		application.descendants()
			.filter((process) -> process.info().command().orElse("").contains("redis-server"))
			.forEach(this.redisProcesses::add);
		assertThat(this.redisProcesses).hasSize(1);
		Map<String, String> session = hash(redisPort, "session:" + sessionId(cookie));
		assertThat(session).containsKeys("created_at", "last_accessed_at", "session_ttl");
		assertThat(RedisVersions.of(redisPort)).startsWith("6.2.");

		application.destroy();

		assertThat(application.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("the sample stops on SIGTERM within %s", SHUTDOWN_TIMEOUT)
			.isTrue();
		await().until(() -> this.redisProcesses.stream().noneMatch(ProcessHandle::isAlive));
		assertThat(EmbeddedRedisFallback.answers("127.0.0.1", redisPort)).isFalse();
	}

	private HttpResponse<String> get(int port) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Path jar() {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("the packaged jar, named by failsafe in the sample.jar system property").isNotNull();
		Path path = Path.of(jar);
		assertThat(path).as("run the package phase first").isRegularFile();
		return path;
	}

	private static Path java() {
		return ProcessHandle.current()
			.info()
			.command()
			.map(Path::of)
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
	}

	private static String sessionId(String cookie) {
		return cookie.substring("sid=".length(), cookie.indexOf(';'));
	}

	private static Map<String, String> hash(int port, String key) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().hgetall(key);
		}
		finally {
			client.shutdown();
		}
	}

	private static String output(Path log) {
		try {
			return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

}
