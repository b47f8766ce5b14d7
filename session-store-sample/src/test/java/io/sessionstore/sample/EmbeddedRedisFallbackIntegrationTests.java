package io.sessionstore.sample;

import java.util.Map;

import io.sessionstore.sample.EmbeddedRedisFallback.SampleRedis;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's own Redis, started only when nothing answers at the configured address.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedRedisFallbackIntegrationTests {

	private @Nullable SampleRedis started;

	@AfterEach
	void stopStartedRedis() {
		if (this.started != null) {
			this.started.stop();
		}
	}

	@Test
	void startsRedisServerFromThePathWhenNothingAnswers(CapturedOutput output) {
		if (RedisServers.redisServerOnPath() == null) {
			throw new TestAbortedException("No redis-server on the PATH; install it with: apt-get install redis-server");
		}
		int deadPort = unusedPort();
		StandardEnvironment environment = environment(Map.of("spring.data.redis.port", deadPort));

		this.started = fallback(System.getenv("PATH")).startIfNothingAnswers(environment);

		assertThat(this.started).isNotNull();
		assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
		assertThat(environment.getProperty("spring.data.redis.port", Integer.class)).isEqualTo(this.started.port());
		assertThat(RedisVersions.of(this.started.port())).isNotEmpty();
		assertThat(output).contains("Nothing answers at localhost:" + deadPort)
			.contains("started a Redis of its own (" + RedisServers.redisServerOnPath() + ") on 127.0.0.1:"
					+ this.started.port())
			.contains("sample.embedded-redis.enabled=false");

		int port = this.started.port();
		this.started.stop();

		await().until(() -> !answers(port));
	}

	@Test
	void startsTheRedisBinaryShippedInEmbeddedRedisWhenNoRedisServerIsOnThePath(CapturedOutput output) {
		StandardEnvironment environment = environment(Map.of("spring.data.redis.port", unusedPort()));

		this.started = fallback("").startIfNothingAnswers(environment);

		assertThat(this.started).isNotNull();
		assertThat(environment.getProperty("spring.data.redis.port", Integer.class)).isEqualTo(this.started.port());
		assertThat(RedisVersions.of(this.started.port())).startsWith("6.2.");
		assertThat(output).contains("the Redis 6.2 binary shipped in embedded-redis");

		int port = this.started.port();
		this.started.stop();

		await().until(() -> !answers(port));
	}

	@Test
	void leavesTheConfigurationAloneWhenRedisAnswers() {
		RedisServer redis = RedisServers.shared();
		StandardEnvironment environment = environment(
				Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", redis.port()));

		assertThat(fallback(System.getenv("PATH")).startIfNothingAnswers(environment)).isNull();
		assertThat(environment.getPropertySources().contains(EmbeddedRedisFallback.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void startsNothingWhenTurnedOff() {
		StandardEnvironment environment = environment(Map.of("spring.data.redis.port", unusedPort(),
				EmbeddedRedisFallback.ENABLED_PROPERTY, "false"));

		assertThat(fallback(System.getenv("PATH")).startIfNothingAnswers(environment)).isNull();
		assertThat(environment.getPropertySources().contains(EmbeddedRedisFallback.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void startsNothingWhenRedisIsConfiguredByUrl() {
		StandardEnvironment environment = environment(
				Map.of("spring.data.redis.url", "redis://localhost:" + unusedPort()));

		assertThat(fallback(System.getenv("PATH")).startIfNothingAnswers(environment)).isNull();
	}

	@Test
	void stopsItsRedisWhenTheApplicationContextCloses() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		int port;
		try (ConfigurableApplicationContext context = application.run("--spring.data.redis.port=" + unusedPort(),
				"--spring.main.banner-mode=off")) {
			assertThat(context.getEnvironment().getPropertySources().contains(EmbeddedRedisFallback.PROPERTY_SOURCE_NAME))
				.isTrue();
			port = context.getEnvironment().getRequiredProperty("spring.data.redis.port", Integer.class);
			assertThat(answers(port)).isTrue();
		}
		await().until(() -> !answers(port));
	}

	private static EmbeddedRedisFallback fallback(String searchPath) {
		return new EmbeddedRedisFallback(LogFactory.getLog(EmbeddedRedisFallback.class), searchPath);
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

	private static boolean answers(int port) {
		return EmbeddedRedisFallback.answers("127.0.0.1", port);
	}

	private static int unusedPort() {
		return EmbeddedRedisFallback.freePort();
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
