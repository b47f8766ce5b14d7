package io.sessionstore.testsupport;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@WithRedis
class RedisSentinelSetIntegrationTests {

	@Test
	void everySentinelKnowsTheMasterItsReplicaAndTheOtherSentinels(RedisSentinelSet set) {
		assertThat(set.sentinelAddresses()).hasSize(3)
			.doesNotHaveDuplicates()
			.allMatch((address) -> address.matches("127\\.0\\.0\\.1:\\d+"))
			.doesNotContain("127.0.0.1:6379");
		RedisServer master = set.servers().get(0);
		RedisServer replica = set.servers().get(1);
		assertThat(set.master()).isSameAs(master);
		assertThat(master.command("ROLE")).startsWith("master");
		assertThat(replica.command("ROLE")).startsWith("slave");
		for (RedisServer sentinel : set.sentinels()) {
			assertThat(sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", set.masterName()))
				.isEqualTo(master.host() + "\n" + master.port());
			assertThat(sentinel.command("SENTINEL", "MASTER", set.masterName())).contains("num-slaves\n1\n",
					"num-other-sentinels\n2\n", "quorum\n2\n");
			assertThat(sentinel.command("SENTINEL", "REPLICAS", set.masterName())).contains("port\n" + replica.port());
			assertThat(sentinel.command("SENTINEL", "CKQUORUM", set.masterName())).startsWith("OK 3 usable Sentinels");
		}
	}

	@Test
	void writeOnTheMasterIsReadableOnTheReplica(RedisSentinelSet set) {
		RedisServer master = set.master();
		RedisServer replica = set.servers().get(1);

		master.command("SET", "sentinel-test-replicated", "copied");

		assertThat(master.command("WAIT", "1", "5000")).isEqualTo("1");
		assertThat(replica.command("GET", "sentinel-test-replicated")).isEqualTo("copied");
	}

	@Test
	void clientConfiguredWithTheSentinelsWritesToTheMaster(RedisSentinelSet set) {
		try (SentinelClient client = new SentinelClient(set)) {
			client.connection().sync().set("sentinel-test-client", "through the Sentinels");

			assertThat(set.master().command("GET", "sentinel-test-client")).isEqualTo("through the Sentinels");
		}
	}

	@Test
	void monitorOnAWatchedMasterLeavesOutTheCommandsOfTheSentinels(RedisSentinelSet set) throws Exception {
		RedisServer master = set.master();
		RedisServer sentinel = set.sentinels().get(0);
		try (RedisMonitor monitor = RedisMonitor.attach(master)) {
			List<RedisMonitor.MonitoredCommand> commands = monitor.record(() -> {
				long start = System.nanoTime();
				master.command("SET", "sentinel-test-monitor", "mine");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> pingedSince(sentinel, set.masterName(), start));
			});

			assertThat(commands).extracting(RedisMonitor.MonitoredCommand::name).containsExactly("SET");
		}
	}

	@Test
	void redis62SentinelsServeTheMasterToo(@Redis62 RedisSentinelSet set) {
		assertThat(set.version()).startsWith("6.2.");
		try (SentinelClient client = new SentinelClient(set)) {
			client.connection().sync().set("sentinel-test-62", "on 6.2");

			assertThat(set.master().command("GET", "sentinel-test-62")).isEqualTo("on 6.2");
		}
	}

	@Test
	void killingTheMasterMakesTheSentinelsPromoteItsReplica() {
		try (RedisSentinelSet set = RedisServers.startSentinelSet()) {
			RedisServer master = set.master();
			RedisServer replica = set.servers().get(1);
			master.command("SET", "sentinel-test-failover", "kept");
			assertThat(master.command("WAIT", "1", "5000")).isEqualTo("1");

			RedisServer killed = set.killMaster();
			RedisServer promoted = set.awaitNewMaster(killed);

			assertThat(killed).isSameAs(master);
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> killed.command("PING"));
			assertThat(promoted).isSameAs(replica);
			assertThat(promoted.command("ROLE")).startsWith("master");
			assertThat(promoted.command("GET", "sentinel-test-failover")).isEqualTo("kept");
			promoted.command("SET", "sentinel-test-failover", "written after the failover");
			for (RedisServer sentinel : set.sentinels()) {
				assertThat(sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", set.masterName()))
					.isEqualTo(promoted.host() + "\n" + promoted.port());
			}
		}
	}

	@Test
	void closingASentinelSetStopsEveryProcess() {
		RedisSentinelSet set = RedisServers.startSentinelSet();
		List<RedisServer> processes = new ArrayList<>(set.sentinels());
		processes.addAll(set.servers());

		set.close();

		for (RedisServer process : processes) {
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> process.command("PING"));
		}
	}

	/**
	 * Return whether the Sentinel has had a reply to a ping of the master since the given
	 * time.
	 */
	private static boolean pingedSince(RedisServer sentinel, String masterName, long startNanos) {
		long elapsedMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
		List<String> lines = sentinel.command("SENTINEL", "MASTER", masterName).lines().toList();
		Map<String, String> fields = IntStream.range(0, lines.size() / 2)
			.boxed()
			.collect(Collectors.toMap((i) -> lines.get(2 * i), (i) -> lines.get(2 * i + 1)));
		return Long.parseLong(fields.get("last-ok-ping-reply")) < elapsedMillis;
	}

	private static final class SentinelClient implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		SentinelClient(RedisSentinelSet set) {
			RedisServer first = set.sentinels().get(0);
			RedisURI.Builder uri = RedisURI.Builder.sentinel(first.host(), first.port(), set.masterName());
			set.sentinels().stream().skip(1).forEach((sentinel) -> uri.withSentinel(sentinel.host(), sentinel.port()));
			this.client = RedisClient.create(uri.build());
			this.connection = this.client.connect();
		}

		StatefulRedisConnection<String, String> connection() {
			return this.connection;
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}

	}

}
