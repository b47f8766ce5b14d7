package io.sessionstore.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import io.sessionstore.redis.RedisHashSessionRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.listener.Topic;
import org.springframework.session.MapSession;
import org.springframework.session.events.SessionExpiredEvent;

/**
 * Publishes a {@link SessionExpiredEvent} for each session key that Redis reports expired
 * through keyspace notifications.
 * <p>
 * The server must have {@code notify-keyspace-events} including {@code Ex}; it is
 * checked, never set. The limits: the hash is gone when the event fires, so the event's
 * session carries the ID only; on Redis Cluster only the node this application
 * subscribes to reports its keys; Redis does not guarantee delivery (nothing is reported
 * while this application is disconnected); and every application instance receives
 * every notification.
 */
final class SessionExpiredEventPublisher implements MessageListener, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(SessionExpiredEventPublisher.class);

	private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

	private final RedisConnectionFactory connectionFactory;

	private final RedisHashSessionRepository repository;

	private final ApplicationEventPublisher eventPublisher;

	private final String sessionKeyPrefix;

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	SessionExpiredEventPublisher(RedisConnectionFactory connectionFactory, RedisHashSessionRepository repository,
			ApplicationEventPublisher eventPublisher, String namespace) {
		this.connectionFactory = connectionFactory;
		this.repository = repository;
		this.eventPublisher = eventPublisher;
		this.sessionKeyPrefix = namespace + ":";
		this.container.setConnectionFactory(connectionFactory);
		this.container.addMessageListener(this, expiredTopic(connectionFactory));
		this.container.setErrorHandler((ex) -> logger.warn("Failed to publish a session expired event", ex));
		this.container.afterPropertiesSet();
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String key = new String(message.getBody(), StandardCharsets.UTF_8);
		if (!key.startsWith(this.sessionKeyPrefix)) {
			return;
		}
		String sessionId = key.substring(this.sessionKeyPrefix.length());
		if (WELL_FORMED_ID.matcher(sessionId).matches()) {
			this.eventPublisher.publishEvent(new SessionExpiredEvent(this.repository, new MapSession(sessionId)));
		}
	}

	@Override
	public void start() {
		warnUnlessNotificationsEnabled();
		this.container.start();
	}

	@Override
	public void stop() {
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.container.isRunning();
	}

	@Override
	public void destroy() throws Exception {
		this.container.destroy();
	}

	private void warnUnlessNotificationsEnabled() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Properties config = connection.serverCommands().getConfig("notify-keyspace-events");
			String flags = (config != null) ? config.getProperty("notify-keyspace-events", "") : "";
			if (!flags.contains("E") || !(flags.contains("x") || flags.contains("A"))) {
				logger.warn("session-store.expired-events.enabled is set but Redis has notify-keyspace-events='"
						+ flags + "'; no SessionExpiredEvent will be published until the server's "
						+ "notify-keyspace-events includes 'Ex'");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read notify-keyspace-events from Redis: " + ex.getMessage());
		}
	}

	private static Topic expiredTopic(RedisConnectionFactory connectionFactory) {
		if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return new ChannelTopic("__keyevent@" + lettuce.getDatabase() + "__:expired");
		}
		return new PatternTopic("__keyevent@*__:expired");
	}

}
