package io.sessionstore.redis.config.annotation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The sessions of a test application as Redis holds them, under a namespace of its own,
 * and the properties that point the application's {@link RedisConfiguration} at the
 * server.
 */
final class SessionsInRedis {

	private final RedisServer server;

	private final String namespace = "plain-" + UUID.randomUUID().toString().substring(0, 8);

	SessionsInRedis(RedisServer server) {
		this.server = server;
	}

	String namespace() {
		return this.namespace;
	}

	/**
	 * Return the properties of an application on the given server: {@code test.redis.*},
	 * {@code test.namespace}, and a 45-minute {@code test.timeout}.
	 */
	Map<String, Object> properties(RedisServer redis) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("test.redis.host", redis.host());
		properties.put("test.redis.port", redis.port());
		properties.put("test.namespace", this.namespace);
		properties.put("test.timeout", "45m");
		return properties;
	}

	String key(String sessionId) {
		return this.namespace + ":" + sessionId;
	}

	boolean exists(String sessionId) {
		return "1".equals(this.server.command("EXISTS", key(sessionId)));
	}

	long ttl(String sessionId) {
		return Long.parseLong(this.server.command("TTL", key(sessionId)));
	}

	Map<String, String> hash(String sessionId) {
		String[] lines = this.server.command("HGETALL", key(sessionId)).split("\n");
		Map<String, String> hash = new HashMap<>();
		for (int i = 0; i + 1 < lines.length; i += 2) {
			hash.put(lines[i], lines[i + 1]);
		}
		return hash;
	}

	/**
	 * Return the commands that clients sent to the server while the action ran, those
	 * inside scripts left out.
	 */
	List<MonitoredCommand> clientCommands(RedisMonitor.ThrowingRunnable action) throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			return RedisMonitor.clientCommands(monitor.record(action));
		}
	}

	/**
	 * The application's Redis connection: Lettuce, whose commands fail within a second
	 * while Redis is unavailable.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(@Value("${test.redis.host}") String host,
				@Value("${test.redis.port}") int port) {
			LettuceClientConfiguration client = LettuceClientConfiguration.builder()
				.commandTimeout(Duration.ofSeconds(1))
				.clientOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build())
				.build();
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port), client);
		}

	}

}
