package io.sessionstore.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sessionstore.benchmarks.CommandCounter.CommandCount;
import io.sessionstore.benchmarks.SessionFootprint.Footprint;
import io.sessionstore.benchmarks.http.HttpLoad;
import io.sessionstore.benchmarks.http.HttpLoad.HttpResult;
import io.sessionstore.benchmarks.http.HttpMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole suite once, as briefly as it goes, to show that the harness works:
 * every benchmark runs on every store, every count and footprint is measured and the
 * report holds them. The figures of so short a run mean nothing.
 */
class BenchmarkSuiteIntegrationTests {

	private static final int BENCHMARKS_PER_STORE = 5;

	@Test
	void suiteMeasuresEveryStoreAndWritesTheReport(@TempDir Path workDirectory) throws Exception {
		boolean wrkInstalled = Wrk.installed();
		BenchmarkSuite.Jmh tiny = new BenchmarkSuite.Jmh(0, 0, 1, Duration.ofMillis(100));
		BenchmarkSuite.Settings smoke = new BenchmarkSuite.Settings("test", tiny, tiny, tiny, new String[] { "1000" },
				new String[] { "1", "10" },
				wrkInstalled ? new HttpLoad.Settings(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 16) : null,
				VerboseMode.SILENT);

		BenchmarkResults results = new BenchmarkSuite(smoke, classpath(), workDirectory).run();

		assertThat(results.throughputs()).hasSize((Store.values().length - 1) * BENCHMARKS_PER_STORE + 1 + 3 * 2 + 2);
		assertThat(results.throughputs()).allSatisfy((throughput) -> assertThat(throughput.score()).isPositive());
		assertThat(results.throughputs()).filteredOn((throughput) -> throughput.matches("readOnly",
				Map.of("store", Store.SESSION_STORE_NEAR_CACHE.name())))
			.hasSize(1);
		assertThat(results.commandCounts()).extracting(CommandCount::store)
			.containsOnly(Store.SESSION_STORE, Store.SESSION_STORE_NEAR_CACHE, Store.SPRING_REDIS_JDK,
					Store.SPRING_REDIS_JSON, Store.SPRING_INDEXED_JDK, Store.SPRING_INDEXED_JSON);
		assertThat(commandNames(results, Store.SESSION_STORE, Scenario.READ_ONLY.name())).containsExactly("EVALSHA");
		assertThat(commandNames(results, Store.SESSION_STORE, CommandCounter.READ_ONLY_AGAIN))
			.containsExactly("EVALSHA");
		assertThat(commandNames(results, Store.SESSION_STORE_NEAR_CACHE, Scenario.READ_ONLY.name()))
			.containsExactly("EVALSHA");
		assertThat(commandNames(results, Store.SESSION_STORE_NEAR_CACHE, CommandCounter.READ_ONLY_AGAIN)).isEmpty();
		assertThat(results.footprints()).extracting(Footprint::store).doesNotContain(Store.SESSION_STORE_NEAR_CACHE);
		assertThat(results.footprints()).extracting(Footprint::bytesPerSession)
			.allSatisfy((bytes) -> assertThat(bytes).isGreaterThan(100));
		assertThat(results.footprints()).allSatisfy((footprint) -> assertThat(footprint.compactBytesPerSession())
			.isLessThan(footprint.bytesPerSession()));
		if (wrkInstalled) {
			assertThat(results.http()).extracting(HttpResult::mode)
				.containsOnly(HttpMode.values())
				.hasSize(HttpMode.values().length * HttpLoad.PATHS.size());
			assertThat(workDirectory.resolve("http").resolve("rounds.json")).content()
				.contains("\"requestsPerSecond\"", "\"" + HttpMode.IN_MEMORY.name() + "\"");
		}
		String report = new BenchmarkReport(results).markdown();
		assertThat(report).contains("## Goals", "## Redis commands per request", "## Bytes per session in Redis",
				"## Read-only request with many sessions in Redis", "## `findByPrincipalName`",
				"| " + Store.SESSION_STORE_NEAR_CACHE.title() + " |");
		assertThat(report.contains("## HTTP, with wrk")).isEqualTo(wrkInstalled);
		assertThat(report.contains("<summary>Every round, in requests/s</summary>")).isEqualTo(wrkInstalled);
	}

	private static List<String> commandNames(BenchmarkResults results, Store store, String operation) {
		return results.commandCounts()
			.stream()
			.filter((count) -> count.store() == store && count.operation().equals(operation))
			.map(CommandCount::names)
			.reduce((first, second) -> {
				throw new IllegalStateException("Two counts of " + operation + " on " + store);
			})
			.orElseThrow(() -> new IllegalStateException("No count of " + operation + " on " + store));
	}

	private static String classpath() throws Exception {
		Path target = Path.of("target");
		return target.resolve("classes") + java.io.File.pathSeparator
				+ Files.readString(target.resolve("runtime-classpath.txt")).trim();
	}

}
