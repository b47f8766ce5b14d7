package io.sessionstore.redis;

import java.time.Duration;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BlockingCalls} sees a blocking call on the threads that the reactive
 * repository's chains run on, so that the reactive contract, which fails on any call it
 * records, cannot pass only because nothing was watched.
 */
@WithRedis
class BlockingCallsIntegrationTests {

	private final RedisServer server;

	BlockingCallsIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@Test
	void blockingCallChainedOnARedisReplyIsDetected() {
		try (TestRedisConnections connections = new TestRedisConnections(this.server)) {
			ReactiveRedisHashSessionRepository repository = new ReactiveRedisHashSessionRepository(
					(ReactiveRedisConnectionFactory) connections.connectionFactory());
			BlockingCalls.watch();

			repository.createSession()
				.flatMap((session) -> repository.save(session).thenReturn(session))
				.doOnNext((session) -> sleep())
				.block(Duration.ofSeconds(5));

			assertThat(BlockingCalls.detected()).singleElement()
				.asString()
				.contains("java.lang.Thread.sleep")
				.containsIgnoringCase("lettuce");
		}
	}

	@Test
	void blockingCallOnAReactorSchedulerIsDetected() {
		BlockingCalls.watch();

		Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> sleep()).block(Duration.ofSeconds(5));

		assertThat(BlockingCalls.detected()).singleElement()
			.asString()
			.contains("java.lang.Thread.sleep")
			.contains("parallel");
	}

	@Test
	void blockingCallOnTheTestsOwnThreadIsAllowed() {
		BlockingCalls.watch();

		Mono.just("value").doOnNext((value) -> sleep()).block(Duration.ofSeconds(5));

		assertThat(BlockingCalls.detected()).isEmpty();
	}

	private static void sleep() {
		try {
			Thread.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
