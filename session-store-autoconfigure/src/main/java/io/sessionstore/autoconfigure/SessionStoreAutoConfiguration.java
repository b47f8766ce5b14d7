package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionIdCookieSerializer;
import io.sessionstore.redis.SessionLookupCacheFilter;
import io.sessionstore.redis.SessionStoreExceptionResolver;
import jakarta.servlet.DispatcherType;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of a {@link RedisHashSessionRepository} for Servlet web applications: sessions as
 * readable Redis hashes on the application's {@link RedisConnectionFactory}.
 * <p>
 * It backs off when the application defines its own {@link SessionRepository} or sets
 * {@code session-store.enabled=false}, and runs before Spring Boot's own Spring Session
 * auto-configurations so that they back off. It imports Spring Session's
 * {@link SpringHttpSessionConfiguration}, so that Spring Boot registers the
 * {@link SessionRepositoryFilter} with its cookie serializer
 * ({@code server.servlet.session.cookie.*}; the cookie carries the raw session ID, as
 * WebFlux's does, and a cookie with its base64 form is read too), and registers a
 * {@link SessionLookupCacheFilter} just before it ({@code spring.session.servlet.filter-order}
 * minus one, same dispatcher types). The idle timeout is Spring Boot's
 * {@code spring.session.timeout}, falling back to {@code server.servlet.session.timeout}.
 * The {@code session-store.*} properties are mapped onto the repository by a
 * {@link SessionRepositoryCustomizer} of the highest precedence, so that the
 * application's own customizers, applied in order after it, win.
 * <p>
 * Session operations use a Lettuce connection of their own on which every command,
 * including one waiting for a reconnection, fails within
 * {@code session-store.redis.command-timeout} (2 seconds by default) rather than
 * Lettuce's 60 seconds; see {@code DedicatedLettuceConnectionFactory}. A request that fails because Redis is
 * unavailable is answered with HTTP 503 and {@code Retry-After}.
 */
@AutoConfiguration(before = SessionAutoConfiguration.class, after = DataRedisAutoConfiguration.class,
		beforeName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ RedisHashSessionRepository.class, SessionRepositoryFilter.class, SessionAutoConfiguration.class,
		DataRedisAutoConfiguration.class })
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnMissingBean(SessionRepository.class)
@ConditionalOnBooleanProperty(name = "session-store.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SessionStoreProperties.class, SessionProperties.class })
@Import({ SpringHttpSessionConfiguration.class, SessionRedisConnectionConfiguration.class })
public final class SessionStoreAutoConfiguration {

	@Bean
	RedisHashSessionRepository sessionRepository(SessionRedisConnection sessionStoreRedisConnection,
			ApplicationEventPublisher eventPublisher, ObjectProvider<SessionIdGenerator> sessionIdGenerator,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<SessionRepositoryCustomizer<RedisHashSessionRepository>> customizers) {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(
				sessionStoreRedisConnection.connectionFactory());
		repository.setApplicationEventPublisher(eventPublisher);
		observationRegistry.ifUnique(repository::setObservationRegistry);
		sessionIdGenerator.ifUnique(repository::setSessionIdGenerator);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(repository));
		sessionStoreRedisConnection.onMasterSwitch(repository::masterSwitched);
		return repository;
	}

	@Bean
	SessionRepositoryCustomizer<RedisHashSessionRepository> sessionStorePropertiesCustomizer(
			SessionStoreProperties properties, ObjectProvider<SessionTimeout> sessionTimeout,
			ResourceLoader resourceLoader) {
		return new PropertiesSessionRepositoryCustomizer(properties, sessionTimeout,
				AttributeCodecs.fromProperties(properties, resourceLoader.getClassLoader()));
	}

	@Bean
	FilterRegistrationBean<SessionLookupCacheFilter> sessionLookupCacheFilterRegistration(
			RedisHashSessionRepository sessionRepository, SessionStoreProperties properties,
			SessionProperties sessionProperties, HttpSessionIdResolver httpSessionIdResolver) {
		SessionLookupCacheFilter filter = new SessionLookupCacheFilter(sessionRepository, httpSessionIdResolver);
		filter.setRetryAfterSeconds(retryAfterSeconds(properties));
		FilterRegistrationBean<SessionLookupCacheFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("sessionLookupCacheFilter");
		registration.setOrder(orderJustBefore(sessionProperties.getServlet().getFilterOrder()));
		registration.setDispatcherTypes(dispatcherTypes(sessionProperties.getServlet().getFilterDispatcherTypes()));
		return registration;
	}

	static int retryAfterSeconds(SessionStoreProperties properties) {
		Duration retryAfter = properties.getRetryAfter();
		if (retryAfter.isNegative() || retryAfter.getSeconds() > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException("session-store.retry-after", retryAfter,
					"The Retry-After delay must be a duration from 0 seconds up, such as '5s'");
		}
		return (int) retryAfter.getSeconds();
	}

	private static int orderJustBefore(int order) {
		return (order != Integer.MIN_VALUE) ? order - 1 : order;
	}

	private static EnumSet<DispatcherType> dispatcherTypes(
			Set<org.springframework.boot.web.servlet.DispatcherType> types) {
		EnumSet<DispatcherType> dispatcherTypes = EnumSet.noneOf(DispatcherType.class);
		types.forEach((type) -> dispatcherTypes.add(DispatcherType.valueOf(type.name())));
		return dispatcherTypes;
	}

	/**
	 * The session cookie carries the raw session ID, as WebFlux's does, so that a Servlet
	 * and a WebFlux application with the same cookie name share sessions; a cookie with
	 * the base64 form that Spring Session writes by default is still read.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(HttpSessionIdResolver.class)
	static class SessionCookieConfiguration {

		@Bean
		DefaultCookieSerializerCustomizer sessionStoreRawSessionIdCookieCustomizer() {
			return (cookieSerializer) -> cookieSerializer.setUseBase64Encoding(false);
		}

		@Bean
		CookieHttpSessionIdResolver sessionStoreHttpSessionIdResolver(ObjectProvider<CookieSerializer> cookieSerializer) {
			CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
			CookieSerializer serializer = cookieSerializer.getIfUnique();
			resolver.setCookieSerializer((serializer != null) ? new SessionIdCookieSerializer(serializer)
					: new SessionIdCookieSerializer());
			return resolver;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "session-store.principal-index.enabled", matchIfMissing = true)
	static class PrincipalIndexSweepConfiguration {

		@Bean
		PrincipalIndexSweeper sessionStorePrincipalIndexSweeper(RedisHashSessionRepository sessionRepository,
				SessionStoreProperties properties) {
			Duration interval = properties.getPrincipalIndex().getSweepInterval();
			if (interval.isNegative()) {
				throw new InvalidConfigurationPropertyValueException("session-store.principal-index.sweep-interval",
						interval, "The sweep interval must not be negative; set a duration such as '10m', or 0 "
								+ "to never sweep");
			}
			return new PrincipalIndexSweeper(sessionRepository, interval);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("session-store.expired-events.enabled")
	static class ExpiredEventsConfiguration {

		@Bean
		SessionExpiredEventPublisher sessionStoreExpiredEventPublisher(
				SessionRedisConnection sessionStoreRedisConnection, RedisHashSessionRepository sessionRepository,
				ApplicationEventPublisher eventPublisher) {
			return new SessionExpiredEventPublisher(sessionStoreRedisConnection.connectionFactory(), sessionRepository,
					eventPublisher, sessionRepository.getNamespace());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		SessionStoreMetrics sessionStoreMetrics(RedisHashSessionRepository sessionRepository) {
			return new SessionStoreMetrics(sessionRepository);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HandlerExceptionResolver.class)
	static class WebMvcConfiguration {

		@Bean
		SessionStoreExceptionResolver sessionStoreExceptionResolver(
				SessionStoreProperties properties) {
			return new SessionStoreExceptionResolver(retryAfterSeconds(properties));
		}

	}

}
