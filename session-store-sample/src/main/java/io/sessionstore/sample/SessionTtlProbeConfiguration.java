package io.sessionstore.sample;

import io.sessionstore.redis.RedisHashSessionRepository;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Registers the TTL probe ahead of every other filter, Spring Session's included.
 */
@Configuration(proxyBeanMethods = false)
class SessionTtlProbeConfiguration {

	@Bean
	FilterRegistrationBean<SessionTtlProbeFilter> sessionTtlProbeFilter(StringRedisTemplate redis,
			RedisHashSessionRepository repository,
			@Value("${server.servlet.session.cookie.name:SESSION}") String cookieName) {
		FilterRegistrationBean<SessionTtlProbeFilter> registration = new FilterRegistrationBean<>(
				new SessionTtlProbeFilter(redis, cookieName, repository.getNamespace()));
		registration.addUrlPatterns(SessionTtlProbeFilter.PATH);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
