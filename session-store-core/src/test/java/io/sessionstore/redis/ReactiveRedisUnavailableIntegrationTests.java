package io.sessionstore.redis;

import java.time.Duration;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the reactive repository does while Redis is down or cannot serve, on a server of
 * the test's own: it fails with {@link SessionStoreUnavailableException}, which
 * applications answer with 503, and serves again by itself.
 */
class ReactiveRedisUnavailableIntegrationTests {

	private RedisServer server;

	private TestRedisConnections connections;

	private ReactiveRedisHashSessionRepository repository;

	private RedisHashSession session;

	@BeforeEach
	void startRedis() {
		this.server = RedisServers.startDedicated();
		this.connections = new TestRedisConnections(this.server);
		this.repository = new ReactiveRedisHashSessionRepository(
				(ReactiveRedisConnectionFactory) this.connections.connectionFactory());
		this.session = this.repository.createSession().block();
		this.session.setAttribute("username", "andrew");
		this.repository.save(this.session).block();
		BlockingCalls.watch();
	}

	@AfterEach
	void stopRedis() {
		this.connections.close();
		this.server.close();
		assertThat(BlockingCalls.detected()).as("blocking calls on non-blocking threads").isEmpty();
	}

	@Test
	void loadFailsFastWithTheNamedExceptionAndServiceResumesByItself() {
		this.server.stop();

		StepVerifier.create(this.repository.findById(this.session.getId()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStoreUnavailableException.class)
				.hasMessageStartingWith("Redis is unavailable while loading a session"))
			.verify(Duration.ofSeconds(10));
		this.server.start();
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(SessionStoreUnavailableException.class)
			.until(() -> this.repository.findById(this.session.getId()).blockOptional().isEmpty());
	}

	@Test
	void demotedMasterAnswersWritesWithReadonlyWhichIsUnavailability() {
		try (RedisServer master = RedisServers.startDedicated()) {
			this.server.command("REPLICAOF", master.host(), Integer.toString(master.port()));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.server.command("INFO", "replication").contains("master_link_status:up"));
			RedisHashSession created = this.repository.createSession().block();

			StepVerifier.create(this.repository.save(created))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStoreUnavailableException.class)
					.hasMessageStartingWith("Redis is unavailable while saving a session"))
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void replicaCutOffFromItsMasterAnswersMasterdownWhichIsUnavailability() {
		this.server.command("CONFIG", "SET", "replica-serve-stale-data", "no");
		this.server.command("REPLICAOF", "127.0.0.1", Integer.toString(ServerErrorRepliesIntegrationTests.portWhereNothingAnswers()));

		StepVerifier.create(this.repository.findById(this.session.getId()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStoreUnavailableException.class)
				.hasMessageStartingWith("Redis is unavailable while loading a session"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void incrementOfANonIntegerIsTheApplicationsErrorNotUnavailability() {
		StepVerifier.create(this.repository.incrementAttribute(this.session.getId(), "username", 1))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessage("Session attribute 'username' does not hold an integer and cannot be incremented"))
			.verify(Duration.ofSeconds(10));
	}

}
