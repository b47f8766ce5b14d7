package io.sessionstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A running Redis server for tests: one this JVM started from a binary, on a free port
 * with its own directory, or one given by {@code REDIS_URL}.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final String host;

	private final int port;

	private final @Nullable Path executable;

	private final @Nullable Path directory;

	private final List<String> extraArguments;

	private final boolean configurationFile;

	private @Nullable Process process;

	private RedisServer(String host, int port, @Nullable Path executable, @Nullable Path directory,
			List<String> extraArguments, boolean configurationFile) {
		this.host = host;
		this.port = port;
		this.executable = executable;
		this.directory = directory;
		this.extraArguments = List.copyOf(extraArguments);
		this.configurationFile = configurationFile;
	}

	static RedisServer external(String host, int port) {
		return new RedisServer(host, port, null, null, List.of(), false);
	}

	static RedisServer launch(Path executable) {
		return launch(executable, FreePorts.find(), List.of());
	}

	static RedisServer launch(Path executable, int port, List<String> extraArguments) {
		return launch(executable, port, List.of(), extraArguments);
	}

	/**
	 * Start a server whose configuration file, {@code redis.conf} in its directory, holds
	 * the given lines. The server may rewrite that file, as a Sentinel does.
	 */
	static RedisServer launch(Path executable, int port, List<String> configuration, List<String> extraArguments) {
		Path directory;
		try {
			directory = Files.createTempDirectory("redis-test-");
			if (!configuration.isEmpty()) {
				Files.write(directory.resolve("redis.conf"), configuration);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		RedisServer server = new RedisServer("127.0.0.1", port, executable, directory, extraArguments,
				!configuration.isEmpty());
		try {
			server.start();
			return server;
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	/**
	 * Return the host the server listens on.
	 * @return the host
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the server's address as a {@code redis://host:port} URI.
	 * @return the URI
	 */
	public String uri() {
		return "redis://" + this.host + ":" + this.port;
	}

	/**
	 * Return the server's version, as {@code INFO server} reports it.
	 * @return the version, such as {@code 7.0.15}
	 */
	public String version() {
		return command("INFO", "server").lines()
			.filter((line) -> line.startsWith("redis_version:"))
			.map((line) -> line.substring("redis_version:".length()).trim())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("INFO server reported no redis_version"));
	}

	/**
	 * Return whether this handle can stop and start the server.
	 * @return {@code true} for servers this JVM started
	 */
	public boolean canRestart() {
		return this.executable != null;
	}

	/**
	 * Start the server on its port and wait until it answers {@code PING}.
	 */
	public synchronized void start() {
		if (this.executable == null || this.directory == null) {
			throw new IllegalStateException("A server given by REDIS_URL cannot be started");
		}
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(this.executable.toString()));
		if (this.configurationFile) {
			command.add(this.directory.resolve("redis.conf").toString());
		}
		command.addAll(List.of("--port", Integer.toString(this.port), "--bind", this.host, "--dir",
				this.directory.toString(), "--save", "", "--appendonly", "no", "--logfile",
				this.directory.resolve("redis.log").toString()));
		command.addAll(this.extraArguments);
		try {
			this.process = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("stdout.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitPing();
	}

	/**
	 * Stop the server. Its port stays reserved for {@link #start()}.
	 */
	public synchronized void stop() {
		end(false);
	}

	/**
	 * Kill the server with {@code SIGKILL}, as a crash would: it neither finishes the
	 * commands in flight nor closes its connections in an orderly way. Its port stays
	 * reserved for {@link #start()}.
	 */
	public synchronized void kill() {
		end(true);
	}

	private void end(boolean forcibly) {
		if (this.executable == null) {
			throw new IllegalStateException("A server given by REDIS_URL cannot be stopped");
		}
		Process running = this.process;
		if (running != null) {
			if (forcibly) {
				running.destroyForcibly();
			}
			else {
				running.destroy();
			}
			try {
				if (!running.waitFor(10, TimeUnit.SECONDS)) {
					running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Delete every key on the server.
	 */
	public void flushAll() {
		command("FLUSHALL");
	}

	/**
	 * Send one command and return its reply as text; arrays are joined by new lines.
	 * @param args the command and its arguments
	 * @return the reply
	 */
	public String command(String... args) {
		try (Resp resp = new Resp(this.host, this.port, 10_000)) {
			return resp.call(args);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return how many of the server's clients have key tracking on, as a near cache's
	 * connection has: the {@code t} flag of {@code CLIENT LIST}.
	 * @return the number of tracking clients
	 */
	public long trackingClients() {
		return command("CLIENT", "LIST").lines().filter((client) -> client.matches(".* flags=\\w*t\\w* .*")).count();
	}

	/**
	 * Stop a server this JVM started and delete its directory; a no-op for a server
	 * given by {@code REDIS_URL}.
	 */
	@Override
	public void close() {
		if (this.executable == null) {
			return;
		}
		stop();
		if (this.directory != null && Files.exists(this.directory)) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private void awaitPing() {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		IOException last = null;
		while (Instant.now().isBefore(deadline)) {
			if (this.process != null && !this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited at startup: " + log());
			}
			try (Resp resp = new Resp(this.host, this.port, 1000)) {
				if ("PONG".equals(resp.call("PING"))) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex;
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		throw new IllegalStateException("redis-server did not answer PING on port " + this.port + ": " + log(), last);
	}

	private String log() {
		try {
			Path log = (this.directory != null) ? this.directory.resolve("redis.log") : null;
			return (log != null && Files.exists(log)) ? Files.readString(log) : "(no log)";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Close every given server, even when closing one fails, and then throw the first
	 * failure.
	 */
	static void closeAll(List<RedisServer> servers) {
		RuntimeException failure = null;
		for (RedisServer server : servers) {
			try {
				server.close();
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "Redis at " + uri();
	}

}
