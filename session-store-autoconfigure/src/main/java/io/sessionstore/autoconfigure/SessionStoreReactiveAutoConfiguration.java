package io.sessionstore.autoconfigure;

import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RequestedSessionIdsWebFilter;
import io.sessionstore.redis.SessionIdCookieWebSessionIdResolver;
import io.sessionstore.redis.SessionStoreWebExceptionHandler;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.server.SpringWebSessionConfiguration;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of a {@link ReactiveRedisHashSessionRepository} for WebFlux applications: sessions as
 * readable Redis hashes, laid out as the Servlet auto-configuration lays them out, so
 * that Servlet and WebFlux applications on the same Redis share them.
 * <p>
 * It backs off when the application defines its own {@link ReactiveSessionRepository} or
 * sets {@code session-store.enabled=false}, and runs before Spring Boot's own Spring
 * Session and WebFlux auto-configurations so that they back off. It imports Spring
 * Session's {@link SpringWebSessionConfiguration}, so that the {@link WebSessionManager}
 * keeps sessions in the repository. The idle timeout is Spring Boot's
 * {@code spring.session.timeout}, falling back to {@code server.reactive.session.timeout};
 * the {@code session-store.*} properties are mapped onto the repository as for Servlet
 * applications, by a customizer of the highest precedence.
 * <p>
 * Unless the application defines its own {@link WebSessionIdResolver}, the session cookie
 * is {@code server.reactive.session.cookie.*}, HttpOnly and SameSite=Lax unless set
 * otherwise, and carries the raw session ID; a cookie with the base64 form that Spring
 * Session's Servlet cookie serializer writes by default is read too. A request that fails
 * because Redis is unavailable is answered with HTTP 503 and {@code Retry-After}, one
 * whose session would grow past {@code session-store.max-session-size} with HTTP 413.
 * <p>
 * A {@link RequestedSessionIdsWebFilter} with the {@link WebSessionManager}'s session ID
 * resolver, unless the application defines its own, lets the repository touch only the
 * exchange's own session when loading it, so that looking up another user's session
 * (the actuator's {@code sessions} endpoint, Spring Security's session registry) does not
 * extend it.
 */
@AutoConfiguration(before = SessionAutoConfiguration.class, after = DataRedisAutoConfiguration.class,
		beforeName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration" },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ ReactiveRedisHashSessionRepository.class, WebSessionManager.class, Mono.class,
		SessionAutoConfiguration.class, DataRedisAutoConfiguration.class, ServerProperties.class })
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnMissingBean(ReactiveSessionRepository.class)
@ConditionalOnBooleanProperty(name = "session-store.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SessionStoreProperties.class, SessionProperties.class, ServerProperties.class })
@Import({ SpringWebSessionConfiguration.class, SessionRedisConnectionConfiguration.class })
public final class SessionStoreReactiveAutoConfiguration {

	@Bean
	ReactiveRedisHashSessionRepository sessionRepository(SessionRedisConnection sessionStoreRedisConnection,
			ObjectProvider<SessionIdGenerator> sessionIdGenerator,
			ObjectProvider<ReactiveSessionRepositoryCustomizer<ReactiveRedisHashSessionRepository>> customizers) {
		ReactiveRedisConnectionFactory connectionFactory = sessionStoreRedisConnection.reactiveConnectionFactory();
		ReactiveRedisHashSessionRepository repository = new ReactiveRedisHashSessionRepository(connectionFactory);
		sessionIdGenerator.ifUnique(repository::setSessionIdGenerator);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(repository));
		return repository;
	}

	@Bean
	ReactiveSessionRepositoryCustomizer<ReactiveRedisHashSessionRepository> sessionStorePropertiesCustomizer(
			SessionStoreProperties properties, ObjectProvider<SessionTimeout> sessionTimeout,
			ResourceLoader resourceLoader) {
		return new PropertiesSessionRepositoryCustomizer(properties, sessionTimeout,
				AttributeCodecs.fromProperties(properties, resourceLoader.getClassLoader()));
	}

	@Bean
	SessionStoreWebExceptionHandler sessionStoreWebExceptionHandler(SessionStoreProperties properties) {
		SessionStoreWebExceptionHandler handler = new SessionStoreWebExceptionHandler();
		handler.setRetryAfterSeconds(SessionStoreAutoConfiguration.retryAfterSeconds(properties));
		return handler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(RequestedSessionIdsWebFilter.class)
	static class RequestedSessionIdsConfiguration {

		@Bean
		RequestedSessionIdsWebFilter requestedSessionIdsWebFilter(
				@Qualifier(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME) WebSessionManager webSessionManager,
				ObjectProvider<WebSessionIdResolver> webSessionIdResolver) {
			return RequestedSessionIdsWebFilter.forSessionsOf(webSessionManager,
					() -> webSessionIdResolver.getIfAvailable(CookieWebSessionIdResolver::new));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(WebSessionIdResolver.class)
	static class SessionCookieConfiguration {

		@Bean
		SessionIdCookieWebSessionIdResolver webSessionIdResolver(ServerProperties serverProperties) {
			SessionIdCookieWebSessionIdResolver resolver = new SessionIdCookieWebSessionIdResolver();
			ReactiveSessionCookie.apply(serverProperties.getReactive().getSession().getCookie(), resolver);
			return resolver;
		}

	}

}
