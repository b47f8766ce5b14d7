package io.sessionstore.sample;

import io.sessionstore.redis.RedisHashSessionRepository;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.web.http.CookieSerializer;

/**
 * Registers the TTL probe ahead of every other filter, Spring Session's and Spring
 * Security's included.
 */
@Configuration(proxyBeanMethods = false)
class SessionTtlProbeConfiguration {

	@Bean
	FilterRegistrationBean<SessionTtlProbeFilter> sessionTtlProbeFilter(StringRedisTemplate redis,
			CookieSerializer cookieSerializer, RedisHashSessionRepository repository) {
		FilterRegistrationBean<SessionTtlProbeFilter> registration = new FilterRegistrationBean<>(
				new SessionTtlProbeFilter(redis, cookieSerializer, repository.getNamespace()));
		registration.addUrlPatterns(SessionTtlProbeFilter.PATH);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
