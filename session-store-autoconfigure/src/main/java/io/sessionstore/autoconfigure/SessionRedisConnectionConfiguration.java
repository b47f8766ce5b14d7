package io.sessionstore.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis connection of session operations, for Servlet and reactive applications
 * alike: see {@link SessionRedisConnection}.
 */
@Configuration(proxyBeanMethods = false)
class SessionRedisConnectionConfiguration {

	@Bean
	SessionRedisConnection sessionStoreRedisConnection(RedisConnectionFactory redisConnectionFactory,
			SessionStoreProperties properties, ObjectProvider<DataRedisConnectionDetails> connectionDetails,
			ResourceLoader resourceLoader) {
		SessionStoreProperties.Redis redis = properties.getRedis();
		Duration commandTimeout = redis.getCommandTimeout();
		if (commandTimeout.isNegative() || commandTimeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException("session-store.redis.command-timeout", commandTimeout,
					"The command timeout must be positive; set a duration such as '2s'");
		}
		DataRedisConnectionDetails details = connectionDetails.getIfAvailable();
		boolean masterReplica = details != null && details.getMasterReplica() != null;
		return SessionRedisConnection.of(redisConnectionFactory, redis.isDedicatedConnection() && !masterReplica,
				commandTimeout, resourceLoader.getClassLoader());
	}

}
