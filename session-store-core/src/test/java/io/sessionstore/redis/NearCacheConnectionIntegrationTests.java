package io.sessionstore.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The near cache's connection on a server of the test's own: what a lost connection, a
 * restart, a flush and a key's expiry do to the cached sessions.
 */
class NearCacheConnectionIntegrationTests {

	private static RedisServer server;

	private NearCacheNode node;

	private TestRedisConnections plain;

	private RedisClusterCommands<String, String> cli;

	private String namespace;

	@BeforeAll
	static void startRedis() {
		server = RedisServers.startDedicated();
	}

	@AfterAll
	static void stopRedis() {
		server.close();
	}

	@BeforeEach
	void startNode() {
		this.namespace = "conn-" + UUID.randomUUID().toString().substring(0, 8);
		this.node = new NearCacheNode(server, this.namespace, NearCacheOptions.defaults());
		this.plain = new TestRedisConnections(server);
		this.cli = this.plain.cli();
	}

	@AfterEach
	void stopNode() {
		this.node.close();
		this.plain.close();
	}

	private String key(String id) {
		return this.namespace + ":" + id;
	}

	private String cachedSession() {
		RedisHashSession session = this.node.repository().createSession();
		session.setAttribute("colour", "red");
		this.node.repository().save(session);
		assertThat(this.node.ownSession(session.getId())).isNotNull();
		assertThat(this.node.holds(session.getId())).isTrue();
		return session.getId();
	}

	private List<String> trackingClientIds() {
		return server.command("CLIENT", "LIST")
			.lines()
			.filter((line) -> List.of(field(line, "flags").split("")).contains("t"))
			.map((line) -> field(line, "id"))
			.toList();
	}

	private static String field(String clientLine, String name) {
		for (String pair : clientLine.split(" ")) {
			if (pair.startsWith(name + "=")) {
				return pair.substring(name.length() + 1);
			}
		}
		return "";
	}

	/**
	 * Once the node is active again, its cache is filled again, serves without a command,
	 * and learns of a change made with a plain client: tracking is on again.
	 */
	private void assertRebuiltAndTracked(String id) throws Exception {
		this.node.awaitActive();
		assertThat(this.node.ownSession(id)).isNotNull();
		assertThat(this.node.holds(id)).isTrue();
		try (RedisMonitor monitor = RedisMonitor.attach(server)) {
			assertThat(monitor.record(() -> this.node.ownSession(id))).isEmpty();
		}
		long invalidations = this.node.repository().getNearCacheInvalidationCount();
		this.cli.hset(key(id), "colour", "green");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.node.repository().getNearCacheInvalidationCount() > invalidations);
		assertThat(this.node.ownSession(id).<String>getAttribute("colour")).isEqualTo("green");
	}

	@Test
	void lostConnectionDropsTheCacheUntilTrackingIsConfirmedAgain() throws Exception {
		String id = cachedSession();
		List<String> before = trackingClientIds();
		assertThat(before).hasSize(1);
		long invalidations = this.node.repository().getNearCacheInvalidationCount();

		server.command("CLIENT", "KILL", "ID", before.get(0));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.node.nearCache().size() == 0);
		assertThat(this.node.repository().getNearCacheInvalidationCount()).isEqualTo(invalidations);
		this.cli.hset(key(id), "colour", "blue");
		assertThat(this.node.ownSession(id).<String>getAttribute("colour")).isEqualTo("blue");
		assertRebuiltAndTracked(id);
		assertThat(trackingClientIds()).hasSize(1).doesNotContainAnyElementsOf(before);
	}

	@Test
	void restartOfRedisDropsTheCacheAndTrackingComesBack() throws Exception {
		String id = cachedSession();

		server.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.node.repository().isNearCacheActive());
		assertThat(this.node.nearCache().size()).isZero();
		server.start();

		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(SessionStoreUnavailableException.class)
			.until(() -> this.node.ownSession(id) == null);
		RedisHashSession session = this.node.repository().createSession();
		session.setAttribute("colour", "red");
		this.node.repository().save(session);
		assertRebuiltAndTracked(session.getId());
	}

	@Test
	void serverThatDoesNotAnswerFailsTheFirstReadOnceWithoutASecondCommand() throws Exception {
		RedisHashSession session = this.node.repository().createSession();
		this.node.repository().save(session);

		List<RedisMonitor.MonitoredCommand> commands;
		try (RedisMonitor monitor = RedisMonitor.attach(server)) {
			commands = RedisMonitor.clientCommands(monitor.record(() -> {
				server.command("CLIENT", "PAUSE", "3000", "ALL");
				assertThatThrownBy(() -> this.node.ownSession(session.getId()))
					.isInstanceOf(SessionStoreUnavailableException.class);
			}));
		}

		assertThat(commands).extracting(RedisMonitor.MonitoredCommand::name).containsOnlyOnce("EVALSHA");
		assertThat(commands).extracting(RedisMonitor.MonitoredCommand::name).doesNotContain("EVAL");
		assertThat(this.node.ownSession(session.getId())).isNotNull();
	}

	@Test
	void flushOfTheServerEmptiesTheCache() {
		String id = cachedSession();
		long invalidations = this.node.repository().getNearCacheInvalidationCount();

		this.cli.flushall();

		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.node.repository().getNearCacheInvalidationCount() > invalidations);
		assertThat(this.node.nearCache().size()).isZero();
		assertThat(this.node.ownSession(id)).isNull();
		assertThat(this.node.repository().isNearCacheActive()).isTrue();
	}

	@Test
	void cachedSessionIsAMissOnceItsKeyExpiresEvenBeforeRedisDeletesIt() {
		this.node.repository().setMaxLifetime(Duration.ofSeconds(2));
		String id = cachedSession();
		long ttl = this.cli.pttl(key(id));
		assertThat(ttl).isBetween(1L, 2000L);
		long invalidations = this.node.repository().getNearCacheInvalidationCount();

		server.command("CLIENT", "PAUSE", "5000", "WRITE");
		try {
			await().atMost(Duration.ofSeconds(4)).until(() -> !this.node.holds(id));
			assertThat(this.node.repository().getNearCacheInvalidationCount()).isEqualTo(invalidations);
		}
		finally {
			server.command("CLIENT", "UNPAUSE");
		}
		assertThat(this.node.ownSession(id)).isNull();
	}

}
