package io.sessionstore.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/**
 * Provides real Redis servers to tests, never the one that may run on the default port.
 * <p>
 * The shared server is, in this order: the one at {@code REDIS_URL}; {@code redis-server}
 * from the {@code PATH}, started on a free port; a Testcontainers container where a
 * Docker engine runs; the Redis 6.2 binary shipped in
 * {@code com.github.codemonstur:embedded-redis}. Servers, clusters and Sentinel sets that a
 * test owns are started from {@code redis-server} on the {@code PATH}, else from that Redis
 * 6.2 binary.
 */
public final class RedisServers {

	private static final String EMBEDDED_REDIS_62 = "redis-server-6.2";

	private static @Nullable RedisServer shared;

	private RedisServers() {
	}

	/**
	 * Return the server shared by the tests of this JVM, starting it on first use.
	 * @return the shared server
	 */
	public static synchronized RedisServer shared() {
		if (shared == null) {
			shared = provideShared();
			RedisServer server = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-test-server-shutdown"));
		}
		return shared;
	}

	/**
	 * Start a server that the caller owns and may stop and start again:
	 * {@code redis-server} from the {@code PATH}, else the embedded Redis 6.2 binary.
	 * @return the started server
	 */
	public static RedisServer startDedicated() {
		return RedisServer.launch(dedicatedExecutable());
	}

	/**
	 * Start a server that the caller owns, like {@link #startDedicated()}, with further
	 * configuration such as {@code "--appendonly", "yes"}; each start of the server uses it.
	 * @param configuration {@code redis-server} arguments, which override the defaults
	 * @return the started server
	 */
	public static RedisServer startDedicated(String... configuration) {
		return RedisServer.launch(dedicatedExecutable(), FreePorts.find(), List.of(configuration));
	}

	/**
	 * Start a Redis Cluster of three masters that the caller owns, from the binary of
	 * {@link #startDedicated()}.
	 * @return the started cluster
	 */
	public static RedisCluster startCluster() {
		return startCluster(0);
	}

	/**
	 * Start a Redis Cluster of three masters, each with the given number of replicas, that
	 * the caller owns, from the binary of {@link #startDedicated()}.
	 * @param replicasPerMaster the number of replicas of each master
	 * @return the started cluster
	 */
	public static RedisCluster startCluster(int replicasPerMaster) {
		return RedisCluster.start(dedicatedExecutable(), 3, replicasPerMaster);
	}

	/**
	 * Start a Redis Cluster of three masters from the Redis 6.2 binary shipped in
	 * embedded-redis.
	 * @return the started cluster
	 * @throws TestAbortedException if no binary exists for this platform
	 */
	public static RedisCluster startRedis62Cluster() {
		return RedisCluster.start(embeddedRedis62(), 3, 0);
	}

	/**
	 * Start a master, its replica and three Sentinels that the caller owns, from the
	 * binary of {@link #startDedicated()}.
	 * @return the started set
	 */
	public static RedisSentinelSet startSentinelSet() {
		return RedisSentinelSet.start(dedicatedExecutable());
	}

	/**
	 * Start a master, its replica and three Sentinels from the Redis 6.2 binary shipped in
	 * embedded-redis.
	 * @return the started set
	 * @throws TestAbortedException if no binary exists for this platform
	 */
	public static RedisSentinelSet startRedis62SentinelSet() {
		return RedisSentinelSet.start(embeddedRedis62());
	}

	/**
	 * Start a Redis 6.2 server from the binary shipped in embedded-redis.
	 * @return the started server
	 * @throws TestAbortedException if no binary exists for this platform
	 */
	public static RedisServer startRedis62() {
		return RedisServer.launch(embeddedRedis62());
	}

	/**
	 * Return the {@code redis-server} executable found on the {@code PATH}.
	 * @return the executable, or {@code null} if there is none
	 */
	public static @Nullable Path redisServerOnPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static Path dedicatedExecutable() {
		Path onPath = redisServerOnPath();
		return (onPath != null) ? onPath : embeddedRedis62();
	}

	private static RedisServer provideShared() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			return RedisServer.external(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379);
		}
		Path onPath = redisServerOnPath();
		if (onPath != null) {
			return RedisServer.launch(onPath);
		}
		RedisServer container = RedisContainers.startIfDockerAvailable();
		if (container != null) {
			return container;
		}
		return RedisServer.launch(embeddedRedis62());
	}

	private static synchronized Path embeddedRedis62() {
		String resource = embeddedResourceName();
		Path target = Path.of(System.getProperty("java.io.tmpdir"), "session-store-" + resource);
		if (Files.isExecutable(target)) {
			return target;
		}
		try (InputStream binary = RedisServers.class.getClassLoader().getResourceAsStream(resource)) {
			if (binary == null) {
				throw new TestAbortedException("embedded-redis has no " + resource + " binary on the classpath");
			}
			Path partial = Files.createTempFile(target.getParent(), resource, ".partial");
			Files.copy(binary, partial, StandardCopyOption.REPLACE_EXISTING);
			partial.toFile().setExecutable(true);
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String embeddedResourceName() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		boolean arm = arch.equals("aarch64") || arch.equals("arm64");
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		if (os.contains("linux") && x64) {
			return EMBEDDED_REDIS_62 + ".6-v5-linux-amd64";
		}
		if (os.contains("linux") && arm) {
			return EMBEDDED_REDIS_62 + ".7-linux-arm64";
		}
		if (os.contains("mac") && x64) {
			return EMBEDDED_REDIS_62 + ".6-v5-darwin-amd64";
		}
		if (os.contains("mac") && arm) {
			return EMBEDDED_REDIS_62 + ".6-v5-darwin-arm64";
		}
		throw new TestAbortedException("embedded-redis ships no Redis 6.2 binary for " + os + "/" + arch);
	}

}
