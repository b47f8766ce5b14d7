package io.sessionstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
				if (store.usesRedis()) {
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
		ChainedOptionsBuilder options = new OptionsBuilder().include(RequestBenchmarks.class.getName())
			.include(PrincipalLookupBenchmark.class.getName())
			.include(ReadOnlyAtScaleBenchmark.class.getName())
			.forks(this.settings.forks())
			.warmupIterations(this.settings.warmupIterations())
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(this.settings.iterations())
			.measurementTime(TimeValue.milliseconds(this.settings.iterationTime().toMillis()))
			.threads(1)
			.shouldFailOnError(true)
			.param("sessionsInRedis", this.settings.sessionsInRedis())
			.param("sessionsPerUser", this.settings.sessionsPerUser())
			.result(this.workDirectory.resolve("jmh.json").toString())
			.resultFormat(ResultFormatType.JSON)
			.verbosity(this.settings.verbosity());
		if (this.settings.forks() > 0) {
			options.jvmArgsAppend("-Xms1g", "-Xmx1g", "-D" + HarnessRedis.PORT_PROPERTY + "=" + redisPort);
		}
		List<Throughput> throughputs = new ArrayList<>();
		for (RunResult result : new Runner(options.build()).run()) {
			throughputs.add(Throughput.of(result));
		}
		return throughputs;
	}

	/**
	 * How long and how often to measure.
	 *
	 * @param command the command that runs the suite with these settings
	 * @param forks JMH forks per benchmark, 0 to run in this JVM
	 * @param warmupIterations JMH warm-up iterations of one second
	 * @param iterations JMH measurement iterations
	 * @param iterationTime the length of one measurement iteration
	 * @param sessionsInRedis the sizes of Redis for the scale benchmark
	 * @param sessionsPerUser the sessions per user for the principal lookup
	 * @param http the HTTP load, or {@code null} to skip it
	 * @param verbosity how much JMH prints
	 */
	record Settings(String command, int forks, int warmupIterations, int iterations, Duration iterationTime,
			String[] sessionsInRedis, String[] sessionsPerUser, HttpLoad.Settings http, VerboseMode verbosity) {

		String describe() {
			String jmh = String.format("JMH: %d fork(s), %d warm-up and %d measured iterations of %d ms, one thread", this.forks,
					this.warmupIterations, this.iterations, this.iterationTime.toMillis());
			if (this.http == null) {
				return jmh + ".";
			}
			return jmh + String.format("; wrk: %d s of warm-up per path and application, then %d round(s) of %d s",
					this.http.warmup().toSeconds(), this.http.rounds(), this.http.duration().toSeconds()) + ".";
		}

		static final Settings FULL = new Settings("session-store-benchmarks/run.sh", 1, 8, 5, Duration.ofSeconds(1),
				new String[] { "1000", "1000000" }, new String[] { "1", "1000" },
				new HttpLoad.Settings(3, Duration.ofSeconds(25), Duration.ofSeconds(8), 16), VerboseMode.NORMAL);

		static final Settings QUICK = new Settings("session-store-benchmarks/run.sh --quick", 1, 3, 2,
				Duration.ofSeconds(1), new String[] { "1000", "1000000" }, new String[] { "1", "1000" },
				new HttpLoad.Settings(1, Duration.ofSeconds(5), Duration.ofSeconds(5), 16), VerboseMode.NORMAL);

	}

}
