package io.sessionstore.redis.config.annotation;

import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RequestedSessionIdsWebFilter;
import io.sessionstore.redis.SessionIdCookieWebSessionIdResolver;
import io.sessionstore.redis.SessionStoreWebExceptionHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The beans of {@link EnableRedisHashWebSession}.
 */
@Configuration(proxyBeanMethods = false)
class RedisHashWebSessionConfiguration extends RedisHashSessionConfigurationSupport {

	RedisHashWebSessionConfiguration() {
		super(EnableRedisHashWebSession.class);
	}

	@Bean
	ReactiveRedisHashSessionRepository sessionRepository(
			@SessionStoreRedisConnectionFactory ObjectProvider<ReactiveRedisConnectionFactory> sessionStoreRedisConnectionFactory,
			ObjectProvider<ReactiveRedisConnectionFactory> redisConnectionFactory,
			ObjectProvider<SessionIdGenerator> sessionIdGenerator,
			ObjectProvider<ReactiveSessionRepositoryCustomizer<ReactiveRedisHashSessionRepository>> customizers) {
		ReactiveRedisHashSessionRepository repository = new ReactiveRedisHashSessionRepository(
				connectionFactory(sessionStoreRedisConnectionFactory, redisConnectionFactory));
		repository.setDefaultMaxInactiveInterval(this.maxInactiveInterval);
		repository.setNamespace(this.namespace);
		repository.setSaveMode(this.saveMode);
		sessionIdGenerator.ifUnique(repository::setSessionIdGenerator);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(repository));
		return repository;
	}

	@Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
	WebSessionManager webSessionManager(ReactiveRedisHashSessionRepository sessionRepository,
			ObjectProvider<WebSessionIdResolver> webSessionIdResolver) {
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionStore(new SpringSessionWebSessionStore<RedisHashSession>(sessionRepository));
		manager.setSessionIdResolver(webSessionIdResolver.getIfAvailable(SessionIdCookieWebSessionIdResolver::new));
		return manager;
	}

	@Bean
	RequestedSessionIdsWebFilter requestedSessionIdsWebFilter(
			@Qualifier(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME) WebSessionManager webSessionManager,
			ObjectProvider<WebSessionIdResolver> webSessionIdResolver) {
		return RequestedSessionIdsWebFilter.forSessionsOf(webSessionManager,
				() -> webSessionIdResolver.getIfAvailable(SessionIdCookieWebSessionIdResolver::new));
	}

	@Bean
	SessionStoreWebExceptionHandler sessionStoreWebExceptionHandler() {
		SessionStoreWebExceptionHandler handler = new SessionStoreWebExceptionHandler();
		handler.setRetryAfterSeconds(this.retryAfterSeconds);
		return handler;
	}

}
