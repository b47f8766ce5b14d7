package io.sessionstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.SaveMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of a session repository on a real Redis server, the same for
 * {@link RedisHashSessionRepository} and {@link ReactiveRedisHashSessionRepository}: each
 * has a subclass that answers {@link #newRepository(TestRedisConnections, String)}, run
 * against every server and mode by its own subclasses.
 */
abstract class SessionRepositoryContract {

	private final RedisServer server;

	TestRedisConnections connections;

	RedisClusterCommands<String, String> cli;

	String namespace;

	TestedRepository repository;

	private final Function<RedisServer, TestRedisConnections> connector;

	/**
	 * Run the contract on the given server, or on the topology of which it is one node
	 * when {@link #connect(RedisServer)} is overridden.
	 */
	SessionRepositoryContract(RedisServer server) {
		this(server, TestRedisConnections::new);
	}

	/**
	 * Run the contract on the topology of which the given server is one node, connected
	 * to as the connector says.
	 */
	SessionRepositoryContract(RedisServer server, Function<RedisServer, TestRedisConnections> connector) {
		this.server = server;
		this.connector = connector;
	}

	/**
	 * Create the repository under test on the given connections and namespace.
	 */
	abstract TestedRepository newRepository(TestRedisConnections connections, String namespace);

	TestRedisConnections connect(RedisServer server) {
		return this.connector.apply(server);
	}

	/**
	 * Return the seconds that a sliding expiry adds to the idle timeout in the key's TTL:
	 * the near cache's touch interval, none without it.
	 */
	long expirySlackSeconds() {
		return 0;
	}

	@BeforeEach
	void createRepository() {
		this.connections = connect(this.server);
		this.cli = this.connections.cli();
		this.namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
		this.repository = newRepository(this.connections, this.namespace);
	}

	@AfterEach
	void closeConnections() {
		this.connections.close();
	}

	String key(String id) {
		return this.namespace + ":" + id;
	}

	RedisHashSession saved(Map<String, Object> attributes) {
		RedisHashSession session = this.repository.createSession();
		attributes.forEach(session::setAttribute);
		this.repository.save(session);
		return session;
	}

	@Test
	void savedSessionIsOneReadableHashWithTheIdleTimeoutAsTtl() {
		RedisHashSession session = saved(Map.of("username", "andrew", "page_views", 3L));

		Map<String, String> hash = this.cli.hgetall(key(session.getId()));
		assertThat(hash).containsEntry("username", "andrew")
			.containsEntry("page_views", "3")
			.containsEntry("session_ttl", "1800")
			.containsEntry("attribute_types", "{\"page_views\":\"Long\"}")
			.containsKey("last_accessed_at");
		assertThat(hash.get("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
		assertThat(hash.get("last_accessed_at")).hasSameSizeAs(hash.get("created_at"));
		assertThat(Instant.parse(hash.get("created_at"))).isEqualTo(session.getCreationTime());
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(1795L + expirySlackSeconds(),
				1800L + expirySlackSeconds());
	}

	@Test
	void sessionIdsAre256RandomBitsInBase64Url() {
		String first = this.repository.createSession().getId();
		String second = this.repository.createSession().getId();

		assertThat(first).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(second);
	}

	@Test
	void foundSessionHasItsAttributesWithTheirTypes() {
		RedisHashSession session = saved(Map.of("username", "andrew", "page_views", 3L, "ratio", 0.5, "admin", true));

		RedisHashSession found = this.repository.findById(session.getId());

		assertThat(found).isNotNull();
		assertThat(found.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
		assertThat((Object) found.getAttribute("username")).isEqualTo("andrew");
		assertThat((Object) found.getAttribute("page_views")).isEqualTo(3L);
		assertThat((Object) found.getAttribute("ratio")).isEqualTo(0.5);
		assertThat((Object) found.getAttribute("admin")).isEqualTo(true);
	}

	@Test
	void sessionWrittenAsPlainStringsBySeedStoreReadsBackAsStrings() {
		String id = "seedSession_" + "0".repeat(31);
		this.cli.hset(key(id), Map.of("username", "andrew", "page_views", "0", "session_ttl", "15", "created_at",
				"2026-04-02T12:34:56+00:00", "last_accessed_at", "2026-04-02T12:40:10+00:00"));
		this.cli.expire(key(id), 15);

		RedisHashSession found = this.repository.findById(id);

		assertThat(found).isNotNull();
		assertThat((Object) found.getAttribute("page_views")).isEqualTo("0");
		assertThat(found.getCreationTime()).isEqualTo(Instant.parse("2026-04-02T12:34:56Z"));
		assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void reservedFieldNamesCannotBeAttributes() {
		RedisHashSession session = this.repository.createSession();

		for (String reserved : SessionFields.RESERVED) {
			assertThatIllegalArgumentException().isThrownBy(() -> session.setAttribute(reserved, "x"))
				.withMessage("'" + reserved + "' is a reserved session field and cannot be used as an attribute name");
		}
	}

	@Test
	void malformedIdIsAnsweredWithoutAnyRedisCommand() throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = monitor.record(() -> {
				assertThat(this.repository.findById("not:a:session")).isNull();
				assertThat(this.repository.findById("short")).isNull();
				assertThat(this.repository.findById("x".repeat(200))).isNull();
				assertThat(this.repository.findById("{slot}aaaaaaaaaaaaaaaaaaaa")).isNull();
				this.repository.deleteById("bad id with spaces");
			});
			assertThat(commands).isEmpty();
		}
	}

	@Test
	void unknownIdIsNotFound() {
		assertThat(this.repository.findById(this.repository.createSession().getId())).isNull();
	}

	@Test
	void keyOfAnotherTypeUnderASessionsNameIsNoSessionAndIsLeftAlone() {
		String id = this.repository.createSession().getId();
		this.cli.set(key(id), "left over");

		assertThat(this.repository.findById(id)).isNull();
		assertThat(this.repository.findOwnSession(id)).isNull();

		assertThat(this.cli.get(key(id))).isEqualTo("left over");
	}

	@Test
	void saveWritesOnlyTheChangedAttributes() throws Exception {
		RedisHashSession session = saved(Map.of("a", "1", "b", "2", "c", 3L));
		RedisHashSession found = this.repository.findById(session.getId());
		found.setAttribute("b", "changed");
		found.removeAttribute("c");

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = monitor.record(() -> this.repository.save(found));
			var writes = commands.stream().filter((c) -> c.name().equals("HSET") || c.name().equals("HDEL")).toList();
			assertThat(writes).extracting((c) -> c.name() + " " + String.join(" ", c.args().subList(1, c.args().size())))
				.containsExactly("HSET b changed", "HDEL c", "HDEL attribute_types");
		}
		assertThat(this.cli.hgetall(key(session.getId()))).containsEntry("a", "1")
			.containsEntry("b", "changed")
			.doesNotContainKeys("c", "attribute_types");
	}

	@Test
	void saveWithoutChangesSendsNothing() throws Exception {
		RedisHashSession session = saved(Map.of("a", "1"));
		RedisHashSession found = this.repository.findById(session.getId());

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			assertThat(monitor.record(() -> this.repository.save(found))).isEmpty();
		}
	}

	@Test
	void maxInactiveIntervalIsStoredPerSessionAndAppliedAtOnce() {
		RedisHashSession session = saved(Map.of("a", "1"));
		RedisHashSession found = this.repository.findById(session.getId());

		found.setMaxInactiveInterval(Duration.ofSeconds(100));
		this.repository.save(found);

		assertThat(this.cli.hget(key(session.getId()), "session_ttl")).isEqualTo("100");
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(95L + expirySlackSeconds(),
				100L + expirySlackSeconds());
		assertThat(this.repository.findById(session.getId()).getMaxInactiveInterval()).isEqualTo(Duration.ofSeconds(100));
	}

	@Test
	void negativeMaxInactiveIntervalMeansNeverExpires() {
		RedisHashSession session = this.repository.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(-1));
		this.repository.save(session);

		assertThat(this.cli.ttl(key(session.getId()))).isEqualTo(-1L);
		assertThat(this.cli.hget(key(session.getId()), "session_ttl")).isEqualTo("-1");
	}

	@Test
	void sessionExpiresAfterItsIdleTimeout() {
		RedisHashSession session = this.repository.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(2));
		this.repository.save(session);
		assertThat(this.repository.findById(session.getId())).isNotNull();

		await().atMost(Duration.ofSeconds(6)).until(() -> this.repository.findById(session.getId()) == null);
		assertThat(this.cli.exists(key(session.getId()))).isZero();
	}

	@Test
	void findingASessionOutsideItsRequestChangesNeitherItsTtlNorItsLastAccess() {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		this.cli.expire(key(session.getId()), 500);
		String lastAccessedAt = this.cli.hget(key(session.getId()), "last_accessed_at");

		RedisHashSession found = this.repository.findById(session.getId());

		assertThat(found).isNotNull();
		assertThat(found.getLastAccessedTime()).isEqualTo(Instant.parse(lastAccessedAt));
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(490L, 500L);
		assertThat(this.cli.hget(key(session.getId()), "last_accessed_at")).isEqualTo(lastAccessedAt);
	}

	@Test
	void sessionReadWithoutTouchingKeepsTheLastAccessTimeOfTheSeedsLayout() {
		String id = "seedSession_" + "2".repeat(31);
		this.cli.hset(key(id), Map.of("username", "andrew", "session_ttl", "15", "created_at",
				"2026-04-02T12:34:56+00:00", "last_accessed_at", "2026-04-02T12:40:10+00:00"));
		this.cli.expire(key(id), 15);

		RedisHashSession found = this.repository.findById(id);

		assertThat(found.getLastAccessedTime()).isEqualTo(Instant.parse("2026-04-02T12:40:10Z"));
		assertThat(this.cli.hget(key(id), "last_accessed_at")).isEqualTo("2026-04-02T12:40:10+00:00");
	}

	@Test
	void saveOfASessionReadForSomeoneElseDoesNotExtendIt() {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		this.cli.expire(key(session.getId()), 500);

		RedisHashSession found = this.repository.findById(session.getId());
		found.setAttribute("flag", "set by an administrator");
		this.repository.save(found);

		assertThat(this.cli.hget(key(session.getId()), "flag")).isEqualTo("set by an administrator");
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(490L, 500L);
	}

	@Test
	void maxLifetimeCapsTheTtlAndWinsOverNeverExpires() {
		this.repository.setMaxLifetime(Duration.ofSeconds(60));
		RedisHashSession session = this.repository.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(-1));
		this.repository.save(session);

		assertThat(this.cli.ttl(key(session.getId()))).isBetween(55L, 60L);
		long deadline = Long.parseLong(this.cli.hget(key(session.getId()), "absolute_deadline"));
		assertThat(deadline).isBetween(Instant.now().getEpochSecond() + 55, Instant.now().getEpochSecond() + 61);

		RedisHashSession found = this.repository.findById(session.getId());
		found.setMaxInactiveInterval(Duration.ofHours(5));
		this.repository.save(found);
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(55L, 60L);
	}

	@Test
	void sessionPastItsAbsoluteDeadlineIsGoneWhateverItsActivity() {
		this.repository.setMaxLifetime(Duration.ofSeconds(2));
		RedisHashSession session = saved(Map.of("a", "1"));

		await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).until(() -> {
			RedisHashSession found = this.repository.findById(session.getId());
			if (found == null) {
				return true;
			}
			found.setAttribute("touch", Instant.now().toString());
			this.repository.save(found);
			return false;
		});
	}

	@Test
	void saveAfterDeleteNeverResurrectsTheSession() {
		RedisHashSession session = saved(Map.of("a", "1"));
		RedisHashSession stale = this.repository.findById(session.getId());

		this.repository.deleteById(session.getId());
		stale.setAttribute("b", "2");
		this.repository.save(stale);

		assertThat(this.cli.exists(key(session.getId()))).isZero();
	}

	@Test
	void changeSessionIdKeepsDataAndTtlAndRetiresTheOldId() {
		RedisHashSession session = this.repository.createSession();
		session.setAttribute("username", "andrew");
		session.setMaxInactiveInterval(Duration.ofSeconds(500));
		this.repository.save(session);
		String oldId = session.getId();
		RedisHashSession found = this.repository.findById(oldId);

		String newId = found.changeSessionId();
		found.setAttribute("rotated", true);
		this.repository.save(found);

		assertThat(newId).isNotEqualTo(oldId);
		assertThat(this.repository.findById(oldId)).isNull();
		assertThat(this.cli.exists(key(oldId))).isZero();
		RedisHashSession rotated = this.repository.findById(newId);
		assertThat((Object) rotated.getAttribute("username")).isEqualTo("andrew");
		assertThat((Object) rotated.getAttribute("rotated")).isEqualTo(true);
		assertThat(rotated.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(this.cli.ttl(key(newId))).isBetween(495L + expirySlackSeconds(), 500L + expirySlackSeconds());
	}

	@Test
	void changeSessionIdOfDeletedSessionDoesNotResurrectIt() {
		RedisHashSession session = saved(Map.of("a", "1"));
		RedisHashSession found = this.repository.findById(session.getId());
		this.repository.deleteById(session.getId());

		String newId = found.changeSessionId();
		this.repository.save(found);

		assertThat(this.cli.exists(key(newId), key(session.getId()))).isZero();
	}

	@Test
	void incrementIsAtomicAcrossConcurrentCallers() throws Exception {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				results.add(executor.submit(() -> this.repository.incrementAttribute(session.getId(), "page_views", 1)));
			}
			for (Future<Long> result : results) {
				result.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.cli.hget(key(session.getId()), "page_views")).isEqualTo("100");
		assertThat((Object) this.repository.findById(session.getId()).getAttribute("page_views")).isEqualTo(100L);
	}

	@Test
	void incrementOfMissingSessionCreatesNothing() {
		String id = this.repository.createSession().getId();

		assertThat(this.repository.incrementAttribute(id, "page_views", 1)).isNull();
		assertThat(this.cli.exists(key(id))).isZero();
	}

	@Test
	void incrementKeepsTheAttributeType() {
		RedisHashSession session = saved(Map.of("small", 7));

		RedisHashSession found = this.repository.findById(session.getId());
		assertThat(this.repository.incrementAttribute(found, "small", 2)).isEqualTo(9);

		assertThat((Object) found.getAttribute("small")).isEqualTo(9);
		assertThat((Object) this.repository.findById(session.getId()).getAttribute("small")).isEqualTo(9);
	}

	@Test
	void incrementOfNonIntegerAttributeFailsClearly() {
		RedisHashSession session = saved(Map.of("name", "andrew"));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.repository.incrementAttribute(session.getId(), "name", 1))
			.withMessage("Session attribute 'name' does not hold an integer and cannot be incremented");
	}

	@Test
	void incrementIsNeverOverwrittenByALaterSaveWhateverTheSaveMode() {
		this.repository.setSaveMode(SaveMode.ALWAYS);
		RedisHashSession session = saved(Map.of("page_views", 1L));
		RedisHashSession first = this.repository.findById(session.getId());
		RedisHashSession second = this.repository.findById(session.getId());

		this.repository.incrementAttribute(first, "page_views", 1);
		this.repository.incrementAttribute(second, "page_views", 1);
		first.setAttribute("other", "x");
		this.repository.save(first);
		this.repository.save(second);

		assertThat(this.cli.hget(key(session.getId()), "page_views")).isEqualTo("3");
	}

	@Test
	void principalIndexFindsTheSessionsOfAUser() {
		RedisHashSession first = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession second = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob"));

		Map<String, RedisHashSession> sessions = this.repository.findByPrincipalName("andrew");

		assertThat(sessions).containsOnlyKeys(first.getId(), second.getId());
		assertThat(this.cli.hget(key(first.getId()), "principal_name")).isEqualTo("andrew");
		assertThat(this.cli.keys(this.namespace + ":index:*")).containsExactlyInAnyOrder(this.namespace + ":index:andrew",
				this.namespace + ":index:bob");
	}

	@Test
	void principalLookupDoesNotTouchTheSessions() {
		RedisHashSession session = this.repository.createSession();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
		session.setMaxInactiveInterval(Duration.ofSeconds(1000));
		this.repository.save(session);
		this.cli.expire(key(session.getId()), 500);
		String lastAccessed = this.cli.hget(key(session.getId()), "last_accessed_at");

		assertThat(this.repository.findByPrincipalName("andrew")).containsOnlyKeys(session.getId());

		assertThat(this.cli.ttl(key(session.getId()))).isBetween(490L, 500L);
		assertThat(this.cli.hget(key(session.getId()), "last_accessed_at")).isEqualTo(lastAccessed);
	}

	@Test
	void principalIndexDropsSessionsThatAreGone() {
		RedisHashSession kept = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession expired = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession deleted = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		this.cli.del(key(expired.getId()));
		this.repository.deleteById(deleted.getId());

		assertThat(this.repository.findByPrincipalName("andrew")).containsOnlyKeys(kept.getId());
		String indexKey = this.cli.keys(this.namespace + ":index:*").get(0);
		assertThat(this.cli.hgetall(indexKey)).containsOnlyKeys(kept.getId());
	}

	@Test
	void principalIndexIsAHashThatRedisKeepsCompact() {
		RedisHashSession first = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession second = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));

		String indexKey = this.cli.keys(this.namespace + ":index:*").get(0);
		assertThat(this.cli.type(indexKey)).isEqualTo("hash");
		assertThat(this.cli.hgetall(indexKey)).isEqualTo(Map.of(first.getId(), "", second.getId(), ""));
		assertThat(this.cli.objectEncoding(indexKey)).isIn("listpack", "ziplist");
	}

	@Test
	void principalIndexKeptAsASetByEarlierVersionsIsTurnedIntoAHashOnItsNextUse() {
		RedisHashSession kept = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		String indexKey = this.cli.keys(this.namespace + ":index:*").get(0);
		this.cli.del(indexKey);
		this.cli.sadd(indexKey, kept.getId(), "gone-session-id-of-an-earlier-login-0000000");

		assertThat(this.repository.findByPrincipalName("andrew")).containsOnlyKeys(kept.getId());
		assertThat(this.cli.type(indexKey)).isEqualTo("hash");
		assertThat(this.cli.hgetall(indexKey)).containsOnlyKeys(kept.getId());

		this.cli.del(indexKey);
		this.cli.sadd(indexKey, kept.getId());
		RedisHashSession added = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		assertThat(this.cli.hgetall(indexKey)).containsOnlyKeys(kept.getId(), added.getId());
	}

	@Test
	void changeSessionIdMovesTheSessionInThePrincipalIndex() {
		RedisHashSession session = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession found = this.repository.findById(session.getId());
		String newId = found.changeSessionId();
		this.repository.save(found);

		assertThat(this.repository.findByPrincipalName("andrew")).containsOnlyKeys(newId);
	}

	@Test
	void undecodableValueIsLeftInRedisAndOmittedFromTheSession() {
		RedisHashSession session = saved(Map.of("username", "andrew", "cart", 1L));
		this.cli.hset(key(session.getId()), "attribute_types", "{\"cart\":\"com.example.RemovedCart\"}");

		RedisHashSession found = this.repository.findById(session.getId());

		assertThat(found.getAttributeNames()).containsOnly("username");
		assertThat(this.repository.getDecodeFailureCount()).isEqualTo(1);
		found.setAttribute("username", "bob");
		this.repository.save(found);
		assertThat(this.cli.hget(key(session.getId()), "cart")).isEqualTo("1");
	}

	@Test
	void attributesAreDecodedOnlyWhenRead() {
		RedisHashSession session = saved(Map.of("username", "andrew", "cart", 1L));
		this.cli.hset(key(session.getId()), "attribute_types", "{\"cart\":\"com.example.RemovedCart\"}");

		RedisHashSession found = this.repository.findById(session.getId());

		assertThat(this.repository.getDecodeFailureCount()).isZero();
		assertThat(found.<String>getAttribute("username")).isEqualTo("andrew");
		assertThat(this.repository.getDecodeFailureCount()).isZero();
		assertThat(found.<Object>getAttribute("cart")).isNull();
		assertThat(this.repository.getDecodeFailureCount()).isEqualTo(1);
	}

	@Test
	void unreadAttributesAreRewrittenAsStoredWhenEverythingIsSaved() {
		RedisHashSession session = saved(Map.of("username", "andrew", "page_views", 3L));
		String storedTypes = this.cli.hget(key(session.getId()), "attribute_types");
		this.repository.setSaveMode(SaveMode.ALWAYS);
		RedisHashSession found = this.repository.findById(session.getId());
		this.cli.hset(key(session.getId()), "page_views", "4");

		found.setAttribute("username", "bob");
		this.repository.save(found);

		assertThat(this.cli.hget(key(session.getId()), "page_views")).isEqualTo("3");
		assertThat(this.cli.hget(key(session.getId()), "attribute_types")).isEqualTo(storedTypes);
		assertThat(this.repository.findById(session.getId()).<Long>getAttribute("page_views")).isEqualTo(3L);
	}

	@Test
	void hashWithoutCreatedAtIsNotASession() {
		String id = "notASession_" + "0".repeat(31);
		this.cli.hset(key(id), "page_views", "1");

		assertThat(this.repository.findById(id)).isNull();
	}

	@Test
	void saveThatWouldExceedTheMaximumSizeFailsBeforeWriting() {
		this.repository.setMaxSessionSize(1000);
		RedisHashSession session = saved(Map.of("a", "1"));
		RedisHashSession found = this.repository.findById(session.getId());
		found.setAttribute("big", "x".repeat(2000));

		assertThatExceptionOfType(SessionSizeExceededException.class).isThrownBy(() -> this.repository.save(found))
			.withMessageContaining("more than the maximum of 1000 bytes");
		assertThat(this.cli.hexists(key(session.getId()), "big")).isFalse();
	}

	@Test
	void onGetAttributeSaveModeWritesBackWhatWasRead() {
		this.repository.setSaveMode(SaveMode.ON_GET_ATTRIBUTE);
		RedisHashSession session = saved(Map.of("a", "1", "b", "2"));
		RedisHashSession found = this.repository.findById(session.getId());
		found.getAttribute("a");
		this.cli.hset(key(session.getId()), Map.of("a", "other", "b", "other"));

		this.repository.save(found);

		assertThat(this.cli.hgetall(key(session.getId()))).containsEntry("a", "1").containsEntry("b", "other");
	}

	@Test
	void incrementAppliesOnTopOfThePendingChangeOfTheSameAttribute() {
		RedisHashSession session = saved(Map.of("attempts", 7L, "strikes", 5L));
		RedisHashSession found = this.repository.findById(session.getId());

		found.setAttribute("attempts", 0L);
		assertThat(this.repository.incrementAttribute(found, "attempts", 1)).isEqualTo(1);
		found.removeAttribute("strikes");
		assertThat(this.repository.incrementAttribute(found, "strikes", 2)).isEqualTo(2);
		this.repository.save(found);

		assertThat(this.cli.hget(key(session.getId()), "attempts")).isEqualTo("1");
		assertThat(this.cli.hget(key(session.getId()), "strikes")).isEqualTo("2");
		RedisHashSession reloaded = this.repository.findById(session.getId());
		assertThat(reloaded.<Long>getAttribute("attempts")).isEqualTo(1L);
		assertThat(reloaded.<Long>getAttribute("strikes")).isEqualTo(2L);
	}

	@Test
	void incrementAfterAnIdChangeMovesTheSessionFirst() {
		RedisHashSession session = saved(Map.of("visits", 1L));
		RedisHashSession found = this.repository.findById(session.getId());
		String newId = found.changeSessionId();

		assertThat(this.repository.incrementAttribute(found, "visits", 1)).isEqualTo(2L);

		assertThat(this.cli.exists(key(session.getId()))).isZero();
		assertThat(this.cli.hget(key(newId), "visits")).isEqualTo("2");
		assertThat(found.<Long>getAttribute("visits")).isEqualTo(2L);
	}

	@Test
	void incrementOfANewAttributeReadsBackAsALong() {
		RedisHashSession session = saved(Map.of("username", "andrew"));

		assertThat(this.repository.incrementAttribute(session.getId(), "visits", 1)).isEqualTo(1L);
		RedisHashSession found = this.repository.findById(session.getId());
		assertThat(this.repository.incrementAttribute(found, "visits", 1)).isEqualTo(2L);

		assertThat(this.repository.findById(session.getId()).<Long>getAttribute("visits")).isEqualTo(2L);
		assertThat(this.repository.getDecodeFailureCount()).isZero();
	}

	@Test
	void integerIncrementedPastItsRangeIsWidenedToALong() {
		RedisHashSession session = saved(Map.of("small", Integer.MAX_VALUE - 1));
		RedisHashSession found = this.repository.findById(session.getId());

		assertThat(this.repository.incrementAttribute(found, "small", 5)).isEqualTo(Integer.MAX_VALUE + 4L);

		assertThat(found.<Object>getAttribute("small")).isEqualTo(Integer.MAX_VALUE + 4L);
		assertThat(this.cli.hget(key(session.getId()), "small")).isEqualTo(Long.toString(Integer.MAX_VALUE + 4L));
		assertThat(this.repository.findById(session.getId()).<Object>getAttribute("small")).isEqualTo(Integer.MAX_VALUE + 4L);
		assertThat(this.repository.getDecodeFailureCount()).isZero();
	}

	@Test
	void integerRecordedByItsClassNameIsReadAndWidenedPastItsRange() {
		RedisHashSession session = saved(Map.of("small", Integer.MAX_VALUE - 1));
		assertThat(this.cli.hget(key(session.getId()), "attribute_types")).isEqualTo("{\"small\":\"Integer\"}");
		this.cli.hset(key(session.getId()), "attribute_types", "{\"small\":\"java.lang.Integer\"}");

		assertThat(this.repository.findById(session.getId()).<Object>getAttribute("small"))
			.isEqualTo(Integer.MAX_VALUE - 1);
		assertThat(this.repository.incrementAttribute(session.getId(), "small", 5)).isEqualTo(Integer.MAX_VALUE + 4L);

		assertThat(this.cli.hget(key(session.getId()), "attribute_types")).isEqualTo("{\"small\":\"Long\"}");
		assertThat(this.repository.findById(session.getId()).<Object>getAttribute("small")).isEqualTo(Integer.MAX_VALUE + 4L);
		assertThat(this.repository.getDecodeFailureCount()).isZero();
	}

	@Test
	void integerOfANewSessionIncrementedPastItsRangeIsWidenedToALong() {
		RedisHashSession session = this.repository.createSession();
		session.setAttribute("small", Integer.MAX_VALUE);

		assertThat(this.repository.incrementAttribute(session, "small", 1)).isEqualTo(Integer.MAX_VALUE + 1L);
		this.repository.save(session);

		assertThat(this.repository.findById(session.getId()).<Object>getAttribute("small")).isEqualTo(Integer.MAX_VALUE + 1L);
	}

	@Test
	void maxLifetimeCapsASessionCreatedBeforeItWasSetAtItsNextAccess() {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		this.repository.setMaxLifetime(Duration.ofSeconds(60));

		assertThat(this.repository.findOwnSession(session.getId())).isNotNull();

		assertThat(this.cli.ttl(key(session.getId()))).isBetween(55L, 60L);
		assertThat(this.cli.hget(key(session.getId()), "absolute_deadline"))
			.isEqualTo(Long.toString(session.getCreationTime().getEpochSecond() + 60));
	}

	@Test
	void maxLifetimeCapsASessionCreatedBeforeItWasSetWhenSavedWithoutTheLookupFilter() {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		this.repository.setMaxLifetime(Duration.ofSeconds(60));

		RedisHashSession found = this.repository.findById(session.getId());
		found.setLastAccessedTime(Instant.now());
		this.repository.save(found);

		assertThat(this.cli.ttl(key(session.getId()))).isBetween(55L, 60L);
	}

	@Test
	void sessionInTheSeedsLayoutOlderThanTheMaxLifetimeIsGoneAtItsNextAccess() {
		String id = "seedSession_" + "1".repeat(31);
		String twoHoursAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0).toString();
		this.cli.hset(key(id), Map.of("username", "andrew", "session_ttl", "1800", "created_at", twoHoursAgo,
				"last_accessed_at", twoHoursAgo));
		this.cli.expire(key(id), 1800);
		this.repository.setMaxLifetime(Duration.ofHours(1));

		assertThat(this.repository.findOwnSession(id)).isNull();

		assertThat(this.cli.exists(key(id))).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "null", "[1,2]", "\"page_views\"", "42", "{not json" })
	void unreadableAttributeTypesReadLikeAnUnreadableValue(String attributeTypes) {
		RedisHashSession session = saved(Map.of("username", "andrew", "page_views", 3L));
		this.cli.hset(key(session.getId()), "attribute_types", attributeTypes);

		RedisHashSession found = this.repository.findOwnSession(session.getId());

		assertThat(found).isNotNull();
		assertThat(found.<Object>getAttribute("page_views")).isNull();
		assertThat(this.repository.getDecodeFailureCount()).isEqualTo(1);
		found.setAttribute("colour", 7L);
		this.repository.save(found);
		assertThat(this.cli.hget(key(session.getId()), "page_views")).isEqualTo("3");
		assertThat(this.repository.findById(session.getId()).<Object>getAttribute("colour")).isEqualTo(7L);
	}

	@Test
	void concurrentReadersOfOneSessionSeeOneValuePerAttribute() throws Exception {
		Map<String, Object> attributes = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			attributes.put("list" + i, List.of("a", "b", i));
		}
		attributes.put("broken", 1L);
		RedisHashSession session = saved(attributes);
		this.cli.hset(key(session.getId()), "attribute_types",
				this.cli.hget(key(session.getId()), "attribute_types").replace("\"broken\":\"Long\"",
						"\"broken\":\"com.example.RemovedType\""));
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (int trial = 0; trial < 50; trial++) {
				RedisHashSession found = this.repository.findById(session.getId());
				CyclicBarrier start = new CyclicBarrier(4);
				List<Future<Map<String, Object>>> reads = new ArrayList<>();
				for (int reader = 0; reader < 4; reader++) {
					reads.add(executor.submit(() -> {
						start.await();
						Map<String, Object> seen = new HashMap<>();
						for (String name : found.getAttributeNames()) {
							seen.put(name, found.getAttribute(name));
						}
						return seen;
					}));
				}
				List<Map<String, Object>> seen = new ArrayList<>();
				for (Future<Map<String, Object>> read : reads) {
					seen.add(read.get());
				}
				for (Map<String, Object> one : seen) {
					assertThat(one).hasSize(50).doesNotContainKey("broken");
					one.forEach((name, value) -> assertThat(value).isSameAs(seen.get(0).get(name)));
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.repository.getDecodeFailureCount()).isEqualTo(50);
	}

	@Test
	void idOfAnotherFormThanTheGeneratorMakesCostsNoRedisCommand() throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = monitor.record(() -> {
				for (int length = 16; length <= 128; length++) {
					if (length != 43) {
						String id = "a".repeat(length);
						assertThat(this.repository.findById(id)).isNull();
						assertThat(this.repository.findOwnSession(id)).isNull();
						this.repository.deleteById(id);
						assertThat(this.repository.incrementAttribute(id, "page_views", 1)).isNull();
					}
				}
			});
			assertThat(commands).isEmpty();
		}
	}

	@Test
	void applicationsOwnIdGeneratorMayMakeIdsOfAnotherForm() {
		this.repository.setSessionIdGenerator(() -> UUID.randomUUID().toString());
		RedisHashSession session = saved(Map.of("username", "andrew"));

		assertThat(session.getId()).hasSize(36);
		assertThat(this.repository.findById(session.getId())).isNotNull();
	}

}
