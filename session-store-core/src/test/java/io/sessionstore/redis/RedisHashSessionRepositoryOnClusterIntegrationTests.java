package io.sessionstore.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The repository on a real Redis Cluster of three masters, through Jedis and through
 * Lettuce, without being told that it is a cluster.
 */
@WithRedis
class RedisHashSessionRepositoryOnClusterIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final int TRIALS = 30;

	private static final int LOGIN_THREADS = 8;

	private static final int PRUNE_THREADS = 8;

	private final RedisCluster cluster;

	private final String namespace = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

	private JedisConnectionFactory jedis;

	private LettuceConnectionFactory lettuce;

	RedisHashSessionRepositoryOnClusterIntegrationTests(RedisCluster cluster) {
		this.cluster = cluster;
	}

	@AfterEach
	void closeConnectionFactories() {
		if (this.jedis != null) {
			this.jedis.destroy();
		}
		if (this.lettuce != null) {
			this.lettuce.destroy();
		}
	}

	@Test
	void sessionOfAPrincipalKeepsItsDataAndIndexEntryWhenItsIdChangesThroughJedis() {
		assertIdChangeOfAPrincipalsSession(repository(jedis()), false);
	}

	@Test
	void anonymousSessionThatLogsInThroughJedisGetsANewIdAndAnIndexEntry() {
		assertIdChangeOfAPrincipalsSession(repository(jedis()), true);
	}

	@Test
	void sessionOfAPrincipalIsFoundByItsPrincipalAfterItsIdChangesThroughJedis() {
		RedisHashSessionRepository repository = repository(jedis());
		String newId = assertIdChangeOfAPrincipalsSession(repository, true);

		assertThat(repository.findByPrincipalName("andrew")).containsOnlyKeys(newId);
	}

	@Test
	void sessionOfAPrincipalKeepsItsDataAndIsFoundByItsPrincipalWhenItsIdChangesThroughLettuce() {
		RedisHashSessionRepository repository = repository(lettuce());
		String newId = assertIdChangeOfAPrincipalsSession(repository, false);

		assertThat(repository.findByPrincipalName("andrew")).containsOnlyKeys(newId);
	}

	@Test
	void anonymousSessionThatLogsInThroughLettuceGetsANewIdAndIsFoundByItsPrincipal() {
		RedisHashSessionRepository repository = repository(lettuce());
		String newId = assertIdChangeOfAPrincipalsSession(repository, true);

		assertThat(repository.findByPrincipalName("andrew")).containsOnlyKeys(newId);
	}

	@Test
	void sweepPrunesThePrincipalIndexesOfEveryMasterThroughJedis() {
		assertSweepPrunesEveryMaster(repository(jedis()));
	}

	@Test
	void sweepPrunesThePrincipalIndexesOfEveryMasterThroughLettuce() {
		assertSweepPrunesEveryMaster(repository(lettuce()));
	}

	@Test
	void principalLookupThroughLettuceOpensNoConnectionOfItsOwn() {
		RedisHashSessionRepository repository = repository(lettuce());
		for (int i = 0; i < 6; i++) {
			RedisHashSession session = repository.createSession();
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
			repository.save(session);
		}
		assertThat(repository.findByPrincipalName("andrew")).hasSize(6);

		long before = connectionsReceived();
		for (int i = 0; i < 20; i++) {
			assertThat(repository.findByPrincipalName("andrew")).hasSize(6);
		}

		assertThat(connectionsReceived() - before)
			.as("connections accepted during 20 lookups, besides the one that asks each master")
			.isEqualTo(this.cluster.masters().size());
	}

	/**
	 * Return how many connections the masters have accepted so far, counting the one
	 * that asks each of them.
	 */
	private long connectionsReceived() {
		long received = 0;
		for (RedisServer master : this.cluster.masters()) {
			received += master.command("INFO", "stats")
				.lines()
				.filter((line) -> line.startsWith("total_connections_received:"))
				.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
				.sum();
		}
		return received;
	}

	@Test
	void concurrentLoginsOfOneUserLeaveEveryLiveSessionInThePrincipalIndexWhileLookupsAndTheSweepPrune()
			throws Exception {
		assertEveryLoginStaysIndexed(repository(lettuce()));
	}

	@Test
	void concurrentLoginsOfOneUserThroughJedisLeaveEveryLiveSessionInThePrincipalIndex() throws Exception {
		assertEveryLoginStaysIndexed(repository(jedis()));
	}

	/**
	 * Log users in many times from several threads at once, as Spring Security does at
	 * each login (an anonymous session gets a new ID and the principal), while other
	 * threads prune the user's index as {@code maximumSessions} lookups and the sweep do.
	 * Every session written must exist at the end and be in its user's index, or
	 * {@code maximumSessions(n)} would undercount it.
	 */
	private void assertEveryLoginStaysIndexed(RedisHashSessionRepository repository) throws Exception {
		List<String> notIndexed = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(LOGIN_THREADS + PRUNE_THREADS);
		try {
			for (int trial = 0; trial < TRIALS; trial++) {
				String user = "user-" + trial;
				String indexKey = new SessionKeys(this.namespace).indexKey(user);
				List<String> ids = logInConcurrentlyWhilePruning(repository, executor, user);
				Set<String> indexed = members(indexKey);
				for (String id : ids) {
					if (!"1".equals(this.cluster.masterServing(key(id)).command("DEL", key(id)))) {
						gone.add(id);
					}
					else if (!indexed.contains(id)) {
						notIndexed.add(id);
					}
				}
				this.cluster.masterServing(indexKey).command("DEL", indexKey);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(gone).as("sessions lost by logins").isEmpty();
		assertThat(notIndexed).as("live sessions missing from the principal index after %d logins",
				TRIALS * LOGIN_THREADS)
			.isEmpty();
	}

	private List<String> logInConcurrentlyWhilePruning(RedisHashSessionRepository repository,
			ExecutorService executor, String user) throws Exception {
		List<RedisHashSession> anonymous = new ArrayList<>();
		for (int i = 0; i < LOGIN_THREADS; i++) {
			RedisHashSession session = repository.createSession();
			session.setAttribute("cart", "1 item");
			repository.save(session);
			anonymous.add(repository.findById(session.getId()));
		}
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean loggingIn = new AtomicBoolean(true);
		List<Future<?>> pruners = new ArrayList<>();
		for (int i = 0; i < PRUNE_THREADS; i++) {
			boolean sweeps = i % 2 == 1;
			pruners.add(executor.submit(() -> {
				start.await();
				while (loggingIn.get()) {
					if (sweeps) {
						repository.sweepPrincipalIndexes();
					}
					else {
						repository.findByPrincipalName(user);
					}
				}
				return null;
			}));
		}
		List<Future<String>> logins = new ArrayList<>();
		for (RedisHashSession session : anonymous) {
			logins.add(executor.submit(() -> {
				start.await();
				session.changeSessionId();
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
				repository.save(session);
				return session.getId();
			}));
		}
		start.countDown();
		List<String> ids = new ArrayList<>();
		try {
			for (Future<String> login : logins) {
				ids.add(login.get());
			}
		}
		finally {
			loggingIn.set(false);
		}
		for (Future<?> pruner : pruners) {
			pruner.get();
		}
		return ids;
	}

	private Set<String> members(String indexKey) {
		String members = this.cluster.masterServing(indexKey).command("HKEYS", indexKey);
		return members.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(members.split("\n")));
	}

	@Test
	void incrementOfNonIntegerAttributeFailsClearlyThroughJedis() {
		RedisHashSessionRepository repository = repository(jedis());
		RedisHashSession session = repository.createSession();
		session.setAttribute("name", "andrew");
		repository.save(session);

		assertThatIllegalArgumentException().isThrownBy(() -> repository.incrementAttribute(session.getId(), "name", 1))
			.withMessage("Session attribute 'name' does not hold an integer and cannot be incremented");
	}

	private void assertSweepPrunesEveryMaster(RedisHashSessionRepository repository) {
		SessionKeys keys = new SessionKeys(this.namespace);
		Set<RedisServer> mastersWithAnIndex = new HashSet<>();
		for (int i = 0; i < 12; i++) {
			RedisHashSession session = repository.createSession();
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "user" + i);
			repository.save(session);
			this.cluster.masterServing(key(session.getId())).command("DEL", key(session.getId()));
			mastersWithAnIndex.add(this.cluster.masterServing(keys.indexKey("user" + i)));
		}
		assertThat(mastersWithAnIndex).hasSize(3);

		assertThat(repository.sweepPrincipalIndexes()).isEqualTo(12);

		for (int i = 0; i < 12; i++) {
			String indexKey = keys.indexKey("user" + i);
			assertThat(this.cluster.masterServing(indexKey).command("EXISTS", indexKey)).isEqualTo("0");
		}
	}

	@Test
	void clusterBehindJedisIsDetectedWithoutBeingTold() {
		assertThat(repository(jedis()).isMultiKeyScripts()).isFalse();
	}

	@Test
	void clusterBehindLettuceIsDetectedWithoutBeingTold() {
		assertThat(repository(lettuce()).isMultiKeyScripts()).isFalse();
	}

	private String assertIdChangeOfAPrincipalsSession(RedisHashSessionRepository repository,
			boolean principalSetAtLogin) {
		RedisHashSession session = repository.createSession();
		session.setAttribute("cart", "3 items");
		if (!principalSetAtLogin) {
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
		}
		repository.save(session);
		String oldId = session.getId();

		RedisHashSession loaded = repository.findById(oldId);
		assertThat(loaded).isNotNull();
		String newId = loaded.changeSessionId();
		if (principalSetAtLogin) {
			loaded.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
		}
		repository.save(loaded);

		assertThat(repository.findById(oldId)).isNull();
		assertThat(this.cluster.masterServing(key(oldId)).command("EXISTS", key(oldId))).isEqualTo("0");
		RedisHashSession found = repository.findById(newId);
		assertThat(found).isNotNull();
		assertThat((Object) found.getAttribute("cart")).isEqualTo("3 items");
		String indexKey = new SessionKeys(this.namespace).indexKey("andrew");
		assertThat(this.cluster.masterServing(indexKey).command("HKEYS", indexKey)).isEqualTo(newId);
		return newId;
	}

	private String key(String id) {
		return this.namespace + ":" + id;
	}

	@Test
	void nearCacheSwitchesItselfOffOnAClusterWithOneLogLine() {
		try (NearCacheLog log = new NearCacheLog()) {
			RedisHashSessionRepository repository = repository(lettuce());
			repository.setNearCache(NearCacheOptions.defaults());
			await().atMost(Duration.ofSeconds(5)).until(() -> !log.lines().isEmpty());
			RedisHashSession session = repository.createSession();
			session.setAttribute("username", "andrew");
			repository.save(session);

			for (int i = 0; i < 3; i++) {
				try (RedisHashSessionRepository.RequestScope scope = repository.openRequestScope(List.of(session.getId()))) {
					assertThat(repository.findById(session.getId()).<String>getAttribute("username")).isEqualTo("andrew");
				}
			}

			assertThat(log.lines()).containsExactly("INFO Near cache off: it does not support Redis Cluster yet; "
					+ "every session is read from Redis");
			assertThat(repository.isNearCacheActive()).isFalse();
			assertThat(repository.getNearCacheHitCount()).isZero();
			repository.destroy();
		}
	}

	private RedisHashSessionRepository repository(RedisConnectionFactory connectionFactory) {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(connectionFactory);
		repository.setNamespace(this.namespace);
		return repository;
	}

	private JedisConnectionFactory jedis() {
		this.jedis = new JedisConnectionFactory(clusterConfiguration(),
				JedisClientConfiguration.builder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build());
		this.jedis.afterPropertiesSet();
		this.jedis.start();
		return this.jedis;
	}

	private LettuceConnectionFactory lettuce() {
		this.lettuce = new LettuceConnectionFactory(clusterConfiguration(),
				LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
		this.lettuce.afterPropertiesSet();
		this.lettuce.start();
		return this.lettuce;
	}

	private RedisClusterConfiguration clusterConfiguration() {
		return new RedisClusterConfiguration(this.cluster.nodeAddresses());
	}

}
