package io.sessionstore.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connections to a test Redis server or cluster: a connection factory for the
 * repository, which fails fast while Redis is down, and a plain client for assertions.
 */
final class TestRedisConnections implements AutoCloseable {

	private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(15);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final RedisConnectionFactory connectionFactory;

	private final AbstractRedisClient client;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterCommands<String, String> cli;

	private final List<RedisServer> servers;

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
		this.connectionFactory = lettuce(configuration);
		RedisClient client = RedisClient.create(server.uri());
		StatefulRedisConnection<String, String> connection = client.connect();
		this.client = client;
		this.connection = connection;
		this.cli = connection.sync();
		this.servers = List.of(server);
	}

	private TestRedisConnections(RedisCluster cluster, RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		RedisClusterClient client = RedisClusterClient
			.create(cluster.nodes().stream().map((node) -> RedisURI.create(node.uri())).toList());
		StatefulRedisClusterConnection<String, String> connection = client.connect();
		this.client = client;
		this.connection = connection;
		this.cli = connection.sync();
		this.servers = cluster.masters();
	}

	/**
	 * Connect to a Redis Cluster, the repository through a cluster-aware Lettuce
	 * connection factory and assertions through a cluster client, which routes each key
	 * to its master and runs {@code KEYS} on every master.
	 */
	static TestRedisConnections toCluster(RedisCluster cluster) {
		return new TestRedisConnections(cluster, lettuce(new RedisClusterConfiguration(cluster.nodeAddresses())));
	}

	/**
	 * Connect the repository's factory through the Sentinels of a master, which it asks
	 * for the master; assertions go to the master directly.
	 */
	static TestRedisConnections throughSentinels(RedisSentinelSet sentinels) {
		return new TestRedisConnections(sentinels.master(),
				new RedisSentinelConfiguration(sentinels.masterName(), new HashSet<>(sentinels.sentinelAddresses())));
	}

	/**
	 * Connect to a Redis Cluster, the repository through Jedis.
	 */
	static TestRedisConnections toClusterThroughJedis(RedisCluster cluster) {
		JedisConnectionFactory jedis = new JedisConnectionFactory(new RedisClusterConfiguration(cluster.nodeAddresses()),
				JedisClientConfiguration.builder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build());
		jedis.afterPropertiesSet();
		jedis.start();
		return new TestRedisConnections(cluster, jedis);
	}

	private static LettuceConnectionFactory lettuce(RedisConfiguration configuration) {
		LettuceClientConfiguration clientConfiguration = LettuceClientConfiguration.builder()
			.commandTimeout(TIMEOUT)
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(configuration, clientConfiguration);
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		return connectionFactory;
	}

	private static RedisStandaloneConfiguration withUser(RedisStandaloneConfiguration configuration, String username,
			String password) {
		configuration.setUsername(username);
		configuration.setPassword(password);
		return configuration;
	}

	RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	RedisClusterCommands<String, String> cli() {
		return this.cli;
	}

	/**
	 * Return the servers that hold the repository's keys, for {@code MONITOR}: the
	 * server, or every master of a cluster.
	 */
	List<RedisServer> servers() {
		return this.servers;
	}

	@Override
	public void close() {
		this.connection.close();
		shutDownWithin(SHUTDOWN_LIMIT, "the test's own client",
				() -> this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
		shutDownWithin(SHUTDOWN_LIMIT, "the repository's connection factory",
				((DisposableBean) this.connectionFactory)::destroy);
	}

	/**
	 * Shut a Lettuce client down, going on after the given time: its shutdown waits,
	 * without a limit, for every connection's close to be reported, and once waited for
	 * ever after its event loops were gone. A test run must not hang on clean-up.
	 */
	private static void shutDownWithin(Duration limit, String what, ShutDown shutDown) {
		CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
			try {
				shutDown.run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			System.err.println("Shutting down " + what + " took longer than " + limit + "; going on without it");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface ShutDown {

		void run() throws Exception;

	}

}
