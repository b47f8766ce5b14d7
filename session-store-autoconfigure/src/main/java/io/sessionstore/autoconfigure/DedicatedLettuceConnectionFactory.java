package io.sessionstore.autoconfigure;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceSslClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

/**
 * Makes the Lettuce connection factory of session operations from the application's.
 * <p>
 * Lettuce waits 60 seconds for a reply by default, so a Redis outage would hold every
 * web request for a minute. Changing that on the application's connection factory would
 * surprise its other users, so when the application's factory is a
 * {@link LettuceConnectionFactory} session operations get a factory of their own,
 * derived from it: the same servers (standalone, Sentinel, Cluster or socket), database,
 * credentials, TLS, client name, pool and client resources, with the
 * configured command timeout and the connect timeout capped at it. While the connection
 * is being re-established (a restart, a failover, a network blip) commands wait for it,
 * and every command, queued or sent, fails once the command timeout has passed
 * ({@link TimeoutOptions}): a failover shorter than the command timeout fails no request,
 * and a real outage answers within the command timeout. It reads from the master only,
 * whatever the application's read-from setting: a lagging replica could show a deleted
 * session, or no session yet where a new one exists. On Sentinel, the connection moves to
 * a new master as soon as the Sentinels announce it ({@link SentinelSwitchListener}), and
 * then the given action runs. On a
 * Redis Cluster it always refreshes the topology somehow, so that it follows a replica
 * that takes over from a failed master. This costs one more connection per application
 * instance, and on Sentinel one listening connection per Sentinel. Any other factory
 * (Jedis, a static master/replica setup, or when the dedicated connection is switched
 * off) is used as it is.
 */
final class DedicatedLettuceConnectionFactory {

	private DedicatedLettuceConnectionFactory() {
	}

	static LettuceConnectionFactory create(LettuceConnectionFactory applicationFactory, Duration commandTimeout,
			Runnable afterMasterSwitch) {
		LettuceClientConfiguration clientConfiguration = withCommandTimeout(applicationFactory.getClientConfiguration(),
				commandTimeout, applicationFactory.isClusterAware());
		LettuceConnectionFactory dedicated = sameServers(applicationFactory, clientConfiguration);
		dedicated.start();
		SentinelSwitchListener.listen(dedicated, afterMasterSwitch);
		return dedicated;
	}

	private static LettuceConnectionFactory sameServers(LettuceConnectionFactory factory,
			LettuceClientConfiguration clientConfiguration) {
		RedisClusterConfiguration cluster = factory.getClusterConfiguration();
		if (cluster != null) {
			return new LettuceConnectionFactory(cluster, clientConfiguration);
		}
		RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
		if (sentinel != null) {
			return new LettuceConnectionFactory(sentinel, clientConfiguration);
		}
		RedisSocketConfiguration socket = factory.getSocketConfiguration();
		if (socket != null) {
			return new LettuceConnectionFactory(socket, clientConfiguration);
		}
		return new LettuceConnectionFactory(factory.getStandaloneConfiguration(), clientConfiguration);
	}

	private static LettuceClientConfiguration withCommandTimeout(LettuceClientConfiguration source, Duration commandTimeout,
			boolean cluster) {
		LettuceClientConfigurationBuilder builder = (source instanceof LettucePoolingClientConfiguration pooling)
				? PoolingBuilder.from(pooling) : LettuceClientConfiguration.builder();
		if (source.isUseSsl()) {
			LettuceSslClientConfigurationBuilder ssl = builder.useSsl().verifyPeer(source.getVerifyMode());
			if (source.isStartTls()) {
				ssl.startTls();
			}
			builder = ssl.and();
		}
		source.getClientResources().ifPresent(builder::clientResources);
		source.getRedisCredentialsProviderFactory().ifPresent(builder::redisCredentialsProviderFactory);
		source.getClientName().ifPresent(builder::clientName);
		return builder.clientOptions(rejectingWhileDisconnected(source.getClientOptions().orElse(null), commandTimeout,
					cluster))
			.commandTimeout(commandTimeout)
			.shutdownTimeout(source.getShutdownTimeout())
			.shutdownQuietPeriod(source.getShutdownQuietPeriod())
			.build();
	}

	private static ClientOptions rejectingWhileDisconnected(@Nullable ClientOptions source, Duration commandTimeout,
			boolean cluster) {
		ClientOptions.Builder builder;
		if (source != null) {
			builder = source.mutate();
		}
		else {
			builder = cluster ? ClusterClientOptions.builder() : ClientOptions.builder();
		}
		SocketOptions socketOptions = (source != null) ? source.getSocketOptions() : SocketOptions.create();
		if (socketOptions.getConnectTimeout().compareTo(commandTimeout) > 0) {
			builder.socketOptions(socketOptions.mutate().connectTimeout(commandTimeout).build());
		}
		if (builder instanceof ClusterClientOptions.Builder clusterBuilder
				&& source instanceof ClusterClientOptions clusterSource) {
			clusterBuilder.topologyRefreshOptions(followingFailovers(clusterSource.getTopologyRefreshOptions()));
		}
		return builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled())
			.build();
	}

	/**
	 * Lettuce finds out that a replica took over the slots of a failed master only when it
	 * refreshes the cluster topology: on its adaptive triggers (all on by default) or
	 * periodically. Options that do neither are kept for the application's connection,
	 * but session operations on the failed master's slots would then fail for as long as
	 * it is down, so the session connection turns the adaptive triggers on.
	 */
	private static ClusterTopologyRefreshOptions followingFailovers(ClusterTopologyRefreshOptions source) {
		if (source.isPeriodicRefreshEnabled() || !source.getAdaptiveRefreshTriggers().isEmpty()) {
			return source;
		}
		return ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.adaptiveRefreshTriggersTimeout(source.getAdaptiveRefreshTimeout())
			.refreshTriggersReconnectAttempts(source.getRefreshTriggersReconnectAttempts())
			.dynamicRefreshSources(source.useDynamicRefreshSources())
			.closeStaleConnections(source.isCloseStaleConnections())
			.refreshPeriod(source.getRefreshPeriod())
			.build();
	}

	/**
	 * Kept apart so that commons-pool2 is needed only when the application pools
	 * connections.
	 */
	private static final class PoolingBuilder {

		static LettuceClientConfigurationBuilder from(LettucePoolingClientConfiguration pooling) {
			return LettucePoolingClientConfiguration.builder().poolConfig(pooling.getPoolConfig());
		}

	}

}
