package io.sessionstore.redis.config.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionIdCookieSerializer;
import io.sessionstore.redis.SessionLookupCacheFilter;
import io.sessionstore.redis.SessionStoreExceptionResolver;

import org.springframework.context.annotation.Import;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Add this annotation to an {@code @Configuration} class of a Servlet application
 * without Spring Boot to keep its HTTP sessions as Redis hashes. It registers:
 * <ul>
 * <li>a {@link RedisHashSessionRepository} named {@code sessionRepository}, on the
 * application's single {@code RedisConnectionFactory} or on the one qualified with
 * {@link SessionStoreRedisConnectionFactory}, configured from this annotation's
 * attributes and then by every {@link SessionRepositoryCustomizer
 * SessionRepositoryCustomizer&lt;RedisHashSessionRepository&gt;} bean, in order;</li>
 * <li>Spring Session's {@link SessionRepositoryFilter} as a bean named
 * {@code springSessionRepositoryFilter}, with the {@link SessionLookupCacheFilter} built
 * in front of it: one {@code DelegatingFilterProxy} of that name (such as the one
 * Spring Session's {@code AbstractHttpSessionApplicationInitializer} registers) runs
 * both, so that a read-only request costs one Redis round trip and a request that fails
 * because Redis is unavailable is answered with HTTP 503 and {@code Retry-After};</li>
 * <li>the session ID resolver: the application's {@code HttpSessionIdResolver} bean, or a
 * cookie resolver with the application's {@code CookieSerializer} bean, or Spring
 * Session's default cookie ({@code SESSION}, HttpOnly, SameSite=Lax) adjusted by the
 * Servlet context's session cookie configuration and carrying the raw session ID, as a
 * WebFlux application's does; a cookie resolver also reads the base64 form of the ID
 * that Spring Session writes by default ({@link SessionIdCookieSerializer});</li>
 * <li>Spring Session's {@code SessionEventHttpSessionListenerAdapter}, so that
 * {@code HttpSessionListener} beans hear of created and deleted sessions;</li>
 * <li>a {@link PrincipalIndexSweeper}, unless the principal index is switched off;</li>
 * <li>with Spring MVC on the class path, a {@link SessionStoreExceptionResolver}, so that
 * the application's own exception handlers do not turn an unavailable Redis into a
 * 500.</li>
 * </ul>
 * For example:
 *
 * <pre class="code">
 * &#064;Configuration(proxyBeanMethods = false)
 * &#064;EnableRedisHashHttpSession(maxInactiveInterval = "45m", redisNamespace = "session:shop")
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
 * how long a request waits for an unavailable Redis (Lettuce's default is 60 seconds).
 * Give sessions a factory of their own with {@link SessionStoreRedisConnectionFactory}
 * to bound it without changing the application's.
 *
 * @see EnableRedisHashWebSession
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@Import(RedisHashHttpSessionConfiguration.class)
public @interface EnableRedisHashHttpSession {

	/**
	 * The idle timeout of new sessions in seconds; 1800 (30 minutes) by default. A
	 * negative value means that sessions never expire. Ignored when
	 * {@link #maxInactiveInterval()} is set.
	 * @return the seconds a session can be inactive before it expires
	 */
	int maxInactiveIntervalInSeconds() default MapSession.DEFAULT_MAX_INACTIVE_INTERVAL_SECONDS;

	/**
	 * The idle timeout of new sessions as a duration, such as {@code 45m} or
	 * {@code PT45M}, or a placeholder that resolves to one, such as
	 * {@code ${session.timeout}}. When set, it replaces
	 * {@link #maxInactiveIntervalInSeconds()}, which must then be left at its default.
	 * @return the duration a session can be inactive before it expires
	 */
	String maxInactiveInterval() default "";

	/**
	 * The namespace of the session keys, {@code session} by default: sessions are kept as
	 * {@code <namespace>:<id>}. Applications that share a Redis keep their sessions apart
	 * with different namespaces. Placeholders are resolved.
	 * @return the namespace of the keys
	 */
	String redisNamespace() default RedisHashSessionRepository.DEFAULT_NAMESPACE;

	/**
	 * The flush mode; {@link FlushMode#ON_SAVE} by default writes the session when the
	 * response is committed, {@link FlushMode#IMMEDIATE} on every change.
	 * @return the flush mode
	 */
	FlushMode flushMode() default FlushMode.ON_SAVE;

	/**
	 * The save mode; {@link SaveMode#ON_SET_ATTRIBUTE} by default writes only the
	 * attributes that were set.
	 * @return the save mode
	 */
	SaveMode saveMode() default SaveMode.ON_SET_ATTRIBUTE;

	/**
	 * The delay between two sweeps of the principal index, which remove the index sets
	 * whose sessions are all gone, as a duration such as {@code 10m} (the default) or a
	 * placeholder that resolves to one; {@code 0} never sweeps.
	 * @return the delay between two sweeps
	 */
	String principalIndexSweepInterval() default "10m";

	/**
	 * The {@code Retry-After} value in seconds sent with HTTP 503 when Redis is
	 * unavailable; 5 by default.
	 * @return the delay after which a client may try again
	 */
	int retryAfterSeconds() default 5;

}
