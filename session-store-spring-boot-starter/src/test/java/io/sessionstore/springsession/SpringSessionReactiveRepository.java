package io.sessionstore.springsession;

import org.springframework.context.annotation.Configuration;
import org.springframework.session.data.redis.config.annotation.web.server.EnableRedisWebSession;

/**
 * The baseline of the round-trip counts: Spring Session's own
 * {@code ReactiveRedisSessionRepository}, as an application configures it with
 * {@link EnableRedisWebSession} (with {@code session-store.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
@EnableRedisWebSession
public class SpringSessionReactiveRepository {

}
