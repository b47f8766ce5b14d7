package io.sessionstore.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;

/**
 * Moves the shared connection of a Lettuce connection factory on Redis Sentinel to a new
 * master as soon as the Sentinels announce it ({@code +switch-master}).
 * <p>
 * Lettuce asks the Sentinels for the master only when it connects. After a failover in
 * which the old master kept running (a {@code SENTINEL FAILOVER} before maintenance, a
 * network partition), a connection would stay with it until the Sentinels turn it into a
 * replica, some ten seconds later, and every write in between would be acknowledged and
 * then lost. On an announcement, a connected shared connection is sent {@code QUIT}: the
 * server closes it after the commands already sent, and Lettuce reconnects at once to the
 * master the Sentinels now name, sending again the commands that were still waiting.
 * Resetting the factory's connection would not do: with a pool, the same connection
 * comes back. A disconnected connection is left alone, as its next reconnection asks the
 * Sentinels anyway. Then the given action runs, which moves the near cache's own
 * connection too. There is one listening connection per Sentinel, on the factory's
 * client, closed with it; a Sentinel that cannot be reached at startup is left out with
 * a warning.
 */
final class SentinelSwitchListener {

	private static final Log logger = LogFactory.getLog(SentinelSwitchListener.class);

	private static final String SWITCH_MASTER = "+switch-master";

	private SentinelSwitchListener() {
	}

	static void listen(LettuceConnectionFactory factory, Runnable afterSwitch) {
		RedisSentinelConfiguration sentinels = factory.getSentinelConfiguration();
		if (sentinels == null || sentinels.getMaster() == null
				|| !(factory.getRequiredNativeClient() instanceof RedisClient client)) {
			return;
		}
		String announcement = sentinels.getMaster().getName() + " ";
		for (RedisURI sentinel : LettuceConverters.sentinelConfigurationToRedisURI(sentinels).getSentinels()) {
			applyClientSettings(sentinel, sentinels, factory.getClientConfiguration());
			client.connectPubSubAsync(StringCodec.UTF8, sentinel).thenCompose((connection) -> {
				connection.addListener(new RedisPubSubAdapter<>() {

					@Override
					public void message(String channel, String message) {
						if (message.startsWith(announcement)) {
							client.getResources().eventExecutorGroup().execute(() -> {
								reconnect(factory, message);
								follow(afterSwitch, message);
							});
						}
					}

				});
				return connection.async().subscribe(SWITCH_MASTER);
			}).whenComplete((subscribed, failure) -> {
				if (failure != null) {
					logger.warn("Session operations cannot listen to the Sentinel at " + sentinel.getHost() + ":"
							+ sentinel.getPort() + " for failovers: " + failure.getMessage());
				}
			});
		}
	}

	private static void applyClientSettings(RedisURI sentinel, RedisSentinelConfiguration sentinels,
			LettuceClientConfiguration clientConfiguration) {
		sentinel.setSsl(clientConfiguration.isUseSsl());
		sentinel.setVerifyPeer(clientConfiguration.getVerifyMode());
		sentinel.setStartTls(clientConfiguration.isStartTls());
		sentinel.setTimeout(clientConfiguration.getCommandTimeout());
		clientConfiguration.getRedisCredentialsProviderFactory()
			.ifPresent((credentials) -> sentinel
				.setCredentialsProvider(credentials.createSentinelCredentialsProvider(sentinels)));
	}

	private static void follow(Runnable afterSwitch, String announcement) {
		try {
			afterSwitch.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Session operations could not follow the new master that Redis Sentinel announced ("
					+ announcement + ") with every connection", ex);
		}
	}

	private static void reconnect(LettuceConnectionFactory factory, String announcement) {
		try (RedisConnection connection = factory.getConnection()) {
			if (connection.getNativeConnection() instanceof RedisAsyncCommands<?, ?> commands
					&& commands.getStatefulConnection().isOpen()) {
				logger.info("Redis Sentinel announced a new master (" + announcement
						+ "); session operations reconnect to it");
				commands.quit();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Session operations could not reconnect to the new master that Redis Sentinel announced ("
					+ announcement + "); they will when the old master closes their connection", ex);
		}
	}

}
