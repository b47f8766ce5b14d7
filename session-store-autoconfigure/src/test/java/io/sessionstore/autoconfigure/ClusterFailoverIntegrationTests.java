package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionStoreUnavailableException;
import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session operations through a Redis Cluster failover, with the repository and its
 * connection exactly as the starter makes them from {@code spring.data.redis.cluster.*}:
 * a master is killed under load and its replica takes over.
 */
class ClusterFailoverIntegrationTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration LATENESS_ALLOWED = Duration.ofSeconds(1);

	private static final int SESSIONS = 150;

	private static final int LOAD_THREADS = 4;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner(
			AnnotationConfigServletWebApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionStoreAutoConfiguration.class))
		.withPropertyValues("session-store.redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms",
				"session-store.principal-index.sweep-interval=0");

	@Test
	void sessionsWrittenBeforeAMasterIsKilledUnderLoadAreReadAfterItsReplicaTakesOverAndServiceResumesByItself()
			throws Exception {
		try (RedisCluster cluster = RedisServers.startCluster(1)) {
			this.contextRunner
				.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodeAddresses()))
				.run((context) -> {
					RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
					Map<String, RedisServer> masterOfSession = writeSessions(repository, cluster);
					awaitReplicasInStep(cluster);
					RedisServer killed = masterOfSession.values().iterator().next();
					Set<String> sessionsOfKilled = masterOfSession.entrySet()
						.stream()
						.filter((entry) -> entry.getValue() == killed)
						.map(Map.Entry::getKey)
						.collect(Collectors.toSet());
					Load load = new Load(repository, List.copyOf(masterOfSession.keySet()));
					Failover failover;
					try {
						await().atMost(Duration.ofSeconds(5))
							.until(() -> load.succeededSince(Long.MIN_VALUE, sessionsOfKilled) >= 50);
						failover = killAndAwaitRecovery(cluster, killed, sessionsOfKilled, load);
					}
					finally {
						load.stop();
					}

					Summary summary = Summary.of(load.outcomes(), failover, sessionsOfKilled);
					System.out.println(summary);

					assertThat(summary.failures().keySet())
						.isSubsetOf(SessionStoreUnavailableException.class.getSimpleName());
					assertThat(summary.slowest()).isLessThanOrEqualTo(COMMAND_TIMEOUT.plus(LATENESS_ALLOWED));
					for (String id : masterOfSession.keySet()) {
						RedisHashSession session = repository.findById(id);
						assertThat(session).as("session %s after the failover", id).isNotNull();
						assertThat(session.<String>getAttribute("username")).isEqualTo("user-" + id);
					}
				});
		}
	}

	/**
	 * Kill a master and wait until its replica serves its slots and the load reads and
	 * writes sessions there again.
	 */
	private static Failover killAndAwaitRecovery(RedisCluster cluster, RedisServer master, Set<String> sessionsOfMaster,
			Load load) {
		String keyOfMaster = sessionKey(sessionsOfMaster.iterator().next());
		long killedAt = System.nanoTime();
		master.kill();
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> cluster.masterServing(keyOfMaster) != master);
		long promotedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(15)).until(() -> load.succeededSince(promotedAt, sessionsOfMaster) >= 20);
		return new Failover(killedAt, promotedAt);
	}

	private static Map<String, RedisServer> writeSessions(RedisHashSessionRepository repository,
			RedisCluster cluster) {
		Map<String, RedisServer> masterOfSession = new LinkedHashMap<>();
		for (int i = 0; i < SESSIONS; i++) {
			RedisHashSession session = repository.createSession();
			session.setAttribute("username", "user-" + session.getId());
			repository.save(session);
			masterOfSession.put(session.getId(), cluster.masterServing(sessionKey(session.getId())));
		}
		return masterOfSession;
	}

	/**
	 * Wait until every replica has applied everything its master has taken in.
	 */
	private static void awaitReplicasInStep(RedisCluster cluster) {
		for (int i = 0; i < cluster.masters().size(); i++) {
			long offset = replicationOffset(cluster.masters().get(i), "master_repl_offset");
			RedisServer replica = cluster.replicas().get(i);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> replicationOffset(replica, "slave_repl_offset") >= offset);
		}
	}

	private static long replicationOffset(RedisServer node, String field) {
		return node.command("INFO", "replication")
			.lines()
			.filter((line) -> line.startsWith(field + ":"))
			.mapToLong((line) -> Long.parseLong(line.substring(field.length() + 1).trim()))
			.findFirst()
			.orElseThrow();
	}

	private static String sessionKey(String id) {
		return RedisHashSessionRepository.DEFAULT_NAMESPACE + ":" + id;
	}

	/**
	 * When a master was killed and when its replica was seen serving its slots, as
	 * {@link System#nanoTime()}.
	 */
	private record Failover(long killedAt, long promotedAt) {
	}

	/**
	 * What the load went through.
	 *
	 * @param requests the number of session operations
	 * @param failures the number of failed operations by exception type
	 * @param slowest the longest operation
	 * @param promotedAfter the time from the kill to the replica serving its master's slots
	 * @param resumedAfter the time from the kill to the start of the first operation on a
	 * session of the killed master that succeeded
	 */
	private record Summary(int requests, Map<String, Long> failures, Duration slowest, Duration promotedAfter,
			Duration resumedAfter) {

		static Summary of(List<Outcome> outcomes, Failover failover, Set<String> sessionsOfKilled) {
			Map<String, Long> failures = outcomes.stream()
				.filter((outcome) -> outcome.failure() != null)
				.collect(Collectors.groupingBy((outcome) -> outcome.failure().getSimpleName(), TreeMap::new,
						Collectors.counting()));
			long slowest = outcomes.stream().mapToLong(Outcome::nanos).max().orElseThrow();
			long resumedAt = outcomes.stream()
				.filter((outcome) -> outcome.failure() == null && outcome.startedAt() > failover.killedAt()
						&& sessionsOfKilled.contains(outcome.id()))
				.mapToLong(Outcome::startedAt)
				.min()
				.orElseThrow();
			return new Summary(outcomes.size(), failures, Duration.ofNanos(slowest),
					Duration.ofNanos(failover.promotedAt() - failover.killedAt()),
					Duration.ofNanos(resumedAt - failover.killedAt()));
		}

		@Override
		public String toString() {
			long failed = this.failures.values().stream().mapToLong(Long::longValue).sum();
			return String.format(Locale.ROOT,
					"Redis Cluster failover: replica promoted %.1f s after its master was killed; requests for that "
							+ "master's sessions failed for %.1f s; %d of %d requests failed %s; slowest request %d ms",
					this.promotedAfter.toMillis() / 1000.0, this.resumedAfter.toMillis() / 1000.0, failed, this.requests,
					this.failures, this.slowest.toMillis());
		}

	}

	/**
	 * One session operation: when it started and ended, and what it failed with.
	 */
	private record Outcome(String id, long startedAt, long endedAt, Class<?> failure) {

		long nanos() {
			return this.endedAt - this.startedAt;
		}

	}

	/**
	 * Threads that read and write random sessions, one operation after the other, until
	 * stopped: reads load a session, writes increment one of its attributes.
	 */
	private static final class Load {

		private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService executor = Executors.newFixedThreadPool(LOAD_THREADS);

		private final List<Future<?>> workers = new ArrayList<>();

		Load(RedisHashSessionRepository repository, List<String> ids) {
			for (int i = 0; i < LOAD_THREADS; i++) {
				this.workers.add(this.executor.submit(() -> {
					while (this.running.get()) {
						String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
						boolean write = ThreadLocalRandom.current().nextBoolean();
						long startedAt = System.nanoTime();
						Class<?> failure = null;
						try {
							if (write) {
								repository.incrementAttribute(id, "hits", 1);
							}
							else {
								repository.findById(id);
							}
						}
						catch (RuntimeException ex) {
							failure = ex.getClass();
						}
						this.outcomes.add(new Outcome(id, startedAt, System.nanoTime(), failure));
					}
					return null;
				}));
			}
		}

		long succeededSince(long since, Collection<String> ids) {
			return this.outcomes.stream()
				.filter((outcome) -> outcome.failure() == null && outcome.startedAt() > since
						&& ids.contains(outcome.id()))
				.count();
		}

		void stop() throws Exception {
			this.running.set(false);
			try {
				for (Future<?> worker : this.workers) {
					worker.get();
				}
			}
			finally {
				this.executor.shutdownNow();
			}
		}

		List<Outcome> outcomes() {
			return List.copyOf(this.outcomes);
		}

	}

}
