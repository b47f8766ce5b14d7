package io.sessionstore.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a Redis of the sample's own when nothing answers at the configured address, so
 * the sample runs on a machine with only Java: {@code redis-server} from the
 * {@code PATH} if there is one, else the Redis 6.2 binary shipped in embedded-redis.
 * Turned off by {@code sample.embedded-redis.enabled=false}.
 */
class EmbeddedRedisFallback implements EnvironmentPostProcessor {

	private static final int CONNECT_TIMEOUT_MILLIS = 300;

	private final Log logger;

	EmbeddedRedisFallback(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedRedisFallback.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("sample.embedded-redis.enabled", Boolean.class, true)
				|| environment.containsProperty("spring.data.redis.url")
				|| environment.containsProperty("spring.data.redis.sentinel.master")
				|| environment.containsProperty("spring.data.redis.cluster.nodes")) {
			return;
		}
		String host = environment.getProperty("spring.data.redis.host", "localhost");
		int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
		if (answers(host, port)) {
			return;
		}
		int ownPort = freePort();
		Runnable stop = start(ownPort);
		Runtime.getRuntime().addShutdownHook(new Thread(stop, "sample-redis-shutdown"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("sampleEmbeddedRedis",
					Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", ownPort)));
		this.logger.warn("Nothing answers at " + host + ":" + port + "; started a Redis of the sample's own on 127.0.0.1:"
				+ ownPort + " (set sample.embedded-redis.enabled=false to turn this off). Inspect it with: redis-cli -p "
				+ ownPort + " HGETALL session:<id>");
	}

	private Runnable start(int port) {
		Path onPath = redisServerOnPath();
		try {
			if (onPath != null) {
				Process process = new ProcessBuilder(List.of(onPath.toString(), "--port", Integer.toString(port), "--bind",
						"127.0.0.1", "--save", "", "--appendonly", "no"))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				awaitAnswer(port);
				return process::destroy;
			}
			redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			awaitAnswer(port);
			return () -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			};
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a Redis for the sample", ex);
		}
	}

	private static void awaitAnswer(int port) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (answers("127.0.0.1", port)) {
				return;
			}
			LockSupport.parkNanos(50_000_000L);
		}
		throw new IllegalStateException("The sample's Redis did not start on port " + port);
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static @Nullable Path redisServerOnPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
