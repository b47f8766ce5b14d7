package io.sessionstore.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads {@link SessionBenchmarkApplication}, run once per {@link HttpMode}, with
 * {@code wrk}: every connection sends the cookie of one of the signed-in sessions. The
 * applications run side by side and are measured in turn, round after round, so that a
 * change in the machine's load touches all of them alike.
 */
public final class HttpLoad {

	/** The requests loaded: the application's paths. */
	public static final List<String> PATHS = List.of("/read", "/write");

	private static final int SESSIONS = 64;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final String classpath;

	private final int redisPort;

	private final Settings settings;

	private final Path workDirectory;

	private final HttpClient client = HttpClient.newHttpClient();

	/**
	 * Prepare a load run.
	 * @param classpath the class path of the application
	 * @param redisPort the port of the harness's Redis
	 * @param settings how long and how hard to load
	 * @param workDirectory where to write logs, the cookie files and the wrk script
	 */
	public HttpLoad(String classpath, int redisPort, Settings settings, Path workDirectory) {
		this.classpath = classpath;
		this.redisPort = redisPort;
		this.settings = settings;
		this.workDirectory = workDirectory;
	}

	/**
	 * Start the applications, sign users in, warm up, then load each path of each
	 * application once per round, and keep the results, in the order measured, in
	 * {@code rounds.json} in the work directory.
	 * @return one result per round, path and mode, in the order measured
	 * @throws IOException if a process cannot be started or a file written
	 * @throws InterruptedException if interrupted while waiting
	 */
	public List<HttpResult> run() throws IOException, InterruptedException {
		Files.createDirectories(this.workDirectory);
		Path script = this.workDirectory.resolve("sessions.lua");
		try (InputStream lua = HttpLoad.class.getResourceAsStream("sessions.lua")) {
			Files.write(script, lua.readAllBytes());
		}
		List<RunningApplication> applications = new ArrayList<>();
		try {
			for (HttpMode mode : HttpMode.values()) {
				applications.add(start(mode));
			}
			for (RunningApplication application : applications) {
				application.awaitReady(this.client);
				application.signIn(this.client, SESSIONS, this.workDirectory);
				if (application.mode().hasNearCache()) {
					application.awaitNearCache(this.client);
				}
			}
			for (RunningApplication application : applications) {
				for (String path : PATHS) {
					wrk(application, path, script, this.settings.warmup());
				}
			}
			List<HttpResult> results = new ArrayList<>();
			for (int round = 1; round <= this.settings.rounds(); round++) {
				for (String path : PATHS) {
					for (RunningApplication application : inTurn(applications, round)) {
						WrkSummary summary = wrk(application, path, script, this.settings.duration());
						results.add(new HttpResult(application.mode(), path, round, summary.requestsPerSecond(),
								summary.p99Micros()));
					}
				}
			}
			JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValue(this.workDirectory.resolve("rounds.json").toFile(),
					results);
			return results;
		}
		finally {
			applications.forEach(RunningApplication::stop);
		}
	}

	/**
	 * Return the applications in the order of the given round: each round starts one
	 * application further on, so that every application is measured as often first, when
	 * the others may still be compiling, as last.
	 */
	static <T> List<T> inTurn(List<T> applications, int round) {
		List<T> turn = new ArrayList<>(applications);
		Collections.rotate(turn, -((round - 1) % applications.size()));
		return turn;
	}

	private RunningApplication start(HttpMode mode) throws IOException {
		int port = freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", this.classpath,
				SessionBenchmarkApplication.class.getName(), "--server.port=" + port,
				"--spring.profiles.active=" + mode.profile(), "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.redisPort)
			.redirectErrorStream(true)
			.redirectOutput(this.workDirectory.resolve(mode.profile() + ".log").toFile())
			.start();
		return new RunningApplication(mode, port, process);
	}

	private WrkSummary wrk(RunningApplication application, String path, Path script, Duration duration)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("wrk", "--threads", "2", "--connections",
				Integer.toString(this.settings.connections()), "--duration", Math.max(1, duration.toSeconds()) + "s", "--script",
				script.toString(), "--latency", "http://127.0.0.1:" + application.port() + path);
		builder.environment().put("SESSION_COOKIES", application.cookies().toString());
		Process wrk;
		try {
			wrk = builder.redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IOException("wrk is not installed; on Debian: apt-get install wrk", ex);
		}
		String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (wrk.waitFor() != 0) {
			throw new IllegalStateException("wrk failed:\n" + output);
		}
		String json = output.lines()
			.filter((line) -> line.startsWith("{"))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new IllegalStateException("wrk printed no summary:\n" + output));
		JsonNode summary = JsonMapper.shared().readTree(json);
		if (summary.get("errors").asLong() > 0) {
			throw new IllegalStateException(application.mode() + " " + path + " had errors:\n" + output);
		}
		double seconds = summary.get("duration_us").asLong() / 1_000_000.0;
		return new WrkSummary(summary.get("requests").asLong() / seconds, summary.get("p99_us").asLong());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * How long and how hard to load.
	 *
	 * @param rounds how many times each application is measured
	 * @param warmup how long each path of each application is loaded before measuring
	 * @param duration how long one measurement lasts
	 * @param connections how many connections wrk keeps open
	 */
	public record Settings(int rounds, Duration warmup, Duration duration, int connections) {
	}

	/**
	 * One measurement.
	 *
	 * @param mode the application's store
	 * @param path the path loaded
	 * @param round the round
	 * @param requestsPerSecond the requests completed per second
	 * @param p99Micros the 99th percentile of latency, in microseconds
	 */
	public record HttpResult(HttpMode mode, String path, int round, double requestsPerSecond, long p99Micros) {
	}

	private record WrkSummary(double requestsPerSecond, long p99Micros) {
	}

	private static final class RunningApplication {

		private final HttpMode mode;

		private final int port;

		private final Process process;

		private Path cookies;

		RunningApplication(HttpMode mode, int port, Process process) {
			this.mode = mode;
			this.port = port;
			this.process = process;
		}

		HttpMode mode() {
			return this.mode;
		}

		int port() {
			return this.port;
		}

		Path cookies() {
			return this.cookies;
		}

		void awaitReady(HttpClient client) throws InterruptedException {
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.mode + " application exited; see its log");
				}
				try {
					client.send(get("/read", null), BodyHandlers.discarding());
					return;
				}
				catch (IOException notYetListening) {
					Thread.sleep(200);
				}
			}
			throw new IllegalStateException(this.mode + " application did not start within " + STARTUP_TIMEOUT);
		}

		/**
		 * Wait until the application's near cache has tracking confirmed, so that its
		 * figures are the near cache's and not those of the reads from Redis it falls
		 * back to while it starts.
		 */
		void awaitNearCache(HttpClient client) throws IOException, InterruptedException {
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				HttpResponse<String> state = client.send(get("/near-cache", null), BodyHandlers.ofString());
				if (state.statusCode() == 200 && state.body().startsWith("true ")) {
					return;
				}
				Thread.sleep(200);
			}
			throw new IllegalStateException(this.mode + " application's near cache did not start within "
					+ STARTUP_TIMEOUT + "; see its log");
		}

		void signIn(HttpClient client, int sessions, Path directory) throws IOException, InterruptedException {
			List<String> cookies = new ArrayList<>();
			for (int i = 0; i < sessions; i++) {
				HttpResponse<String> login = client.send(get("/login?user=user-" + i, null), BodyHandlers.ofString());
				String cookie = login.headers()
					.allValues("Set-Cookie")
					.stream()
					.map((header) -> header.split(";", 2)[0])
					.collect(Collectors.joining("; "));
				HttpResponse<String> read = client.send(get("/read", cookie), BodyHandlers.ofString());
				if (cookie.isEmpty() || read.statusCode() != 200 || !read.body().equals("user-" + i)) {
					throw new IllegalStateException(this.mode + " did not keep the session of user-" + i);
				}
				cookies.add(cookie);
			}
			this.cookies = directory.resolve(this.mode.profile() + "-cookies.txt");
			Files.write(this.cookies, cookies);
		}

		private HttpRequest get(String path, String cookie) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
			if (cookie != null) {
				request.header("Cookie", cookie);
			}
			return request.build();
		}

		void stop() {
			this.process.destroy();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
