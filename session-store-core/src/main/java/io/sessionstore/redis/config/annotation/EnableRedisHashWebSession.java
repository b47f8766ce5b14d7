package io.sessionstore.redis.config.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.RequestedSessionIdsWebFilter;
import io.sessionstore.redis.SessionIdCookieWebSessionIdResolver;
import io.sessionstore.redis.SessionStoreWebExceptionHandler;

import org.springframework.context.annotation.Import;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Add this annotation to an {@code @Configuration} class of a WebFlux application
 * without Spring Boot to keep its web sessions as Redis hashes, exactly as
 * {@link EnableRedisHashHttpSession} keeps a Servlet application's. It registers:
 * <ul>
 * <li>a {@link ReactiveRedisHashSessionRepository} named {@code sessionRepository}, on
 * the application's single {@code ReactiveRedisConnectionFactory} or on the one qualified
 * with {@link SessionStoreRedisConnectionFactory}, configured from this annotation's
 * attributes and then by every {@link ReactiveSessionRepositoryCustomizer
 * ReactiveSessionRepositoryCustomizer&lt;ReactiveRedisHashSessionRepository&gt;} bean, in
 * order;</li>
 * <li>a {@link WebSessionManager} on Spring Session's {@code SpringSessionWebSessionStore}
 * named {@code webSessionManager}, so that {@link WebHttpHandlerBuilder#applicationContext}
 * uses it, with the application's {@code WebSessionIdResolver} bean or a
 * {@link SessionIdCookieWebSessionIdResolver}: the {@code SESSION} cookie, HttpOnly,
 * SameSite=Lax, carrying the raw session ID, so that a Servlet application on the same
 * Redis and namespace shares the sessions;</li>
 * <li>a {@link RequestedSessionIdsWebFilter} with that resolver, so that the repository
 * touches only the exchange's own session when loading it;</li>
 * <li>a {@link SessionStoreWebExceptionHandler}, so that a request that fails because
 * Redis is unavailable is answered with HTTP 503 and {@code Retry-After}.</li>
 * </ul>
 * For example:
 *
 * <pre class="code">
 * &#064;Configuration(proxyBeanMethods = false)
 * &#064;EnableWebFlux
 * &#064;EnableRedisHashWebSession(maxInactiveInterval = "45m")
 * public class SessionConfig {
 *
 *     &#064;Bean
 *     public LettuceConnectionFactory redisConnectionFactory() {
 *         return new LettuceConnectionFactory("redis", 6379);
 *     }
 *
 * }
 * </pre>
 *
 * Session operations use the connection factory as it is: its command timeout bounds
 * how long a request waits for an unavailable Redis. The reactive repository has no flush
 * mode (changes are written when WebFlux saves the session) and no principal index sweep.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@Import(RedisHashWebSessionConfiguration.class)
public @interface EnableRedisHashWebSession {

	/**
	 * The idle timeout of new sessions in seconds; 1800 (30 minutes) by default. A
	 * negative value means that sessions never expire. Ignored when
	 * {@link #maxInactiveInterval()} is set.
	 * @return the seconds a session can be inactive before it expires
	 */
	int maxInactiveIntervalInSeconds() default MapSession.DEFAULT_MAX_INACTIVE_INTERVAL_SECONDS;

	/**
	 * The idle timeout of new sessions as a duration, such as {@code 45m} or
	 * {@code PT45M}, or a placeholder that resolves to one. When set, it replaces
	 * {@link #maxInactiveIntervalInSeconds()}, which must then be left at its default.
	 * @return the duration a session can be inactive before it expires
	 */
	String maxInactiveInterval() default "";

	/**
	 * The namespace of the session keys, {@code session} by default: sessions are kept as
	 * {@code <namespace>:<id>}. Placeholders are resolved.
	 * @return the namespace of the keys
	 */
	String redisNamespace() default RedisHashSessionRepository.DEFAULT_NAMESPACE;

	/**
	 * The save mode; {@link SaveMode#ON_SET_ATTRIBUTE} by default writes only the
	 * attributes that were set.
	 * @return the save mode
	 */
	SaveMode saveMode() default SaveMode.ON_SET_ATTRIBUTE;

	/**
	 * The {@code Retry-After} value in seconds sent with HTTP 503 when Redis is
	 * unavailable; 5 by default.
	 * @return the delay after which a client may try again
	 */
	int retryAfterSeconds() default 5;

}
