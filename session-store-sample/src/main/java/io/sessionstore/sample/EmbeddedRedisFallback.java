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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a Redis of the sample's own when nothing answers at the configured address, so
 * the sample runs on a machine with only Java: {@code redis-server} from the
 * {@code PATH} if there is one, else the Redis 6.2 binary shipped in embedded-redis. It
 * points {@code spring.data.redis.host} and {@code spring.data.redis.port} at that server
 * and stops it after the application context has closed (or when the JVM exits, should
 * the context never start). Turned off by {@code sample.embedded-redis.enabled=false}.
 */
class EmbeddedRedisFallback implements EnvironmentPostProcessor {

	static final String ENABLED_PROPERTY = "sample.embedded-redis.enabled";

	static final String PROPERTY_SOURCE_NAME = "sampleEmbeddedRedis";

	private static final int CONNECT_TIMEOUT_MILLIS = 300;

	private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Log logger;

	private final @Nullable String searchPath;

	/**
	 * Create the post-processor that Spring Boot loads from {@code spring.factories}.
	 * @param logFactory the factory of a log that is replayed once logging is set up
	 */
	public EmbeddedRedisFallback(DeferredLogFactory logFactory) {
		this(logFactory.getLog(EmbeddedRedisFallback.class), System.getenv("PATH"));
	}

	EmbeddedRedisFallback(Log logger, @Nullable String searchPath) {
		this.logger = logger;
		this.searchPath = searchPath;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		SampleRedis redis = startIfNothingAnswers(environment);
		if (redis == null) {
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "sample-redis-shutdown"));
		application.addInitializers((context) -> {
			if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean(PROPERTY_SOURCE_NAME, redis::stop);
			}
		});
	}

	/**
	 * Start a Redis and point {@code spring.data.redis.*} at it, unless turned off, unless
	 * Redis is configured by URL, Sentinel or Cluster, and unless something answers at the
	 * configured host and port.
	 * @param environment the environment to read and amend
	 * @return the started server, or {@code null} if none was needed
	 */
	@Nullable SampleRedis startIfNothingAnswers(ConfigurableEnvironment environment) {
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)
				|| environment.containsProperty("spring.data.redis.url")
				|| environment.containsProperty("spring.data.redis.sentinel.master")
				|| environment.containsProperty("spring.data.redis.cluster.nodes")) {
			return null;
		}
		String host = environment.getProperty("spring.data.redis.host", "localhost");
		int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
		if (answers(host, port)) {
			return null;
		}
		int ownPort = freePort();
		Path onPath = redisServerOnPath();
		SampleRedis redis;
		try {
			redis = (onPath != null) ? startRedisServer(onPath, ownPort) : startEmbeddedRedis(ownPort);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Nothing answers at " + host + ":" + port
					+ " and the sample could not start a Redis of its own; start Redis there or point "
					+ "spring.data.redis.host and spring.data.redis.port at one", ex);
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", ownPort)));
		this.logger.warn("Nothing answers at " + host + ":" + port + ", so the sample started a Redis of its own ("
				+ ((onPath != null) ? onPath : "the Redis 6.2 binary shipped in embedded-redis")
				+ ") on 127.0.0.1:" + ownPort + "; it stops with the application. Inspect sessions with: redis-cli -p "
				+ ownPort + " HGETALL session:<id>. Set " + ENABLED_PROPERTY + "=false to turn this off.");
		return redis;
	}

	private static SampleRedis startRedisServer(Path executable, int port) {
		try {
			Process process = new ProcessBuilder(List.of(executable.toString(), "--port", Integer.toString(port),
					"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			SampleRedis redis = new SampleRedis(port, () -> {
				process.destroy();
				process.waitFor(5, TimeUnit.SECONDS);
			});
			awaitAnswer(redis, process::isAlive);
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + executable, ex);
		}
	}

	private static SampleRedis startEmbeddedRedis(int port) {
		try {
			redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			SampleRedis redis = new SampleRedis(port, server::stop);
			awaitAnswer(redis, server::isActive);
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the Redis binary shipped in embedded-redis", ex);
		}
	}

	private static void awaitAnswer(SampleRedis redis, BooleanSupplier running) {
		long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
		while (System.nanoTime() < deadline && running.getAsBoolean()) {
			if (answers("127.0.0.1", redis.port())) {
				return;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		redis.stop();
		throw new IllegalStateException("The sample's own Redis did not answer on 127.0.0.1:" + redis.port());
	}

	static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private @Nullable Path redisServerOnPath() {
		if (this.searchPath == null) {
			return null;
		}
		for (String directory : this.searchPath.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * A Redis the sample started, stopped at most once.
	 */
	static final class SampleRedis {

		private final int port;

		private final Stopper stopper;

		private boolean stopped;

		SampleRedis(int port, Stopper stopper) {
			this.port = port;
			this.stopper = stopper;
		}

		int port() {
			return this.port;
		}

		synchronized void stop() {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
			try {
				this.stopper.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Stops a server.
	 */
	@FunctionalInterface
	interface Stopper {

		void stop() throws IOException, InterruptedException;

	}

}
