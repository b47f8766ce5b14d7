package io.sessionstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.sessionstore.benchmarks.CommandCounter.CommandCount;
import io.sessionstore.benchmarks.SessionFootprint.Footprint;
import io.sessionstore.benchmarks.http.HttpLoad;
import io.sessionstore.benchmarks.http.HttpLoad.HttpResult;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark against one Redis server that it starts, and writes the Markdown
 * report: command counts, bytes per session, JMH throughput and, unless told not to, the
 * HTTP load with wrk.
 * <p>
 * Arguments: {@code --quick} for a first look in a few minutes, {@code --output=FILE}
 * for where the report goes (default {@code target/benchmarks/BENCHMARKS.md}).
 */
public final class BenchmarkSuite {

	private final Settings settings;

	private final String classpath;

	private final Path workDirectory;

	BenchmarkSuite(Settings settings, String classpath, Path workDirectory) {
		this.settings = settings;
		this.classpath = classpath;
		this.workDirectory = workDirectory;
	}

	/**
	 * Run the suite.
	 * @param args {@code --quick} and {@code --output=FILE}
	 * @throws Exception if a benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		Settings settings = Settings.FULL;
		Path output = Path.of("target", "benchmarks", "BENCHMARKS.md");
		for (String arg : args) {
			if (arg.equals("--quick")) {
				settings = Settings.QUICK;
			}
			else if (arg.startsWith("--output=")) {
				output = Path.of(arg.substring("--output=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + arg + "; use --quick and --output=FILE");
			}
		}
		Path workDirectory = Path.of("target", "benchmarks");
		BenchmarkResults results = new BenchmarkSuite(settings, System.getProperty("java.class.path"), workDirectory)
			.run();
		String report = new BenchmarkReport(results).markdown();
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report);
		System.out.println(report);
		System.out.println("Written to " + output.toAbsolutePath());
	}

	BenchmarkResults run() throws Exception {
		try (RedisServer server = RedisServers.startDedicated(); HarnessRedis redis = HarnessRedis.connect(server.port())) {
			System.setProperty(HarnessRedis.PORT_PROPERTY, Integer.toString(server.port()));
			List<CommandCount> counts = new CommandCounter(server, redis).countAll();
			List<Footprint> footprints = new ArrayList<>();
			SessionFootprint footprint = new SessionFootprint(redis);
			for (Store store : Store.values()) {
				if (store.usesRedis() && !store.hasNearCache()) {
					footprints.add(footprint.measure(store));
				}
			}
			List<Throughput> throughputs = jmh(server.port());
			List<HttpResult> http = (this.settings.http() != null)
					? new HttpLoad(this.classpath, server.port(), this.settings.http(), this.workDirectory.resolve("http"))
						.run()
					: List.of();
			return new BenchmarkResults(Machine.describe(server.version()), this.settings.command(),
					this.settings.describe(), counts,
					footprints, throughputs, http);
		}
	}

	private List<Throughput> jmh(int redisPort) throws RunnerException, IOException {
		Files.createDirectories(this.workDirectory);
		List<Throughput> throughputs = new ArrayList<>();
		String[] everyStore = Arrays.stream(Store.values()).map(Store::name).toArray(String[]::new);
		String[] storesWithoutNearCache = Arrays.stream(Store.values())
			.filter((store) -> !store.hasNearCache())
			.map(Store::name)
			.toArray(String[]::new);
		throughputs.addAll(jmh("read-only", this.settings.readOnly(), redisPort,
				benchmark(RequestBenchmarks.class, "readOnly"))
			.param("store", everyStore)
			.run());
		throughputs.addAll(jmh("requests", this.settings.requests(), redisPort,
				benchmark(RequestBenchmarks.class, "setOneAttribute|create|changeSessionId|invalidate"))
			.param("store", storesWithoutNearCache)
			.run());
		throughputs.addAll(jmh("scale", this.settings.others(), redisPort,
				benchmark(PrincipalLookupBenchmark.class, "findByPrincipalName"),
				benchmark(ReadOnlyAtScaleBenchmark.class, "readOnly"))
			.param("sessionsInRedis", this.settings.sessionsInRedis())
			.param("sessionsPerUser", this.settings.sessionsPerUser())
			.run());
		return throughputs;
	}

	private JmhPass jmh(String name, Jmh jmh, int redisPort, String... includes) {
		ChainedOptionsBuilder options = new OptionsBuilder().forks(jmh.forks())
			.warmupIterations(jmh.warmupIterations())
			.warmupTime(TimeValue.milliseconds(jmh.iterationTime().toMillis()))
			.measurementIterations(jmh.iterations())
			.measurementTime(TimeValue.milliseconds(jmh.iterationTime().toMillis()))
			.threads(1)
			.shouldFailOnError(true)
			.result(this.workDirectory.resolve("jmh-" + name + ".json").toString())
			.resultFormat(ResultFormatType.JSON)
			.verbosity(this.settings.verbosity());
		for (String include : includes) {
			options.include(include);
		}
		if (jmh.forks() > 0) {
			options.jvmArgsAppend("-Xms1g", "-Xmx1g", "-D" + HarnessRedis.PORT_PROPERTY + "=" + redisPort);
		}
		return new JmhPass(options);
	}

	private static String benchmark(Class<?> benchmarks, String methods) {
		return "^" + Pattern.quote(benchmarks.getName() + ".") + "(" + methods + ")$";
	}

	/**
	 * One run of JMH over some benchmarks, with parameters that override their defaults.
	 */
	private static final class JmhPass {

		private final ChainedOptionsBuilder options;

		JmhPass(ChainedOptionsBuilder options) {
			this.options = options;
		}

		JmhPass param(String name, String... values) {
			this.options.param(name, values);
			return this;
		}

		List<Throughput> run() throws RunnerException {
			List<Throughput> throughputs = new ArrayList<>();
			for (RunResult result : new Runner(this.options.build()).run()) {
				throughputs.add(Throughput.of(result));
			}
			return throughputs;
		}

	}

	/**
	 * How long and how often to measure.
	 *
	 * @param command the command that runs the suite with these settings
	 * @param readOnly JMH settings for the read-only request through the filters, which the
	 * goals are judged on
	 * @param requests JMH settings for the other requests through the filters
	 * @param others JMH settings for the read-only request among many sessions and the
	 * principal lookup
	 * @param sessionsInRedis the sizes of Redis for the scale benchmark
	 * @param sessionsPerUser the sessions per user for the principal lookup
	 * @param http the HTTP load, or {@code null} to skip it
	 * @param verbosity how much JMH prints
	 */
	record Settings(String command, Jmh readOnly, Jmh requests, Jmh others, String[] sessionsInRedis,
			String[] sessionsPerUser, HttpLoad.Settings http, VerboseMode verbosity) {

		String describe() {
			String jmh = "JMH, one thread: the read-only request through the filters " + this.readOnly.describe()
					+ ", the other requests " + this.requests.describe() + ", the scale and principal lookup "
					+ "tables " + this.others.describe();
			if (this.http == null) {
				return jmh + ".";
			}
			return jmh + String.format(Locale.ROOT,
					"; wrk: %d s of warm-up per path and application, then %d round(s) of %d s",
					this.http.warmup().toSeconds(), this.http.rounds(), this.http.duration().toSeconds()) + ".";
		}

		/**
		 * The full run. Its warm-ups are long because a request that goes to Redis through
		 * Lettuce was seen still speeding up after 10 one-second iterations on 2 cores
		 * (344 ops/s in the first, about 5,800 from the 14th), and a shorter warm-up measured
		 * the stores that talk to Redis in the middle of it: with 10, a request that sets an
		 * attribute measured 0.82x Spring's, with 20, 2.47x. Over HTTP, one application's
		 * throughput moved by up to a third between runs a minute apart on a shared 2-core
		 * machine, so the ratios are taken round by round over ten short rounds, each
		 * application leading two of them.
		 */
		static final Settings FULL = new Settings("session-store-benchmarks/run.sh",
				new Jmh(4, 15, 3, Duration.ofSeconds(1)), new Jmh(2, 20, 3, Duration.ofSeconds(1)),
				new Jmh(2, 8, 2, Duration.ofSeconds(1)), new String[] { "1000", "1000000" },
				new String[] { "1", "1000" }, new HttpLoad.Settings(10, Duration.ofSeconds(30), Duration.ofSeconds(5), 16),
				VerboseMode.NORMAL);

		static final Settings QUICK = new Settings("session-store-benchmarks/run.sh --quick",
				new Jmh(1, 3, 2, Duration.ofSeconds(1)), new Jmh(1, 3, 2, Duration.ofMillis(500)),
				new Jmh(1, 2, 2, Duration.ofMillis(500)), new String[] { "1000", "1000000" },
				new String[] { "1", "1000" }, new HttpLoad.Settings(1, Duration.ofSeconds(5), Duration.ofSeconds(5), 16),
				VerboseMode.NORMAL);

	}

	/**
	 * How JMH measures one group of benchmarks.
	 *
	 * @param forks forks per benchmark, 0 to run in this JVM
	 * @param warmupIterations warm-up iterations per fork, each as long as a measured one
	 * @param iterations measured iterations per fork
	 * @param iterationTime the length of one iteration
	 */
	record Jmh(int forks, int warmupIterations, int iterations, Duration iterationTime) {

		String describe() {
			return String.format(Locale.ROOT, "%d fork(s) of %d warm-up and %d measured iterations of %d ms",
					this.forks, this.warmupIterations, this.iterations, this.iterationTime.toMillis());
		}

	}

}
