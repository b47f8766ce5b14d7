package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.sessionstore.redis.AttributeCodec;
import io.sessionstore.redis.NearCacheOptions;
import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SharedValueOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.core.Ordered;
import org.springframework.session.FlushMode;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.util.unit.DataSize;

/**
 * Maps Spring Boot's session timeout and the {@code session-store.*} properties onto the
 * Servlet or the reactive repository. It runs first, so that the application's own
 * customizers win. The reactive repository has no flush mode and no near cache: setting
 * either is refused at startup.
 */
final class PropertiesSessionRepositoryCustomizer implements SessionRepositoryCustomizer<RedisHashSessionRepository>,
		ReactiveSessionRepositoryCustomizer<ReactiveRedisHashSessionRepository>, Ordered {

	private final SessionStoreProperties properties;

	private final ObjectProvider<SessionTimeout> sessionTimeout;

	private final AttributeCodec attributeCodec;

	PropertiesSessionRepositoryCustomizer(SessionStoreProperties properties, ObjectProvider<SessionTimeout> sessionTimeout,
			AttributeCodec attributeCodec) {
		this.properties = properties;
		this.sessionTimeout = sessionTimeout;
		this.attributeCodec = attributeCodec;
	}

	@Override
	public void customize(RedisHashSessionRepository repository) {
		applyTimeoutAndNamespace(repository::setDefaultMaxInactiveInterval, repository::setNamespace);
		repository.setMaxLifetime(maxLifetime());
		repository.setFlushMode(this.properties.getFlushMode());
		repository.setSaveMode(this.properties.getSaveMode());
		repository.setAttributeCodec(this.attributeCodec);
		repository.setPrincipalIndexEnabled(this.properties.getPrincipalIndex().isEnabled());
		applyMultiKeyScripts(repository::setMultiKeyScripts);
		repository.setMaxSessionSize(maxSessionSize());
		repository.setSharedValues(sharedValues());
		repository.setNearCache(nearCache());
	}

	@Override
	public void customize(ReactiveRedisHashSessionRepository repository) {
		applyTimeoutAndNamespace(repository::setDefaultMaxInactiveInterval, repository::setNamespace);
		repository.setMaxLifetime(maxLifetime());
		if (this.properties.getFlushMode() != FlushMode.ON_SAVE) {
			throw new InvalidConfigurationPropertyValueException("session-store.flush-mode",
					this.properties.getFlushMode(), "WebFlux applications save sessions when the response is "
							+ "committed; remove the property or set it to 'on-save'");
		}
		repository.setSaveMode(this.properties.getSaveMode());
		repository.setAttributeCodec(this.attributeCodec);
		repository.setPrincipalIndexEnabled(this.properties.getPrincipalIndex().isEnabled());
		applyMultiKeyScripts(repository::setMultiKeyScripts);
		repository.setMaxSessionSize(maxSessionSize());
		repository.setSharedValues(sharedValues());
		if (this.properties.getNearCache().isEnabled()) {
			throw new InvalidConfigurationPropertyValueException("session-store.near-cache.enabled", true,
					"The near cache is not available to WebFlux applications; remove the property");
		}
	}

	private void applyTimeoutAndNamespace(Consumer<Duration> timeoutSetter, Consumer<String> namespaceSetter) {
		Duration timeout = timeout();
		if (timeout != null) {
			timeoutSetter.accept(timeout);
		}
		String namespace = this.properties.getNamespace();
		try {
			namespaceSetter.accept(namespace);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("session-store.namespace", namespace,
					ex.getMessage() + "; use a prefix such as 'session' or 'session:app-a'");
		}
	}

	private void applyMultiKeyScripts(Consumer<Boolean> multiKeyScriptsSetter) {
		Boolean multiKeyScripts = this.properties.getMultiKeyScripts();
		if (multiKeyScripts != null) {
			multiKeyScriptsSetter.accept(multiKeyScripts);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private @Nullable Duration timeout() {
		SessionTimeout sessionTimeout = this.sessionTimeout.getIfAvailable();
		return (sessionTimeout != null) ? sessionTimeout.getTimeout() : null;
	}

	private @Nullable Duration maxLifetime() {
		Duration maxLifetime = this.properties.getMaxLifetime();
		if (maxLifetime != null && maxLifetime.getSeconds() < 1) {
			throw new InvalidConfigurationPropertyValueException("session-store.max-lifetime", maxLifetime,
					"The maximum lifetime must be at least one second; set a longer duration such as '8h', "
							+ "or remove the property for no limit");
		}
		return maxLifetime;
	}

	private @Nullable NearCacheOptions nearCache() {
		SessionStoreProperties.NearCache nearCache = this.properties.getNearCache();
		if (!nearCache.isEnabled()) {
			return null;
		}
		if (nearCache.getMaximumEntries() < 1) {
			throw new InvalidConfigurationPropertyValueException("session-store.near-cache.maximum-entries",
					nearCache.getMaximumEntries(), "The near cache must be allowed at least one session; set a number "
							+ "such as 10000");
		}
		DataSize maximumSize = nearCache.getMaximumSize();
		if (maximumSize == null || maximumSize.toBytes() < 1) {
			throw new InvalidConfigurationPropertyValueException("session-store.near-cache.maximum-size", maximumSize,
					"The near cache must be allowed a positive size; set a size such as '32MB'");
		}
		Duration touchInterval = nearCache.getTouchInterval();
		if (touchInterval == null || touchInterval.isNegative() || touchInterval.isZero()) {
			throw new InvalidConfigurationPropertyValueException("session-store.near-cache.touch-interval",
					touchInterval, "The touch interval must be positive; set a duration such as '1m', or turn the "
							+ "near cache off to write every access");
		}
		return NearCacheOptions.builder()
			.maximumEntries(nearCache.getMaximumEntries())
			.maximumSize(maximumSize.toBytes())
			.touchInterval(touchInterval)
			.build();
	}

	private @Nullable SharedValueOptions sharedValues() {
		SessionStoreProperties.SharedValues sharedValues = this.properties.getSharedValues();
		if (!sharedValues.isEnabled()) {
			return null;
		}
		if (sharedValues.getMaximumEntries() < 0) {
			throw new InvalidConfigurationPropertyValueException("session-store.shared-values.maximum-entries",
					sharedValues.getMaximumEntries(), "The number of values kept must not be negative; set a number "
							+ "such as 10000, or 0 to keep none outside the near cache");
		}
		return SharedValueOptions.builder()
			.types((sharedValues.getTypes() != null) ? sharedValues.getTypes() : List.of())
			.maximumEntries(sharedValues.getMaximumEntries())
			.build();
	}

	private long maxSessionSize() {
		DataSize maxSessionSize = this.properties.getMaxSessionSize();
		if (maxSessionSize == null) {
			return 0;
		}
		if (maxSessionSize.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("session-store.max-session-size", maxSessionSize,
					"The maximum session size must not be negative; set a size such as '512KB', "
							+ "or remove the property for no limit");
		}
		return maxSessionSize.toBytes();
	}

}
