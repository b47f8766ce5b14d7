package io.sessionstore.benchmarks.http;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web application whose sessions live in the store that the active profile
 * picks: {@code session-store}, {@code near-cache} (session-store with
 * {@code session-store.near-cache.enabled=true}), {@code spring-session} (Spring
 * Session's {@code RedisSessionRepository} through {@code @EnableRedisHttpSession}, as
 * its documentation sets it up), {@code spring-session-map} (Spring Session's filter
 * over its in-memory {@code MapSessionRepository}) or {@code in-memory} (the servlet
 * container's own sessions).
 */
@SpringBootApplication
public class SessionBenchmarkApplication {

	/**
	 * Run the application.
	 * @param args the arguments, for example {@code --spring.profiles.active=in-memory}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SessionBenchmarkApplication.class, args);
	}

}
