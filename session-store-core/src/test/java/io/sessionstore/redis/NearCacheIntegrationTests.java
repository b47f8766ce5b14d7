package io.sessionstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes on one Redis, each with its own near cache: what one node or a
 * plain client changes is seen by the other once Redis's invalidation has reached it.
 */
@WithRedis
class NearCacheIntegrationTests {

	private final RedisServer server;

	private String namespace;

	private NearCacheNode a;

	private NearCacheNode b;

	private TestRedisConnections plain;

	private RedisClusterCommands<String, String> cli;

	NearCacheIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@BeforeEach
	void startNodes() {
		this.namespace = "near-" + UUID.randomUUID().toString().substring(0, 8);
		this.a = new NearCacheNode(this.server, this.namespace, NearCacheOptions.defaults());
		this.b = new NearCacheNode(this.server, this.namespace, NearCacheOptions.defaults());
		this.plain = new TestRedisConnections(this.server);
		this.cli = this.plain.cli();
	}

	@AfterEach
	void stopNodes() {
		this.a.close();
		this.b.close();
		this.plain.close();
	}

	private String key(String id) {
		return this.namespace + ":" + id;
	}

	private RedisHashSession savedOnA(Map<String, Object> attributes) {
		RedisHashSession session = this.a.repository().createSession();
		attributes.forEach(session::setAttribute);
		this.a.repository().save(session);
		return session;
	}

	/**
	 * Let B cache the session, run a change, and wait until B has received an
	 * invalidation for it.
	 */
	private void cachedOnBThenChanged(String id, Runnable change) {
		assertThat(this.b.ownSession(id)).isNotNull();
		assertThat(this.b.holds(id)).isTrue();
		LongSupplier invalidations = this.b.repository()::getNearCacheInvalidationCount;
		long before = invalidations.getAsLong();
		change.run();
		await().atMost(Duration.ofSeconds(5)).until(() -> invalidations.getAsLong() > before);
		assertThat(this.b.holds(id)).isFalse();
	}

	private List<MonitoredCommand> clientCommands(RedisMonitor.ThrowingRunnable action) throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			return RedisMonitor.clientCommands(monitor.record(action));
		}
	}

	@Test
	void ownSessionIsReadOnceAndThenServedWithoutACommand() throws Exception {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		List<MonitoredCommand> first = clientCommands(
				() -> assertThat(this.b.ownSession(session.getId()).<String>getAttribute("username")).isEqualTo("andrew"));
		List<MonitoredCommand> second = clientCommands(
				() -> assertThat(this.b.ownSession(session.getId()).<String>getAttribute("username")).isEqualTo("andrew"));

		assertThat(first).extracting(MonitoredCommand::name).containsExactly("EVALSHA");
		assertThat(second).isEmpty();
		assertThat(this.b.repository().getNearCacheHitCount()).isOne();
		assertThat(this.b.repository().getNearCacheMissCount()).isOne();
	}

	@Test
	void changeOfOneRequestToACachedSessionIsNotSeenByTheNextUntilSaved() {
		RedisHashSession session = savedOnA(Map.of("colour", "red", "page_views", 1L));
		assertThat(this.b.ownSession(session.getId())).isNotNull();

		RedisHashSession first = this.b.ownSession(session.getId());
		first.setAttribute("colour", "blue");
		first.removeAttribute("page_views");
		RedisHashSession second = this.b.ownSession(session.getId());

		assertThat(second.<String>getAttribute("colour")).isEqualTo("red");
		assertThat(second.<Long>getAttribute("page_views")).isEqualTo(1L);
		assertThat(this.b.repository().getNearCacheHitCount()).isEqualTo(2);
	}

	@Test
	void attributeSavedOnOneNodeIsSeenByTheOther() {
		RedisHashSession session = savedOnA(Map.of("colour", "red"));

		cachedOnBThenChanged(session.getId(), () -> {
			RedisHashSession onA = this.a.ownSession(session.getId());
			onA.setAttribute("colour", "blue");
			this.a.repository().save(onA);
		});

		assertThat(this.b.ownSession(session.getId()).<String>getAttribute("colour")).isEqualTo("blue");
	}

	@Test
	void logoutOnOneNodeMakesTheIdUnresolvableOnTheOther() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		cachedOnBThenChanged(session.getId(), () -> this.a.repository().deleteById(session.getId()));

		assertThat(this.b.ownSession(session.getId())).isNull();
	}

	@Test
	void idRotationOnOneNodeRetiresTheOldIdOnTheOther() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));
		String oldId = session.getId();
		String[] newId = new String[1];

		cachedOnBThenChanged(oldId, () -> {
			RedisHashSession onA = this.a.ownSession(oldId);
			newId[0] = onA.changeSessionId();
			this.a.repository().save(onA);
		});

		assertThat(this.b.ownSession(oldId)).isNull();
		assertThat(this.b.ownSession(newId[0]).<String>getAttribute("username")).isEqualTo("andrew");
	}

	@Test
	void incrementOnOneNodeIsSeenByTheOther() {
		RedisHashSession session = savedOnA(Map.of("page_views", 1L));

		cachedOnBThenChanged(session.getId(),
				() -> this.a.repository().incrementAttribute(session.getId(), "page_views", 41));

		assertThat(this.b.ownSession(session.getId()).<Long>getAttribute("page_views")).isEqualTo(42L);
	}

	@Test
	void idleTimeoutChangedOnOneNodeIsSeenByTheOther() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		cachedOnBThenChanged(session.getId(), () -> {
			RedisHashSession onA = this.a.ownSession(session.getId());
			onA.setMaxInactiveInterval(Duration.ofSeconds(100));
			this.a.repository().save(onA);
		});

		assertThat(this.b.ownSession(session.getId()).getMaxInactiveInterval()).isEqualTo(Duration.ofSeconds(100));
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(155L, 160L);
	}

	@Test
	void ttlShortenedWithAPlainClientEndsTheSessionOnTheOtherNode() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		cachedOnBThenChanged(session.getId(), () -> this.cli.pexpire(key(session.getId()), 300));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.b.ownSession(session.getId()) == null);
	}

	@Test
	void fieldEditedWithAPlainClientIsSeenByTheNearCache() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		cachedOnBThenChanged(session.getId(), () -> this.cli.hset(key(session.getId()), "username", "bob"));

		assertThat(this.b.ownSession(session.getId()).<String>getAttribute("username")).isEqualTo("bob");
	}

	@Test
	void keyDeletedWithAPlainClientIsGoneFromTheNearCache() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		cachedOnBThenChanged(session.getId(), () -> this.cli.del(key(session.getId())));

		assertThat(this.b.ownSession(session.getId())).isNull();
	}

	@Test
	void writeOnANodeDropsItsOwnCopyAtOnce() {
		RedisHashSession session = savedOnA(Map.of("colour", "red"));
		RedisHashSession onA = this.a.ownSession(session.getId());
		assertThat(this.a.holds(session.getId())).isTrue();

		onA.setAttribute("colour", "blue");
		this.a.repository().save(onA);

		assertThat(this.a.holds(session.getId())).isFalse();
		assertThat(this.a.ownSession(session.getId()).<String>getAttribute("colour")).isEqualTo("blue");
	}

	@Test
	void sessionsReadForOtherUsersAreNotCached() {
		RedisHashSession session = savedOnA(
				Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));

		assertThat(this.b.repository().findById(session.getId())).isNotNull();
		assertThat(this.b.repository().findByPrincipalName("andrew")).containsOnlyKeys(session.getId());

		assertThat(this.b.holds(session.getId())).isFalse();
		assertThat(this.b.repository().getNearCacheHitCount() + this.b.repository().getNearCacheMissCount()).isZero();
	}

	@Test
	void cacheKeepsNoMoreSessionsThanItsBoundsAllow() {
		try (NearCacheNode fewEntries = new NearCacheNode(this.server, this.namespace,
				NearCacheOptions.builder().maximumEntries(3).build());
				NearCacheNode fewBytes = new NearCacheNode(this.server, this.namespace,
						NearCacheOptions.builder().maximumSize(5000).build())) {
			for (int i = 0; i < 10; i++) {
				String id = savedOnA(Map.of("text", "x".repeat(2000))).getId();
				assertThat(fewEntries.ownSession(id)).isNotNull();
				assertThat(fewBytes.ownSession(id)).isNotNull();
			}

			assertThat(fewEntries.nearCache().size()).isEqualTo(3);
			assertThat(fewBytes.nearCache().size()).isEqualTo(2);
		}
	}

	@Test
	void cacheOfSessionsSmallerThanItsShareOfBytesKeepsNoMoreThanItsMaximumEntries() {
		int maximumEntries = 1001;
		try (NearCacheNode node = new NearCacheNode(this.server, this.namespace, NearCacheOptions.builder()
			.maximumEntries(maximumEntries)
			.maximumSize(1000L * maximumEntries + 1000)
			.build())) {
			for (int i = 0; i < maximumEntries + 10; i++) {
				assertThat(node.ownSession(savedOnA(Map.of("username", "andrew")).getId())).isNotNull();
			}

			assertThat(node.nearCache().size()).isEqualTo(maximumEntries);
		}
	}

	@Test
	void redisUserNeedsOnlyClientTrackingClientTrackinginfoAndPttlBesidesTheStoresOwnCommands() throws Exception {
		List<String> rules = new ArrayList<>(List.of("ACL", "SETUSER", "near-cache", "reset", "on",
				">least-privilege", "~near-*"));
		rules.addAll(RedisHashSessionRepositoryWithLeastPrivilegeIntegrationTests.COMMANDS);
		rules.addAll(List.of("+client|tracking", "+client|trackinginfo", "+pttl"));
		this.server.command(rules.toArray(String[]::new));
		try (NearCacheNode leastPrivilege = new NearCacheNode(
				new TestRedisConnections(this.server, "near-cache", "least-privilege"), this.namespace,
				NearCacheOptions.defaults())) {
			RedisHashSession session = savedOnA(Map.of("username", "andrew"));
			assertThat(leastPrivilege.ownSession(session.getId())).isNotNull();

			List<MonitoredCommand> commands = clientCommands(() -> assertThat(
					leastPrivilege.ownSession(session.getId()).<String>getAttribute("username"))
				.isEqualTo("andrew"));

			assertThat(commands).isEmpty();
			cachedOnBThenChanged(session.getId(), () -> {
				RedisHashSession onNode = leastPrivilege.ownSession(session.getId());
				onNode.setAttribute("username", "bob");
				leastPrivilege.repository().save(onNode);
			});
			assertThat(this.b.ownSession(session.getId()).<String>getAttribute("username")).isEqualTo("bob");
		}
		finally {
			this.server.command("ACL", "DELUSER", "near-cache");
		}
	}

	@Test
	void idsThatNameNoSessionLeaveNothingForRedisToTrack() {
		long before = trackedKeys();

		for (int i = 0; i < 100; i++) {
			assertThat(this.b.ownSession(this.b.repository().createSession().getId())).isNull();
		}

		assertThat(trackedKeys()).isLessThanOrEqualTo(before);
		assertThat(this.b.repository().isNearCacheActive()).isTrue();
	}

	@Test
	void keyOfAnotherTypeUnderASessionsNameIsNoSessionAndLeavesTheCacheOn() throws Exception {
		String id = this.b.repository().createSession().getId();
		this.cli.set(key(id), "left over");
		RedisHashSession other = savedOnA(Map.of("username", "andrew"));
		assertThat(this.b.ownSession(other.getId())).isNotNull();

		assertThat(this.b.ownSession(id)).isNull();

		assertThat(this.b.repository().isNearCacheActive()).isTrue();
		assertThat(clientCommands(() -> assertThat(this.b.ownSession(other.getId())).isNotNull())).isEmpty();
		assertThat(this.cli.get(key(id))).isEqualTo("left over");
	}

	private long trackedKeys() {
		return this.server.command("INFO", "stats")
			.lines()
			.filter((line) -> line.startsWith("tracking_total_keys:"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void concurrentRequestsOnASessionDueForATouchWriteItsAccessOnce() throws Exception {
		try (NearCacheNode touching = new NearCacheNode(this.server, this.namespace,
				NearCacheOptions.builder().touchInterval(Duration.ofSeconds(1)).build())) {
			RedisHashSession session = savedOnA(Map.of("username", "andrew"));
			String lastAccessed = this.cli.hget(key(session.getId()), "last_accessed_at");
			assertThat(touching.ownSession(session.getId())).isNotNull();
			Instant due = Instant.parse(lastAccessed).plusSeconds(1);
			await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(due));

			List<MonitoredCommand> commands;
			try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
				commands = monitor.record(() -> concurrently(16, () -> touching.ownSession(session.getId())));
			}

			assertThat(commands)
				.filteredOn((command) -> command.name().equals("HSET") && command.args().contains("last_accessed_at"))
				.hasSize(1);
			assertThat(this.cli.hget(key(session.getId()), "last_accessed_at")).isNotEqualTo(lastAccessed);
		}
	}

	/**
	 * Run the lookup on as many threads at once, and require each to find the session.
	 */
	private static void concurrently(int threads, Callable<RedisHashSession> lookup) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<RedisHashSession>> lookups = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				lookups.add(executor.submit(() -> {
					start.await();
					return lookup.call();
				}));
			}
			start.countDown();
			for (Future<RedisHashSession> found : lookups) {
				assertThat(found.get(10, TimeUnit.SECONDS)).isNotNull();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void keyTtlIsTheIdleTimeoutPlusTheTouchInterval() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew"));

		assertThat(this.cli.ttl(key(session.getId()))).isBetween(1855L, 1860L);
	}

	@Test
	void cachedSessionWhoseLastAccessIsOlderThanTheTouchIntervalIsTouchedInOneCommand() throws Exception {
		NearCacheNode touching = new NearCacheNode(this.server, this.namespace,
				NearCacheOptions.builder().touchInterval(Duration.ofSeconds(1)).build());
		try {
			RedisHashSession warmUp = savedOnA(Map.of("username", "andrew"));
			RedisHashSession session = savedOnA(Map.of("username", "andrew"));
			String lastAccessed = this.cli.hget(key(session.getId()), "last_accessed_at");
			assertThat(touching.ownSession(warmUp.getId())).isNotNull();
			assertThat(touching.ownSession(session.getId())).isNotNull();
			assertThat(touching.holds(session.getId())).isTrue();
			Instant due = Instant.parse(lastAccessed).plusSeconds(1);
			await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(due));
			assertThat(touching.ownSession(warmUp.getId())).isNotNull();

			List<MonitoredCommand> commands = clientCommands(
					() -> assertThat(touching.ownSession(session.getId())).isNotNull());

			assertThat(commands).extracting(MonitoredCommand::name).containsExactly("EVALSHA");
			assertThat(touching.holds(session.getId())).isFalse();
			assertThat(this.cli.hget(key(session.getId()), "last_accessed_at")).isNotEqualTo(lastAccessed);
			assertThat(this.cli.ttl(key(session.getId()))).isBetween(1795L, 1801L);
		}
		finally {
			touching.close();
		}
	}

}
