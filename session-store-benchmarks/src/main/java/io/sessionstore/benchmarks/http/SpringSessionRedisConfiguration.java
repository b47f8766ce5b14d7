package io.sessionstore.benchmarks.http;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * Spring Session's {@code RedisSessionRepository}, as its reference documentation
 * configures it, for the {@code spring-session} profile.
 */
@Configuration(proxyBeanMethods = false)
@Profile("spring-session")
@EnableRedisHttpSession
class SpringSessionRedisConfiguration {

}
