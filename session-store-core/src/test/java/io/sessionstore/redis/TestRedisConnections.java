package io.sessionstore.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstore.testsupport.RedisServer;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connections to a test Redis server: a connection factory for the repository, which
 * fails fast while Redis is down, and a plain client for assertions that talks to the
 * server directly.
 */
final class TestRedisConnections implements AutoCloseable {

	private final LettuceConnectionFactory connectionFactory;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	TestRedisConnections(RedisServer server) {
		this(server, new RedisStandaloneConfiguration(server.host(), server.port()));
	}

	/**
	 * Connect the repository's factory as the given Redis user; assertions still use the
	 * default user.
	 */
	TestRedisConnections(RedisServer server, String username, String password) {
		this(server, withUser(new RedisStandaloneConfiguration(server.host(), server.port()), username, password));
	}

	/**
	 * Connect the repository's factory as the configuration says, such as through the
	 * Sentinels of a master; assertions go to the given server.
	 */
	TestRedisConnections(RedisServer server, RedisConfiguration configuration) {
		LettuceClientConfiguration clientConfiguration = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
		this.connectionFactory = new LettuceConnectionFactory(configuration, clientConfiguration);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.client = RedisClient.create(server.uri());
		this.connection = this.client.connect();
	}

	private static RedisStandaloneConfiguration withUser(RedisStandaloneConfiguration configuration, String username,
			String password) {
		configuration.setUsername(username);
		configuration.setPassword(password);
		return configuration;
	}

	LettuceConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	RedisCommands<String, String> cli() {
		return this.connection.sync();
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.connectionFactory.destroy();
	}

}
