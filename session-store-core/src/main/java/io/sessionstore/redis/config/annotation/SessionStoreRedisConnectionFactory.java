package io.sessionstore.redis.config.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the Redis connection factory that session operations use, when it is not the
 * application's only one. Without a factory so qualified, session operations use the
 * application's single {@code RedisConnectionFactory}. For example, to give sessions a
 * connection of their own whose commands fail within two seconds while Redis is
 * unavailable:
 *
 * <pre class="code">
 * &#064;Bean
 * &#064;SessionStoreRedisConnectionFactory
 * LettuceConnectionFactory sessionStoreRedisConnectionFactory() {
 *     LettuceClientConfiguration client = LettuceClientConfiguration.builder()
 *         .commandTimeout(Duration.ofSeconds(2))
 *         .clientOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build())
 *         .build();
 *     return new LettuceConnectionFactory(new RedisStandaloneConfiguration("redis", 6379), client);
 * }
 * </pre>
 *
 * @see EnableRedisHashHttpSession
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface SessionStoreRedisConnectionFactory {

}
