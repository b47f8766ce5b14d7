package io.sessionstore.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Sentinel failover under load: the master is killed while clients read and write
 * sessions, and the repository, on a connection configured as the starter configures the
 * one of session operations, follows the Sentinels to the promoted replica by itself.
 */
class SentinelFailoverIntegrationTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration MARGIN = Duration.ofSeconds(1);

	private static final int SESSIONS = 200;

	private static final int CLIENTS = 4;

	private static final Duration REQUEST_INTERVAL = Duration.ofMillis(10);

	private static final int MAX_REQUESTS = 10_000;

	private static final int STEADY_SUCCESSES = 100;

	private RedisSentinelSet set;

	private LettuceConnectionFactory connectionFactory;

	private @Nullable Load load;

	@BeforeEach
	void startSentinelSet() {
		this.set = RedisServers.startSentinelSet();
		this.connectionFactory = sessionConnectionFactory(this.set);
	}

	@AfterEach
	void stopEverything() {
		if (this.load != null) {
			this.load.close();
		}
		this.connectionFactory.destroy();
		this.set.close();
	}

	@Test
	void sessionsWrittenBeforeAFailoverAreServedAfterItAndRequestsInTheGapFailOnlyAsUnavailable() throws Exception {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(this.connectionFactory);
		repository.setNamespace("failover-" + UUID.randomUUID().toString().substring(0, 8));
		Map<String, String> owners = writeSessions(repository);
		assertThat(this.set.master().command("WAIT", "1", "5000")).isEqualTo("1");
		Load load = new Load(repository, List.copyOf(owners.keySet()), owners);
		this.load = load;

		load.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> load.successesSince(Long.MIN_VALUE) >= STEADY_SUCCESSES);
		RedisServer killed = this.set.killMaster();
		long killedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(15)).until(() -> load.successesSince(killedAt) >= STEADY_SUCCESSES);
		load.stop();
		RedisServer promoted = this.set.awaitNewMaster(killed);
		System.out.println(load.summary(killedAt));

		assertThat(promoted).isSameAs(this.set.servers().get(1));
		assertThat(load.failures()).allSatisfy((outcome) -> {
			assertThat(outcome.failure()).isInstanceOf(SessionStoreUnavailableException.class);
			assertThat(outcome.startNanos()).isGreaterThanOrEqualTo(killedAt - COMMAND_TIMEOUT.plus(MARGIN).toNanos());
		});
		assertThat(load.slowest()).isLessThanOrEqualTo(COMMAND_TIMEOUT.plus(MARGIN));
		owners.forEach((id, owner) -> {
			RedisHashSession found = repository.findById(id);
			assertThat(found).as("session %s after the failover", id).isNotNull();
			assertThat((Object) found.getAttribute("owner")).isEqualTo(owner);
			assertThat((Object) found.getAttribute("cart_items")).isEqualTo(3L);
		});
		RedisHashSession written = repository.createSession();
		written.setAttribute("owner", "after the failover");
		repository.save(written);
		assertThat(promoted.command("HGET", repository.getNamespace() + ":" + written.getId(), "owner"))
			.isEqualTo("after the failover");
	}

	/**
	 * A connection factory on the Sentinels with the client options that the starter
	 * gives the connection of session operations: commands wait for a reconnection up to
	 * the command timeout, and the connect timeout is no longer than it.
	 */
	private static LettuceConnectionFactory sessionConnectionFactory(RedisSentinelSet set) {
		LettuceClientConfiguration clientConfiguration = LettuceClientConfiguration.builder()
			.commandTimeout(COMMAND_TIMEOUT)
			.clientOptions(ClientOptions.builder()
				.socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
				.timeoutOptions(TimeoutOptions.enabled())
				.build())
			.build();
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisSentinelConfiguration(set.masterName(), new HashSet<>(set.sentinelAddresses())),
				clientConfiguration);
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		return connectionFactory;
	}

	private static Map<String, String> writeSessions(RedisHashSessionRepository repository) {
		Map<String, String> owners = new LinkedHashMap<>();
		for (int i = 0; i < SESSIONS; i++) {
			RedisHashSession session = repository.createSession();
			session.setAttribute("owner", "user-" + i);
			session.setAttribute("cart_items", 3L);
			repository.save(session);
			owners.put(session.getId(), "user-" + i);
		}
		return owners;
	}

	private static String causeOf(Throwable failure) {
		Throwable cause = failure.getCause();
		return (cause != null) ? cause.getClass().getSimpleName() : "no cause";
	}

	private static String countBy(List<Outcome> outcomes, Function<Throwable, String> key) {
		Map<String, Long> counts = outcomes.stream()
			.collect(Collectors.groupingBy((outcome) -> key.apply(outcome.failure()), TreeMap::new,
					Collectors.counting()));
		return counts.isEmpty() ? "none" : counts.entrySet()
			.stream()
			.map((count) -> count.getKey() + " " + count.getValue())
			.collect(Collectors.joining(", "));
	}

	/**
	 * Clients that each send a request every few milliseconds: mostly reads of the
	 * sessions written before the failover, checking their data, and some writes.
	 */
	private static final class Load implements AutoCloseable {

		private final RedisHashSessionRepository repository;

		private final List<String> ids;

		private final Map<String, String> owners;

		private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(CLIENTS);

		private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

		private final AtomicLong sent = new AtomicLong();

		Load(RedisHashSessionRepository repository, List<String> ids, Map<String, String> owners) {
			this.repository = repository;
			this.ids = ids;
			this.owners = owners;
		}

		void start() {
			for (int i = 0; i < CLIENTS; i++) {
				this.clients.scheduleAtFixedRate(this::request, 0, REQUEST_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
			}
		}

		void stop() throws InterruptedException {
			this.clients.shutdown();
			assertThat(this.clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}

		@Override
		public void close() {
			this.clients.shutdownNow();
		}

		private void request() {
			long number = this.sent.incrementAndGet();
			if (number > MAX_REQUESTS) {
				return;
			}
			String id = this.ids.get((int) (number % this.ids.size()));
			long start = System.nanoTime();
			RuntimeException failure = null;
			try {
				switch ((int) (number % 4)) {
					case 0 -> {
						RedisHashSession session = this.repository.createSession();
						session.setAttribute("owner", "created under load");
						this.repository.save(session);
					}
					case 1 -> this.repository.incrementAttribute(id, "requests", 1);
					default -> read(id);
				}
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			this.outcomes.add(new Outcome(start, System.nanoTime(), failure));
		}

		private void read(String id) {
			RedisHashSession session = this.repository.findById(id);
			if (session == null || !this.owners.get(id).equals(session.getAttribute("owner"))) {
				throw new IllegalStateException("Session " + id + " was read as " + session);
			}
		}

		long successesSince(long startNanos) {
			return this.outcomes.stream()
				.filter((outcome) -> outcome.failure() == null && outcome.startNanos() >= startNanos)
				.count();
		}

		/**
		 * Describe the failover on one line: the gap from the kill to the end of the first
		 * request started after it that succeeded, and the requests that failed.
		 */
		String summary(long killedAt) {
			long firstSuccess = this.outcomes.stream()
				.filter((outcome) -> outcome.failure() == null && outcome.startNanos() >= killedAt)
				.mapToLong(Outcome::endNanos)
				.min()
				.orElseThrow();
			List<Outcome> failed = failures();
			long otherErrors = failed.stream()
				.filter((outcome) -> !(outcome.failure() instanceof SessionStoreUnavailableException))
				.count();
			return String.format(Locale.ROOT,
					"Sentinel failover: gap %.1f s, %d of %d requests failed (%s; caused by %s), %d other errors, "
							+ "slowest request %d ms",
					(firstSuccess - killedAt) / 1e9, failed.size(), this.outcomes.size(),
					countBy(failed, (failure) -> failure.getClass().getSimpleName()),
					countBy(failed, SentinelFailoverIntegrationTests::causeOf), otherErrors, slowest().toMillis());
		}

		List<Outcome> failures() {
			return this.outcomes.stream().filter((outcome) -> outcome.failure() != null).toList();
		}

		Duration slowest() {
			return Duration.ofNanos(this.outcomes.stream()
				.mapToLong((outcome) -> outcome.endNanos() - outcome.startNanos())
				.max()
				.orElse(0));
		}

	}

	/**
	 * One request: when it started and ended, and how it failed.
	 */
	private record Outcome(long startNanos, long endNanos, @Nullable RuntimeException failure) {
	}

}
