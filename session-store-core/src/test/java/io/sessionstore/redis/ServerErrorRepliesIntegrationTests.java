package io.sessionstore.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Error replies of a server that cannot serve right now (a replica, a server busy with a
 * script) fail session operations with {@link SessionStoreUnavailableException}, which
 * the application answers with 503, never with an error of its own: in the Servlet and
 * in the reactive repository.
 */
class ServerErrorRepliesIntegrationTests {

	private RedisServer server;

	private TestRedisConnections connections;

	private RedisHashSessionRepository repository;

	private RedisHashSession session;

	@BeforeEach
	void startRedis() {
		this.server = RedisServers.startDedicated();
		this.connections = new TestRedisConnections(this.server);
		this.repository = new RedisHashSessionRepository(this.connections.connectionFactory());
		this.session = this.repository.createSession();
		this.session.setAttribute("username", "andrew");
		this.repository.save(this.session);
	}

	@AfterEach
	void stopRedis() {
		this.connections.close();
		this.server.close();
	}

	@Test
	void demotedMasterAnswersWritesWithReadonlyWhichIsUnavailability() {
		try (RedisServer master = RedisServers.startDedicated()) {
			this.server.command("REPLICAOF", master.host(), Integer.toString(master.port()));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.server.command("INFO", "replication").contains("master_link_status:up"));

			RedisHashSession created = this.repository.createSession();
			assertThatExceptionOfType(SessionStoreUnavailableException.class)
				.isThrownBy(() -> this.repository.save(created))
				.withMessageStartingWith("Redis is unavailable while saving a session");
			ReactiveRedisHashSessionRepository reactive = reactiveRepository();
			StepVerifier.create(reactive.createSession().flatMap(reactive::save))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStoreUnavailableException.class)
					.hasMessageStartingWith("Redis is unavailable while saving a session"))
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void replicaCutOffFromItsMasterAnswersMasterdownWhichIsUnavailability() {
		this.server.command("CONFIG", "SET", "replica-serve-stale-data", "no");
		this.server.command("REPLICAOF", "127.0.0.1", Integer.toString(portWhereNothingAnswers()));

		assertThatExceptionOfType(SessionStoreUnavailableException.class)
			.isThrownBy(() -> this.repository.findById(this.session.getId()))
			.withMessageStartingWith("Redis is unavailable while loading a session");
		StepVerifier.create(reactiveRepository().findById(this.session.getId()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStoreUnavailableException.class)
				.hasMessageStartingWith("Redis is unavailable while loading a session"))
			.verify(Duration.ofSeconds(10));
	}

	private ReactiveRedisHashSessionRepository reactiveRepository() {
		return new ReactiveRedisHashSessionRepository(
				(ReactiveRedisConnectionFactory) this.connections.connectionFactory());
	}

	@Test
	void serverBusyWithALongScriptAnswersBusyWhichIsUnavailability() {
		this.server.command("CONFIG", "SET", "lua-time-limit", "50");
		CompletableFuture<Void> longScript = CompletableFuture.runAsync(() -> {
			try {
				this.server.command("EVAL", "while true do end", "0");
			}
			catch (UncheckedIOException ex) {
				assertThat(ex.getMessage()).contains("killed");
			}
		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> isBusy());

			assertThatExceptionOfType(SessionStoreUnavailableException.class)
				.isThrownBy(() -> this.repository.findById(this.session.getId()));
		}
		finally {
			await().atMost(Duration.ofSeconds(10)).until(() -> scriptKilled());
			longScript.join();
		}
		assertThat(this.repository.findById(this.session.getId()).<String>getAttribute("username")).isEqualTo("andrew");
	}

	private static int portWhereNothingAnswers() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private boolean isBusy() {
		try {
			this.server.command("PING");
			return false;
		}
		catch (UncheckedIOException ex) {
			return ex.getMessage().contains("BUSY");
		}
	}

	private boolean scriptKilled() {
		try {
			this.server.command("SCRIPT", "KILL");
			return true;
		}
		catch (UncheckedIOException ex) {
			return ex.getMessage().contains("NOTBUSY");
		}
	}

	@Test
	void errorRepliesThatMeanTheServerCannotServeNowAreTold() {
		Map<String, Boolean> replies = Map.ofEntries(
				Map.entry("LOADING Redis is loading the dataset in memory", true),
				Map.entry("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.", true),
				Map.entry("READONLY You can't write against a read only replica.", true),
				Map.entry("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", true),
				Map.entry("CLUSTERDOWN The cluster is down", true),
				Map.entry("TRYAGAIN Multiple keys request during rehashing of slot", true),
				Map.entry("OOM command not allowed when used memory > 'maxmemory'.", true),
				Map.entry("ERR Error running script (call to f_0a1b): @user_script:12: -READONLY You can't write against a read only replica.", true),
				Map.entry("WRONGTYPE Operation against a key holding the wrong kind of value", false),
				Map.entry("ERR hash value is not an integer", false),
				Map.entry("ERR Error running script: @user_script:3: user_script:3: Script attempted to access a non local key in a cluster node", false));

		replies.forEach((reply, unavailable) -> assertThat(ServerErrorReplies.meanUnavailable(reply))
			.as(reply).isEqualTo(unavailable));
	}

}
