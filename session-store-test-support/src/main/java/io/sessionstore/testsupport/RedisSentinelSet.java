package io.sessionstore.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A Redis master with one replica, watched by three Redis Sentinels, for tests: five
 * processes that this JVM starts from one {@code redis-server} binary, each on a free port,
 * in a directory of its own and without persistence.
 * <p>
 * The Sentinels monitor the master under {@link #MASTER_NAME} with a quorum of two. They
 * take a master that has not answered for one second as down, so that a failover after a
 * crash ({@link #killMaster()}) completes within a few seconds. The set is handed out only
 * once the replica is in sync with the master and every Sentinel knows the master, the
 * replica and the two other Sentinels; that takes about two seconds, the time Sentinels
 * need to find each other through the master.
 */
public final class RedisSentinelSet implements AutoCloseable {

	/** The name under which the Sentinels monitor the master. */
	public static final String MASTER_NAME = "sessions";

	private static final int SENTINEL_COUNT = 3;

	private static final int QUORUM = 2;

	private static final Duration DOWN_AFTER = Duration.ofSeconds(1);

	private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration FAILOVER_WAIT = Duration.ofSeconds(30);

	private static final int LAUNCH_ATTEMPTS = 3;

	private static final List<String> DATA_NODE_ARGUMENTS = List.of("--repl-diskless-sync-delay", "0");

	private final List<RedisServer> servers;

	private final List<RedisServer> sentinels;

	private RedisSentinelSet(List<RedisServer> servers, List<RedisServer> sentinels) {
		this.servers = List.copyOf(servers);
		this.sentinels = List.copyOf(sentinels);
	}

	static RedisSentinelSet start(Path executable) {
		List<RedisServer> started = new ArrayList<>();
		try {
			Instant deadline = Instant.now().plus(FORMATION_TIMEOUT);
			RedisServer master = launch(executable, List.of(), DATA_NODE_ARGUMENTS, started);
			List<String> replicaArguments = new ArrayList<>(DATA_NODE_ARGUMENTS);
			replicaArguments.addAll(List.of("--replicaof", master.host(), Integer.toString(master.port())));
			RedisServer replica = launch(executable, List.of(), replicaArguments, started);
			Readiness.await(deadline, "the replica to synchronise with the master", () -> replicaInSync(master, replica));
			List<String> configuration = List.of(
					"sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " " + QUORUM,
					"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
					"sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT.toMillis(),
					"sentinel parallel-syncs " + MASTER_NAME + " 1");
			List<RedisServer> sentinels = new ArrayList<>();
			for (int i = 0; i < SENTINEL_COUNT; i++) {
				sentinels.add(launch(executable, configuration, List.of("--sentinel"), started));
			}
			RedisSentinelSet set = new RedisSentinelSet(List.of(master, replica), sentinels);
			Readiness.await(deadline, "every Sentinel to know the master, the replica and the other Sentinels",
					set::sentinelsNotReady);
			return set;
		}
		catch (RuntimeException ex) {
			started.forEach(RedisServer::close);
			throw ex;
		}
	}

	private static RedisServer launch(Path executable, List<String> configuration, List<String> arguments,
			List<RedisServer> started) {
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++) {
			try {
				RedisServer server = RedisServer.launch(executable, FreePorts.find(), configuration, arguments);
				started.add(server);
				return server;
			}
			catch (IllegalStateException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	/**
	 * Return the name under which the Sentinels monitor the master, as
	 * {@code spring.data.redis.sentinel.master} and {@code RedisSentinelConfiguration}
	 * take it.
	 * @return the master name
	 */
	public String masterName() {
		return MASTER_NAME;
	}

	/**
	 * Return the Sentinels.
	 * @return the three Sentinels
	 */
	public List<RedisServer> sentinels() {
		return this.sentinels;
	}

	/**
	 * Return the {@code host:port} address of every Sentinel, as
	 * {@code spring.data.redis.sentinel.nodes} and {@code RedisSentinelConfiguration} take
	 * them.
	 * @return the addresses
	 */
	public List<String> sentinelAddresses() {
		return this.sentinels.stream().map((sentinel) -> sentinel.host() + ":" + sentinel.port()).toList();
	}

	/**
	 * Return the two servers that hold the data, the one started as master first and the
	 * one started as its replica second, whatever their roles now.
	 * @return the servers
	 */
	public List<RedisServer> servers() {
		return this.servers;
	}

	/**
	 * Return the master as a running Sentinel reports it now
	 * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}).
	 * @return the server
	 */
	public RedisServer master() {
		return serverOnPort(reportedMasterPort(anyRunning(this.sentinels)));
	}

	/**
	 * Kill the current master with {@code SIGKILL}, as a crash would. The Sentinels then
	 * promote the replica; see {@link #awaitNewMaster(RedisServer)}.
	 * @return the killed server, which may be {@link RedisServer#start() started} again
	 */
	public RedisServer killMaster() {
		RedisServer master = master();
		master.kill();
		return master;
	}

	/**
	 * Ask a Sentinel for a failover while the master keeps running
	 * ({@code SENTINEL FAILOVER}), as an operator does before maintenance. The Sentinels
	 * promote the replica at once and turn the old master into its replica some seconds
	 * later; see {@link #awaitNewMaster(RedisServer)}.
	 * @return the master being replaced
	 */
	public RedisServer failover() {
		RedisServer master = master();
		anyRunning(this.sentinels).command("SENTINEL", "FAILOVER", MASTER_NAME);
		return master;
	}

	/**
	 * Wait until every running Sentinel reports the same master, other than the given
	 * one, and that server answers as a master.
	 * @param previous the master that is being replaced
	 * @return the new master
	 * @throws IllegalStateException if that does not happen within 30 seconds
	 */
	public RedisServer awaitNewMaster(RedisServer previous) {
		Readiness.await(Instant.now().plus(FAILOVER_WAIT), "the Sentinels to report a master other than " + previous,
				() -> newMasterNotReported(previous));
		return master();
	}

	/**
	 * Return the version of the servers, as {@code INFO server} reports it.
	 * @return the version, such as {@code 7.0.15}
	 */
	public String version() {
		return master().version();
	}

	/**
	 * Stop every Sentinel and server, and delete their directories.
	 */
	@Override
	public void close() {
		List<RedisServer> all = new ArrayList<>(this.sentinels);
		all.addAll(this.servers);
		RedisServer.closeAll(all);
	}

	@Override
	public String toString() {
		return "Redis Sentinel set '" + MASTER_NAME + "' with Sentinels at " + sentinelAddresses();
	}

	private static @Nullable String replicaInSync(RedisServer master, RedisServer replica) {
		if (!replica.command("INFO", "replication").contains("master_link_status:up")) {
			return "replica " + replica.port() + " has no link to its master yet";
		}
		if (!master.command("INFO", "replication").contains("connected_slaves:1")) {
			return "master " + master.port() + " does not list its replica yet";
		}
		return null;
	}

	private @Nullable String sentinelsNotReady() {
		RedisServer master = this.servers.get(0);
		RedisServer replica = this.servers.get(1);
		for (RedisServer sentinel : this.sentinels) {
			Map<String, String> monitored = fields(sentinel.command("SENTINEL", "MASTER", MASTER_NAME));
			if (!"master".equals(monitored.get("flags")) || !String.valueOf(master.port()).equals(monitored.get("port"))
					|| !"1".equals(monitored.get("num-slaves"))
					|| !String.valueOf(SENTINEL_COUNT - 1).equals(monitored.get("num-other-sentinels"))) {
				return "Sentinel " + sentinel.port() + " sees " + monitored;
			}
			Map<String, String> replicaSeen = fields(sentinel.command("SENTINEL", "REPLICAS", MASTER_NAME));
			if (!"slave".equals(replicaSeen.get("flags"))
					|| !String.valueOf(replica.port()).equals(replicaSeen.get("port"))
					|| !"ok".equals(replicaSeen.get("master-link-status"))) {
				return "Sentinel " + sentinel.port() + " sees the replica as " + replicaSeen;
			}
			try {
				sentinel.command("SENTINEL", "CKQUORUM", MASTER_NAME);
			}
			catch (UncheckedIOException ex) {
				return "Sentinel " + sentinel.port() + " reports " + ex.getMessage();
			}
		}
		return null;
	}

	private @Nullable String newMasterNotReported(RedisServer previous) {
		Set<Integer> reported = new HashSet<>();
		for (RedisServer sentinel : this.sentinels) {
			if (answers(sentinel)) {
				reported.add(reportedMasterPort(sentinel));
			}
		}
		if (reported.size() != 1 || reported.contains(previous.port())) {
			return "the Sentinels report masters on ports " + reported;
		}
		RedisServer master = serverOnPort(reported.iterator().next());
		String role = master.command("ROLE");
		return role.startsWith("master") ? null : master + " answers ROLE with " + role.lines().findFirst().orElse("");
	}

	private static int reportedMasterPort(RedisServer sentinel) {
		List<String> address = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).lines().toList();
		if (address.size() != 2) {
			throw new IllegalStateException("Sentinel " + sentinel.port() + " knows no master named " + MASTER_NAME);
		}
		return Integer.parseInt(address.get(1));
	}

	private RedisServer serverOnPort(int port) {
		return this.servers.stream()
			.filter((server) -> server.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No server of " + this + " listens on port " + port));
	}

	private static RedisServer anyRunning(List<RedisServer> servers) {
		return servers.stream()
			.filter(RedisSentinelSet::answers)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("None of " + servers + " is running"));
	}

	private static boolean answers(RedisServer server) {
		try {
			return "PONG".equals(server.command("PING"));
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	/**
	 * Read a reply made of field names and values, such as {@code SENTINEL MASTER}, or
	 * {@code SENTINEL REPLICAS} with one replica.
	 */
	private static Map<String, String> fields(String reply) {
		List<String> lines = reply.lines().toList();
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < lines.size(); i += 2) {
			fields.put(lines.get(i), lines.get(i + 1));
		}
		return fields;
	}

}
