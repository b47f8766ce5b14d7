package io.sessionstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@WithRedis
class RedisClusterIntegrationTests {

	@Test
	void threeMastersOnDistinctPortsServeEverySlotBetweenThem(RedisCluster cluster) {
		assertThat(cluster.masters()).hasSize(3);
		assertThat(cluster.replicas()).isEmpty();
		assertThat(cluster.nodeAddresses()).hasSize(3)
			.doesNotHaveDuplicates()
			.allMatch((address) -> address.matches("127\\.0\\.0\\.1:\\d+"))
			.doesNotContain("127.0.0.1:6379");
		for (RedisServer node : cluster.nodes()) {
			assertThat(node.command("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_slots_assigned:16384",
					"cluster_known_nodes:3", "cluster_size:3");
		}
		try (ClusterClient client = new ClusterClient(cluster)) {
			Partitions partitions = client.partitions();
			assertThat(IntStream.range(0, RedisCluster.SLOTS).mapToObj(partitions::getPartitionBySlot))
				.doesNotContainNull();
			assertThat(partitions).extracting((node) -> node.getUri().getPort())
				.containsExactlyInAnyOrderElementsOf(cluster.masters().stream().map(RedisServer::port).toList());
		}
	}

	@Test
	void keysWrittenThroughAClusterClientLandOnTheMasterThatServesTheirSlot(RedisCluster cluster) {
		Set<RedisServer> holders = new HashSet<>();
		try (ClusterClient client = new ClusterClient(cluster)) {
			for (int i = 0; i < 30; i++) {
				String key = "cluster-test-" + i;
				client.commands().set(key, "value-" + i);
				RedisServer master = cluster.masterServing(key);

				assertThat(cluster.slotOf(key)).isEqualTo(SlotHash.getSlot(key));
				assertThat(master.command("GET", key)).isEqualTo("value-" + i);
				for (RedisServer other : cluster.masters()) {
					if (other != master) {
						assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> other.command("GET", key))
							.withMessageContaining("MOVED " + SlotHash.getSlot(key) + " " + master.host() + ":"
									+ master.port());
					}
				}
				holders.add(master);
			}
		}
		assertThat(holders).containsExactlyInAnyOrderElementsOf(cluster.masters());
	}

	@Test
	void monitorOfEveryMasterRecordsTheCommandsThatEachOfThemReceived(RedisCluster cluster) throws Exception {
		try (ClusterClient client = new ClusterClient(cluster);
				RedisMonitor monitor = RedisMonitor.attach(cluster.masters())) {
			List<String> keys = IntStream.range(0, 30).mapToObj((i) -> "cluster-monitor-" + i).toList();

			List<RedisMonitor.MonitoredCommand> commands = monitor
				.record(() -> keys.forEach((key) -> client.commands().set(key, "x")));

			assertThat(commands).filteredOn((command) -> command.name().equals("SET"))
				.extracting((command) -> command.args().get(0))
				.containsExactlyInAnyOrderElementsOf(keys);
		}
	}

	@Test
	void redis62ClusterServesEverySlotToo(@Redis62 RedisCluster cluster) {
		assertThat(cluster.version()).startsWith("6.2.");
		try (ClusterClient client = new ClusterClient(cluster)) {
			Partitions partitions = client.partitions();
			assertThat(IntStream.range(0, RedisCluster.SLOTS).mapToObj(partitions::getPartitionBySlot))
				.doesNotContainNull();
			client.commands().set("cluster-test-62", "on 6.2");

			assertThat(cluster.masterServing("cluster-test-62").command("GET", "cluster-test-62")).isEqualTo("on 6.2");
		}
	}

	@Test
	void replicaTakesOverTheSlotsOfAStoppedMasterAndTheMasterRejoinsAsItsReplica() {
		try (RedisCluster cluster = RedisServers.startCluster(1); ClusterClient client = new ClusterClient(cluster)) {
			assertThat(cluster.nodes()).hasSize(6);
			assertThat(client.partitions()).filteredOn((node) -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
				.hasSize(3);
			String key = "cluster-failover-test";
			client.commands().set(key, "kept");
			RedisServer master = cluster.masterServing(key);
			RedisServer replica = cluster.replicas().get(cluster.masters().indexOf(master));
			awaitReplicated(replica, key);

			master.stop();
			RedisServer promoted = awaitMasterServing(cluster, key, master);

			assertThat(promoted).isSameAs(replica);
			assertThat(promoted.command("GET", key)).isEqualTo("kept");
			master.start();
			awaitRole(master, "slave");
		}
	}

	@Test
	void closingAClusterStopsEveryNode() {
		RedisCluster cluster = RedisServers.startCluster();
		List<RedisServer> nodes = cluster.nodes();

		cluster.close();

		for (RedisServer node : nodes) {
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> node.command("PING"));
		}
	}

	private static void awaitReplicated(RedisServer replica, String key) {
		await().atMost(Duration.ofSeconds(30)).until(() -> readFromReplica(replica, key), "kept"::equals);
	}

	private static String readFromReplica(RedisServer replica, String key) throws IOException {
		try (Resp resp = new Resp(replica.host(), replica.port(), 1000)) {
			resp.call("READONLY");
			return resp.call("GET", key);
		}
	}

	private static RedisServer awaitMasterServing(RedisCluster cluster, String key, RedisServer stopped) {
		return await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> cluster.masterServing(key), (master) -> master != stopped);
	}

	private static void awaitRole(RedisServer node, String role) {
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> node.command("ROLE").startsWith(role));
	}

	private static final class ClusterClient implements AutoCloseable {

		private final RedisClusterClient client;

		private final StatefulRedisClusterConnection<String, String> connection;

		ClusterClient(RedisCluster cluster) {
			this.client = RedisClusterClient.create(cluster.nodes()
				.stream()
				.map((node) -> RedisURI.create(node.host(), node.port()))
				.toList());
			this.connection = this.client.connect();
		}

		RedisAdvancedClusterCommands<String, String> commands() {
			return this.connection.sync();
		}

		Partitions partitions() {
			return this.client.getPartitions();
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}

	}

}
