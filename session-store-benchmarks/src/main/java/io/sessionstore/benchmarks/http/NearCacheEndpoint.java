package io.sessionstore.benchmarks.http;

import io.sessionstore.redis.RedisHashSessionRepository;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The state of the near cache, for the {@code near-cache} profile, so that the load
 * waits for it to start and the report can say how many reads it served.
 */
@RestController
@Profile("near-cache")
class NearCacheEndpoint {

	private final RedisHashSessionRepository repository;

	NearCacheEndpoint(RedisHashSessionRepository repository) {
		this.repository = repository;
	}

	@GetMapping("/near-cache")
	String nearCache() {
		return this.repository.isNearCacheActive() + " " + this.repository.getNearCacheHitCount() + " "
				+ this.repository.getNearCacheMissCount();
	}

}
