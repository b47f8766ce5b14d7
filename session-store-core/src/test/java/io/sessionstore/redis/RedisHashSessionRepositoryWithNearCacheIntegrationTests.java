package io.sessionstore.redis;

import java.time.Duration;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repository contract with the near cache on: the request's own session is served
 * from it, and a sliding expiry gives the key the touch interval on top of the idle
 * timeout. The touch interval is short so that a session with a two-second idle timeout
 * still expires within the contract's wait.
 */
@WithRedis
class RedisHashSessionRepositoryWithNearCacheIntegrationTests extends RedisHashSessionRepositoryContract {

	RedisHashSessionRepositoryWithNearCacheIntegrationTests(RedisServer server) {
		super(server);
	}

	private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(2);

	@Override
	void configure(RedisHashSessionRepository repository) {
		repository.setNearCache(NearCacheOptions.builder().touchInterval(TOUCH_INTERVAL).build());
		await().atMost(Duration.ofSeconds(10)).until(repository::isNearCacheActive);
		assertThat(repository.getNearCache()).isNotNull();
	}

	@Override
	long expirySlackSeconds() {
		return TOUCH_INTERVAL.toSeconds();
	}

}
