package io.sessionstore.benchmarks.http;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * Spring Session's {@code SessionRepositoryFilter} over its in-memory
 * {@link MapSessionRepository}, for the {@code spring-session-map} profile: what any
 * Spring Session backend costs before it reaches its store, the ceiling of a near cache.
 */
@Configuration(proxyBeanMethods = false)
@Profile("spring-session-map")
@EnableSpringHttpSession
class SpringSessionMapConfiguration {

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

}
