package io.sessionstore.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster for tests: masters, and optionally replicas, that this JVM starts from
 * one {@code redis-server} binary, each on a free port whose cluster bus port (10000
 * higher) is free too, in a directory of its own and without persistence.
 * <p>
 * The slots are split evenly between the masters, and the cluster is handed out only once
 * every node reports {@code cluster_state:ok}, knows every other node and agrees on which
 * master serves which slots; that takes about two seconds, the time a restarted master
 * waits before it accepts writes. Each node is a {@link RedisServer} that can be stopped
 * and started again: it keeps its port and its {@code nodes.conf}, so it rejoins as the
 * node it was. Nodes take a peer that has not answered for 3 seconds
 * ({@code cluster-node-timeout}) as failing, so a replica takes over from a stopped master
 * within a few seconds.
 */
public final class RedisCluster implements AutoCloseable {

	/** The number of hash slots of a Redis Cluster. */
	public static final int SLOTS = 16384;

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

	private static final int LAUNCH_ATTEMPTS = 3;

	private final List<RedisServer> masters;

	private final List<RedisServer> replicas;

	private final Map<RedisServer, RedisServer> masterOfReplica;

	private RedisCluster(List<RedisServer> masters, List<RedisServer> replicas,
			Map<RedisServer, RedisServer> masterOfReplica) {
		this.masters = List.copyOf(masters);
		this.replicas = List.copyOf(replicas);
		this.masterOfReplica = Map.copyOf(masterOfReplica);
	}

	static RedisCluster start(Path executable, int masterCount, int replicasPerMaster) {
		if (masterCount < 1 || replicasPerMaster < 0) {
			throw new IllegalArgumentException("A cluster needs at least one master and no negative replica count");
		}
		List<RedisServer> started = new ArrayList<>();
		try {
			Set<Integer> ports = new HashSet<>();
			List<RedisServer> masters = new ArrayList<>();
			List<RedisServer> replicas = new ArrayList<>();
			Map<RedisServer, RedisServer> masterOfReplica = new LinkedHashMap<>();
			for (int i = 0; i < masterCount; i++) {
				masters.add(launchNode(executable, ports, started));
			}
			for (RedisServer master : masters) {
				for (int i = 0; i < replicasPerMaster; i++) {
					RedisServer replica = launchNode(executable, ports, started);
					replicas.add(replica);
					masterOfReplica.put(replica, master);
				}
			}
			RedisCluster cluster = new RedisCluster(masters, replicas, masterOfReplica);
			cluster.form();
			return cluster;
		}
		catch (RuntimeException ex) {
			started.forEach(RedisServer::close);
			throw ex;
		}
	}

	private static RedisServer launchNode(Path executable, Set<Integer> ports, List<RedisServer> started) {
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++) {
			int port = FreePorts.findWithClusterBus(ports);
			ports.add(port);
			try {
				RedisServer node = RedisServer.launch(executable, port, List.of("--cluster-enabled", "yes",
						"--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
						Long.toString(NODE_TIMEOUT.toMillis()), "--cluster-announce-ip", "127.0.0.1",
						"--repl-diskless-sync-delay", "0"));
				started.add(node);
				return node;
			}
			catch (IllegalStateException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	/**
	 * Return every node, the masters first.
	 * @return the nodes
	 */
	public List<RedisServer> nodes() {
		List<RedisServer> nodes = new ArrayList<>(this.masters);
		nodes.addAll(this.replicas);
		return nodes;
	}

	/**
	 * Return the nodes started as masters, in slot order: the first serves the lowest
	 * slots.
	 * @return the masters
	 */
	public List<RedisServer> masters() {
		return this.masters;
	}

	/**
	 * Return the nodes started as replicas, those of the first master first.
	 * @return the replicas, empty unless asked for
	 */
	public List<RedisServer> replicas() {
		return this.replicas;
	}

	/**
	 * Return the {@code host:port} address of every node, as
	 * {@code spring.data.redis.cluster.nodes} and {@code RedisClusterConfiguration} take
	 * them.
	 * @return the addresses
	 */
	public List<String> nodeAddresses() {
		return nodes().stream().map((node) -> node.host() + ":" + node.port()).toList();
	}

	/**
	 * Return the version of the nodes, as {@code INFO server} reports it.
	 * @return the version, such as {@code 7.0.15}
	 */
	public String version() {
		return this.masters.get(0).version();
	}

	/**
	 * Return the hash slot of a key, as the cluster computes it.
	 * @param key the key
	 * @return the slot, from 0 to 16383
	 */
	public int slotOf(String key) {
		return Integer.parseInt(anyRunningNode().command("CLUSTER", "KEYSLOT", key));
	}

	/**
	 * Return the master that serves the slot of a key now, as a running node sees it.
	 * @param key the key
	 * @return the node
	 */
	public RedisServer masterServing(String key) {
		RedisServer node = anyRunningNode();
		int slot = Integer.parseInt(node.command("CLUSTER", "KEYSLOT", key));
		for (NodeView view : NodeView.parseAll(node.command("CLUSTER", "NODES"))) {
			if (view.isMaster() && !view.isFailing() && view.serves(slot)) {
				return nodeOnPort(view.port());
			}
		}
		throw new IllegalStateException("No master serves slot " + slot);
	}

	/**
	 * Delete every key on every running master.
	 */
	public void flushAll() {
		this.masters.stream().filter(RedisCluster::answers).forEach(RedisServer::flushAll);
	}

	/**
	 * Stop every node and delete their directories.
	 */
	@Override
	public void close() {
		RedisServer.closeAll(nodes());
	}

	@Override
	public String toString() {
		return "Redis Cluster at " + nodeAddresses();
	}

	private void form() {
		List<RedisServer> nodes = nodes();
		for (int i = 0; i < nodes.size(); i++) {
			nodes.get(i).command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
		}
		for (int i = 0; i < this.masters.size(); i++) {
			int[] range = slotRange(i);
			String[] command = IntStream.rangeClosed(range[0], range[1])
				.mapToObj(Integer::toString)
				.toArray(String[]::new);
			this.masters.get(i).command(concat(new String[] { "CLUSTER", "ADDSLOTS" }, command));
		}
		for (int i = 1; i < nodes.size(); i++) {
			for (RedisServer known : nodes.subList(0, i)) {
				nodes.get(i).command("CLUSTER", "MEET", known.host(), Integer.toString(known.port()));
			}
		}
		Instant deadline = Instant.now().plus(FORMATION_TIMEOUT);
		Readiness.await(deadline, "every node to know every other", this::everyNodeKnowsEveryOther);
		Map<Integer, String> ids = new LinkedHashMap<>();
		for (RedisServer node : nodes) {
			ids.put(node.port(), node.command("CLUSTER", "MYID"));
		}
		this.masterOfReplica.forEach((replica, master) -> replica.command("CLUSTER", "REPLICATE", ids.get(master.port())));
		Readiness.await(deadline, "every node to agree on the slot map with cluster_state:ok", () -> isFormed(ids));
	}

	private int[] slotRange(int masterIndex) {
		int count = this.masters.size();
		return new int[] { masterIndex * SLOTS / count, (masterIndex + 1) * SLOTS / count - 1 };
	}

	private @Nullable String everyNodeKnowsEveryOther() {
		int total = this.masters.size() + this.replicas.size();
		for (RedisServer node : nodes()) {
			List<NodeView> views = NodeView.parseAll(node.command("CLUSTER", "NODES"));
			if (views.size() != total || views.stream().anyMatch((view) -> view.isHandshaking() || view.port() == 0)) {
				return node.port() + " sees " + views;
			}
		}
		return null;
	}

	private @Nullable String isFormed(Map<Integer, String> ids) {
		int total = this.masters.size() + this.replicas.size();
		for (RedisServer node : nodes()) {
			String info = node.command("CLUSTER", "INFO");
			if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_assigned:" + SLOTS)
					|| !info.contains("cluster_known_nodes:" + total)) {
				return node.port() + " reports " + info.lines().limit(6).toList();
			}
			List<NodeView> views = NodeView.parseAll(node.command("CLUSTER", "NODES"));
			String disagreement = disagreement(views, ids);
			if (disagreement != null) {
				return node.port() + " " + disagreement;
			}
		}
		for (RedisServer replica : this.replicas) {
			if (!replica.command("INFO", "replication").contains("master_link_status:up")) {
				return "replica " + replica.port() + " has not synchronised with its master yet";
			}
		}
		return null;
	}

	private @Nullable String disagreement(List<NodeView> views, Map<Integer, String> ids) {
		if (views.size() != ids.size()) {
			return "sees " + views.size() + " nodes";
		}
		for (NodeView view : views) {
			if (!view.id().equals(ids.get(view.port())) || view.isFailing() || view.isHandshaking()) {
				return "sees " + view;
			}
			RedisServer node = nodeOnPort(view.port());
			RedisServer master = this.masterOfReplica.get(node);
			if (master != null) {
				if (view.isMaster() || !view.masterId().equals(ids.get(master.port())) || !view.slots().isEmpty()) {
					return "sees replica " + view;
				}
			}
			else {
				int[] range = slotRange(this.masters.indexOf(node));
				String expected = (range[0] == range[1]) ? Integer.toString(range[0]) : range[0] + "-" + range[1];
				if (!view.isMaster() || !view.slots().equals(List.of(expected))) {
					return "sees master " + view;
				}
			}
		}
		return null;
	}

	private RedisServer nodeOnPort(int port) {
		return nodes().stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node of this cluster listens on port " + port));
	}

	private RedisServer anyRunningNode() {
		return nodes().stream()
			.filter(RedisCluster::answers)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node of " + this + " is running"));
	}

	private static boolean answers(RedisServer node) {
		try {
			return "PONG".equals(node.command("PING"));
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	private static String[] concat(String[] first, String[] second) {
		String[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	/**
	 * One line of {@code CLUSTER NODES}: how one node sees another, or itself.
	 */
	private record NodeView(String id, int port, Set<String> flags, String masterId, List<String> slots) {

		static List<NodeView> parseAll(String clusterNodes) {
			return clusterNodes.lines().filter((line) -> !line.isBlank()).map(NodeView::parse).toList();
		}

		static NodeView parse(String line) {
			String[] fields = line.trim().split(" ");
			String address = fields[1];
			int at = address.indexOf('@');
			String hostAndPort = (at >= 0) ? address.substring(0, at) : address;
			String port = hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1);
			List<String> slots = Arrays.stream(fields, 8, fields.length)
				.filter((slot) -> !slot.startsWith("["))
				.toList();
			return new NodeView(fields[0], port.isEmpty() ? 0 : Integer.parseInt(port),
					Set.of(fields[2].split(",")), fields[3], slots);
		}

		boolean isMaster() {
			return this.flags.contains("master");
		}

		boolean isHandshaking() {
			return this.flags.contains("handshake") || this.flags.contains("noaddr");
		}

		boolean isFailing() {
			return this.flags.contains("fail") || this.flags.contains("fail?");
		}

		boolean serves(int slot) {
			for (String range : this.slots) {
				int dash = range.indexOf('-');
				int from = Integer.parseInt((dash >= 0) ? range.substring(0, dash) : range);
				int to = (dash >= 0) ? Integer.parseInt(range.substring(dash + 1)) : from;
				if (slot >= from && slot <= to) {
					return true;
				}
			}
			return false;
		}

	}

}
