package io.sessionstore.redis.config.annotation;

import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionIdCookieSerializer;
import io.sessionstore.redis.SessionStoreExceptionResolver;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.FlushMode;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.security.web.authentication.SpringSessionRememberMeServices;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionEventHttpSessionListenerAdapter;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.ClassUtils;

/**
 * The beans of {@link EnableRedisHashHttpSession}.
 */
@Configuration(proxyBeanMethods = false)
class RedisHashHttpSessionConfiguration extends RedisHashSessionConfigurationSupport {

	private static final Log logger = LogFactory.getLog(RedisHashHttpSessionConfiguration.class);

	private static final String REMEMBER_ME_SERVICES_CLASS = "org.springframework.security.web.authentication.RememberMeServices";

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private Duration principalIndexSweepInterval = Duration.ofMinutes(10);

	RedisHashHttpSessionConfiguration() {
		super(EnableRedisHashHttpSession.class);
	}

	@Override
	void importAttributes(SessionAnnotationAttributes attributes) {
		this.flushMode = attributes.enumValue("flushMode");
		this.principalIndexSweepInterval = attributes.duration("principalIndexSweepInterval");
	}

	@Bean
	RedisHashSessionRepository sessionRepository(
			@SessionStoreRedisConnectionFactory ObjectProvider<RedisConnectionFactory> sessionStoreRedisConnectionFactory,
			ObjectProvider<RedisConnectionFactory> redisConnectionFactory, ApplicationEventPublisher eventPublisher,
			ObjectProvider<SessionIdGenerator> sessionIdGenerator,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<SessionRepositoryCustomizer<RedisHashSessionRepository>> customizers) {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(
				connectionFactory(sessionStoreRedisConnectionFactory, redisConnectionFactory));
		repository.setDefaultMaxInactiveInterval(this.maxInactiveInterval);
		repository.setNamespace(this.namespace);
		repository.setFlushMode(this.flushMode);
		repository.setSaveMode(this.saveMode);
		repository.setApplicationEventPublisher(eventPublisher);
		sessionIdGenerator.ifUnique(repository::setSessionIdGenerator);
		observationRegistry.ifUnique(repository::setObservationRegistry);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(repository));
		return repository;
	}

	@Bean
	SessionRepositoryFilter<RedisHashSession> springSessionRepositoryFilter(
			RedisHashSessionRepository sessionRepository, ObjectProvider<HttpSessionIdResolver> httpSessionIdResolver,
			ObjectProvider<CookieSerializer> cookieSerializer, ObjectProvider<ServletContext> servletContext,
			ApplicationContext applicationContext) {
		HttpSessionIdResolver resolver = httpSessionIdResolver.getIfAvailable(() -> {
			CookieHttpSessionIdResolver cookieResolver = new CookieHttpSessionIdResolver();
			cookieResolver.setCookieSerializer(new SessionIdCookieSerializer(cookieSerializer
				.getIfAvailable(() -> defaultCookieSerializer(servletContext.getIfAvailable(), applicationContext))));
			return cookieResolver;
		});
		return new LookupCachingSessionRepositoryFilter(sessionRepository, resolver, this.retryAfterSeconds);
	}

	@Bean
	SessionEventHttpSessionListenerAdapter sessionEventHttpSessionListenerAdapter(
			ObjectProvider<HttpSessionListener> httpSessionListeners) {
		return new SessionEventHttpSessionListenerAdapter(httpSessionListeners.orderedStream().toList());
	}

	@Bean
	PrincipalIndexSweeper sessionStorePrincipalIndexSweeper(RedisHashSessionRepository sessionRepository) {
		return new PrincipalIndexSweeper(sessionRepository,
				sessionRepository.isPrincipalIndexEnabled() ? this.principalIndexSweepInterval : Duration.ZERO);
	}

	/**
	 * Spring Session's default cookie with the raw session ID, as WebFlux writes it, named,
	 * scoped and aged as the Servlet context's session cookie configuration says, and read
	 * by Spring Session's remember-me services when the application uses them.
	 */
	private static CookieSerializer defaultCookieSerializer(@Nullable ServletContext servletContext,
			ApplicationContext applicationContext) {
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		serializer.setUseBase64Encoding(false);
		SessionCookieConfig cookieConfig = (servletContext != null) ? sessionCookieConfig(servletContext) : null;
		if (cookieConfig != null) {
			if (cookieConfig.getName() != null) {
				serializer.setCookieName(cookieConfig.getName());
			}
			if (cookieConfig.getDomain() != null) {
				serializer.setDomainName(cookieConfig.getDomain());
			}
			if (cookieConfig.getPath() != null) {
				serializer.setCookiePath(cookieConfig.getPath());
			}
			if (cookieConfig.getMaxAge() != -1) {
				serializer.setCookieMaxAge(cookieConfig.getMaxAge());
			}
		}
		if (ClassUtils.isPresent(REMEMBER_ME_SERVICES_CLASS, applicationContext.getClassLoader())
				&& applicationContext.getBeanNamesForType(SpringSessionRememberMeServices.class).length > 0) {
			serializer.setRememberMeRequestAttribute(SpringSessionRememberMeServices.REMEMBER_ME_LOGIN_ATTR);
		}
		return serializer;
	}

	/**
	 * Return the Servlet context's session cookie configuration, or {@code null} when the
	 * application context is started by a listener that was added programmatically, which
	 * may not read it.
	 */
	private static @Nullable SessionCookieConfig sessionCookieConfig(ServletContext servletContext) {
		try {
			return servletContext.getSessionCookieConfig();
		}
		catch (UnsupportedOperationException ex) {
			logger.debug("Session cookie configuration of the Servlet context not applied: " + ex.getMessage());
			return null;
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnSpringMvcCondition.class)
	static class SpringMvcConfiguration {

		@Bean
		SessionStoreExceptionResolver sessionStoreExceptionResolver(RedisHashHttpSessionConfiguration configuration) {
			return new SessionStoreExceptionResolver(configuration.retryAfterSeconds);
		}

	}

	static class OnSpringMvcCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return ClassUtils.isPresent("org.springframework.web.servlet.HandlerExceptionResolver",
					context.getClassLoader());
		}

	}

}
