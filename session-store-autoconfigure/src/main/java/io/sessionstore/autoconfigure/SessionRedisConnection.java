package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * The Redis connection factory of session operations: a dedicated Lettuce factory that
 * fails fast (see {@link DedicatedLettuceConnectionFactory}) when the application's
 * factory is a {@link LettuceConnectionFactory}, or the application's factory as it is
 * otherwise. A dedicated factory is closed with the application context.
 */
final class SessionRedisConnection implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SessionRedisConnection.class);

	private final RedisConnectionFactory connectionFactory;

	private final @Nullable DisposableBean dedicatedConnectionFactory;

	private final List<Runnable> masterSwitchListeners;

	private SessionRedisConnection(RedisConnectionFactory connectionFactory,
			@Nullable DisposableBean dedicatedConnectionFactory, List<Runnable> masterSwitchListeners) {
		this.connectionFactory = connectionFactory;
		this.dedicatedConnectionFactory = dedicatedConnectionFactory;
		this.masterSwitchListeners = masterSwitchListeners;
	}

	/**
	 * Return the connection of session operations.
	 * @param applicationFactory the application's connection factory
	 * @param dedicated whether a dedicated connection is wanted where one can be made
	 * @param commandTimeout the command timeout of a dedicated connection
	 * @param classLoader the application's class loader
	 * @return the connection
	 */
	static SessionRedisConnection of(RedisConnectionFactory applicationFactory, boolean dedicated,
			Duration commandTimeout, @Nullable ClassLoader classLoader) {
		if (dedicated && ClassUtils.isPresent("io.lettuce.core.RedisClient", classLoader)
				&& applicationFactory instanceof LettuceConnectionFactory lettuce) {
			List<Runnable> masterSwitchListeners = new CopyOnWriteArrayList<>();
			LettuceConnectionFactory dedicatedFactory = DedicatedLettuceConnectionFactory.create(lettuce, commandTimeout,
					() -> masterSwitchListeners.forEach(Runnable::run));
			logger.debug("Session operations use a dedicated Redis connection with a " + commandTimeout.toMillis()
					+ " ms command timeout");
			return new SessionRedisConnection(dedicatedFactory, dedicatedFactory, masterSwitchListeners);
		}
		if (dedicated) {
			logger.info("Session operations use the application's Redis connection factory as it is: its command "
					+ "timeout applies (spring.data.redis.timeout)");
		}
		return new SessionRedisConnection(applicationFactory, null, List.of());
	}

	/**
	 * Run the given action whenever Redis Sentinel names a new master, once the
	 * connection has moved to it; never when session operations use the application's
	 * factory as it is, which does not follow announcements.
	 */
	void onMasterSwitch(Runnable action) {
		if (this.dedicatedConnectionFactory != null) {
			this.masterSwitchListeners.add(action);
		}
	}

	RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	ReactiveRedisConnectionFactory reactiveConnectionFactory() {
		if (this.connectionFactory instanceof ReactiveRedisConnectionFactory reactive) {
			return reactive;
		}
		throw new IllegalStateException("Reactive sessions need a reactive Redis connection factory, such as "
				+ "Lettuce's; the application's is a " + this.connectionFactory.getClass().getName());
	}

	@Override
	public void destroy() throws Exception {
		if (this.dedicatedConnectionFactory != null) {
			this.dedicatedConnectionFactory.destroy();
		}
	}

}
