package io.sessionstore.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import io.sessionstore.benchmarks.CommandCounter.CommandCount;
import io.sessionstore.benchmarks.SessionFootprint.Footprint;
import io.sessionstore.benchmarks.http.HttpLoad;
import io.sessionstore.benchmarks.http.HttpLoad.HttpResult;
import io.sessionstore.benchmarks.http.HttpMode;
import org.jspecify.annotations.Nullable;

/**
 * Writes a run's figures as Markdown: the goals first, then each table with the spread of
 * each figure.
 */
final class BenchmarkReport {

	private static final String[] BENCHMARK_METHODS = { "readOnly", "setOneAttribute", "create", "changeSessionId",
			"invalidate" };

	private final BenchmarkResults results;

	private final StringBuilder out = new StringBuilder();

	BenchmarkReport(BenchmarkResults results) {
		this.results = results;
	}

	String markdown() {
		line("# Benchmarks");
		line("");
		line("session-store side by side with Spring Session 4.1, on one Redis server in one run. Reproduce with `"
				+ this.results.command() + "` from the repository's root.");
		line("");
		machine();
		goals();
		repositoryThroughput();
		commandCounts();
		footprints();
		scale();
		principalLookup();
		http();
		method();
		return this.out.toString();
	}

	private void machine() {
		Machine machine = this.results.machine();
		line("Ran on " + machine.date() + ": " + machine.cpu() + ", " + machine.cores() + " cores, "
				+ machine.memoryGib() + " GiB; " + machine.os() + "; " + machine.java() + "; Redis " + machine.redis()
				+ ". Redis, the JVM under test and the load generator share the machine.");
		line("");
	}

	private void goals() {
		line("## Goals");
		line("");
		line("A ratio's range runs from the least to the most favourable round (HTTP) or pair of forks (JMH). "
				+ "*Met* means met by the median and by the whole range; *median only*, by the median alone.");
		line("");
		line("| goal | measured | met |");
		line("|---|---|---|");
		httpRatio("/read", HttpMode.SESSION_STORE_NEAR_CACHE, HttpMode.IN_MEMORY).ifPresent((ratio) -> goal(
				"read-only requests/s over HTTP, near cache on: at least 0.85x Tomcat's in-memory sessions", ratio, 0.85));
		httpRatio("/read", HttpMode.SESSION_STORE_NEAR_CACHE, HttpMode.SPRING_SESSION).ifPresent((ratio) -> goal(
				"read-only requests/s over HTTP, near cache on: at least 4x Spring `RedisSessionRepository`", ratio, 4));
		httpRatio("/read", HttpMode.SESSION_STORE, HttpMode.SPRING_SESSION).ifPresent((ratio) -> goal(
				"read-only requests/s over HTTP, near cache off: at least 2.5x Spring `RedisSessionRepository`", ratio,
				2.5));
		jmhRatio("readOnly", Store.SESSION_STORE, Store.SPRING_REDIS_JDK).ifPresent((ratio) -> goal(
				"read-only requests/s, repository level, near cache off: at least 3x Spring `RedisSessionRepository`",
				ratio, 3));
		commandCount(Store.SESSION_STORE, Scenario.READ_ONLY.name()).ifPresent((count) -> goal(
				"Redis commands per read-only request, near cache off: at most 1", count.formatCount(),
				count.max() <= 1 ? "yes" : "**no**"));
		Optional<CommandCount> first = commandCount(Store.SESSION_STORE_NEAR_CACHE, Scenario.READ_ONLY.name());
		Optional<CommandCount> again = commandCount(Store.SESSION_STORE_NEAR_CACHE, CommandCounter.READ_ONLY_AGAIN);
		if (first.isPresent() && again.isPresent()) {
			goal("Redis commands per read-only request, near cache on: 0 on a session the instance has read, "
					+ "1 for its first read", again.get().formatCount() + " / " + first.get().formatCount(),
					(again.get().max() == 0 && first.get().max() <= 1) ? "yes" : "**no**");
		}
		Optional<Footprint> ourBytes = footprint(Store.SESSION_STORE);
		Optional<Footprint> springJson = footprint(Store.SPRING_REDIS_JSON);
		Optional<Footprint> springJdk = footprint(Store.SPRING_REDIS_JDK);
		if (ourBytes.isPresent() && springJson.isPresent()) {
			double ours = ourBytes.get().bytesPerSession();
			double theirs = springJson.get().bytesPerSession();
			goal("bytes per session: at most Spring `RedisSessionRepository`'s with JSON",
					String.format(Locale.ROOT, "%,.0f vs %,.0f bytes (%.2fx)", ours, theirs, ours / theirs),
					(ours <= theirs) ? "yes" : "**no**");
		}
		if (ourBytes.isPresent() && springJdk.isPresent()) {
			double ours = ourBytes.get().bytesPerSession();
			double theirs = springJdk.get().bytesPerSession();
			goal("bytes per session: at most 0.6x Spring `RedisSessionRepository`'s with JDK serialization",
					String.format(Locale.ROOT, "%,.0f vs %,.0f bytes (%.2fx)", ours, theirs, ours / theirs),
					(ours <= 0.6 * theirs) ? "yes" : "**no**");
		}
		line("");
	}

	private void goal(String goal, Ratio ratio, double target) {
		String met;
		if (ratio.value() < target) {
			met = "**no**";
		}
		else if (Double.isNaN(ratio.low()) || ratio.low() >= target) {
			met = "yes";
		}
		else {
			met = "median only";
		}
		goal(goal, ratio.format(), met);
	}

	private void goal(String goal, String measured, String met) {
		line("| " + goal + " | " + measured + " | " + met + " |");
	}

	private void repositoryThroughput() {
		line("## One request's session work, through the filters (requests/s, one thread)");
		line("");
		line("Median of the forks' scores, with the lowest and highest in brackets (a fork's score is the mean of "
				+ "its measured iterations; with one fork, the median and range of its iterations). Each request runs "
				+ "through Spring Session's `SessionRepositoryFilter` (and session-store's `SessionLookupCacheFilter`) "
				+ "and flushes its response, as a `@ResponseBody` handler does. The near cache serves only read-only "
				+ "requests from memory; every other request goes to Redis as without it, so only the read-only one "
				+ "is measured with it.");
		line("");
		header("store", Arrays.stream(Scenario.values()).map(Scenario::title).toArray(String[]::new));
		for (Store store : Store.values()) {
			List<String> cells = new ArrayList<>();
			for (String method : BENCHMARK_METHODS) {
				cells.add(throughput(method, store).map(Throughput::format).orElse("–"));
			}
			row(store.title(), cells);
		}
		line("");
		line("session-store's throughput divided by each store's, the first column with its near cache on; in "
				+ "brackets, session-store's lowest fork over the other's highest, and its highest over the other's "
				+ "lowest:");
		line("");
		List<String> titles = new ArrayList<>();
		titles.add("read-only, near cache on");
		Arrays.stream(Scenario.values()).map(Scenario::title).forEach(titles::add);
		header("compared with", titles.toArray(String[]::new));
		for (Store store : Store.values()) {
			if (store.hasNearCache()) {
				continue;
			}
			List<String> cells = new ArrayList<>();
			cells.add(jmhRatio("readOnly", Store.SESSION_STORE_NEAR_CACHE, store).map(Ratio::format).orElse("–"));
			for (String method : BENCHMARK_METHODS) {
				cells.add((store == Store.SESSION_STORE) ? "–"
						: jmhRatio(method, Store.SESSION_STORE, store).map(Ratio::format).orElse("–"));
			}
			row(store.title(), cells);
		}
		line("");
	}

	private void commandCounts() {
		line("## Redis commands per request");
		line("");
		line("Counted with `MONITOR`: commands the client sent, not those run inside a script; the same for every "
				+ "repeat unless a range is shown. *Read-only* is the first request on a session since it was "
				+ "written; *read-only, again* a second one, on the same application instance, which only the near "
				+ "cache serves from memory.");
		line("");
		List<String> operations = new ArrayList<>();
		List<String> titles = new ArrayList<>();
		for (Scenario scenario : Scenario.values()) {
			operations.add(scenario.name());
			titles.add(scenario.title());
			if (scenario == Scenario.READ_ONLY) {
				operations.add(CommandCounter.READ_ONLY_AGAIN);
				titles.add("read-only, again");
			}
		}
		operations.add(CommandCounter.PRINCIPAL_LOOKUP);
		titles.add("`findByPrincipalName` (1 session)");
		header("store", titles.toArray(String[]::new));
		for (Store store : Store.values()) {
			if (!store.usesRedis()) {
				continue;
			}
			row(store.title(), operations.stream()
				.map((operation) -> commandCount(store, operation).map(CommandCount::formatCount).orElse("–"))
				.toList());
		}
		line("");
		line("<details><summary>The commands, in order</summary>");
		line("");
		line("| store | request | commands |");
		line("|---|---|---|");
		for (CommandCount count : this.results.commandCounts()) {
			line("| " + count.store().title() + " | " + count.operation() + " | "
					+ (count.names().isEmpty() ? "none" : String.join(", ", count.names())) + " |");
		}
		line("");
		line("</details>");
		line("");
	}

	private void footprints() {
		line("## Bytes per session in Redis");
		line("");
		line("100 signed-in users, each with a session holding a username, a counter and Spring Security's "
				+ "`SecurityContext`; `MEMORY USAGE … SAMPLES 0` summed over every key the store wrote, index keys "
				+ "included, divided by 100. Exact: the same content gives the same bytes. The last column is the same "
				+ "with Redis told to keep hashes whose values are up to 4 KiB in its compact listpack encoding "
				+ "(by default only values up to 64 bytes are, and a `SecurityContext` is longer). session-store "
				+ "writes the same hashes with its near cache on (their TTL is longer by the touch interval), so the "
				+ "near cache has no row.");
		line("");
		line("| store | session key | all keys, per session | keys per session | vs session-store | all keys, with `"
				+ SessionFootprint.HASH_VALUE_LIMIT.replace("ziplist", "listpack") + " "
				+ SessionFootprint.COMPACT_HASH_VALUE_LIMIT + "` |");
		line("|---|---|---|---|---|---|");
		Optional<Footprint> ours = footprint(Store.SESSION_STORE);
		for (Footprint footprint : this.results.footprints()) {
			String relative = ours.map((o) -> String.format(Locale.ROOT, "%.2fx",
					footprint.bytesPerSession() / o.bytesPerSession()))
				.orElse("–");
			line(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %s | %.0f |", footprint.store().title(),
					footprint.sessionHashBytes(), footprint.bytesPerSession(), footprint.keysPerSession(), relative,
					footprint.compactBytesPerSession()));
		}
		line("");
	}

	private void scale() {
		tableByParameter("## Read-only request with many sessions in Redis (requests/s)",
				"The other sessions are copies of the measured one under other IDs. Median of the forks, the lowest "
						+ "and highest in brackets.", "readOnly", "sessionsInRedis",
				(size) -> String.format(Locale.ROOT, "%,d sessions", Long.parseLong(size)));
	}

	private void principalLookup() {
		tableByParameter("## `findByPrincipalName` (lookups/s)",
				"Median of the forks, the lowest and highest in brackets.", "findByPrincipalName", "sessionsPerUser",
				(size) -> size + (size.equals("1") ? " session" : " sessions") + " per user");
	}

	/**
	 * Write a table of one benchmark with a store per row and a value of the parameter
	 * per column, leaving out the stores it did not run on.
	 */
	private void tableByParameter(String heading, @Nullable String note, String method, String parameter,
			Function<String, String> columnTitle) {
		List<String> values = this.results.throughputs()
			.stream()
			.filter((t) -> t.benchmark().equals(method) && t.params().containsKey(parameter))
			.map((t) -> t.params().get(parameter))
			.distinct()
			.toList();
		if (values.isEmpty()) {
			return;
		}
		line(heading);
		line("");
		if (note != null) {
			line(note);
			line("");
		}
		header("store", values.stream().map(columnTitle).toArray(String[]::new));
		for (Store store : Store.values()) {
			List<Optional<Throughput>> cells = values.stream()
				.map((value) -> find(method, Map.of("store", store.name(), parameter, value)))
				.toList();
			if (cells.stream().anyMatch(Optional::isPresent)) {
				row(store.title(), cells.stream().map((cell) -> cell.map(Throughput::format).orElse("–")).toList());
			}
		}
		line("");
	}

	private void http() {
		if (this.results.http().isEmpty()) {
			return;
		}
		int rounds = this.results.http().stream().mapToInt(HttpResult::round).max().orElse(0);
		line("## HTTP, with wrk (16 connections)");
		line("");
		line("One small Spring Boot application (Tomcat, Spring MVC), run " + HttpMode.values().length
				+ " ways side by side and loaded in turn, " + rounds + " round(s), each round starting with the "
				+ "next application, so that each is measured first, while the others may still be compiling, "
				+ "as often as the others. Each connection sends the cookie "
				+ "of one of 64 signed-in sessions. Median over the rounds, with the lowest and highest in brackets.");
		line("");
		line("| store | read-only requests/s | read-only p99 | write requests/s | write p99 |");
		line("|---|---|---|---|---|");
		for (HttpMode mode : HttpMode.values()) {
			List<String> cells = new ArrayList<>();
			for (String path : HttpLoad.PATHS) {
				List<HttpResult> runs = http(mode, path);
				cells.add(Spread.of(runs.stream().mapToDouble(HttpResult::requestsPerSecond).toArray()).format("%,.0f"));
				cells.add(Spread.of(runs.stream().mapToDouble((r) -> r.p99Micros() / 1000.0).toArray())
					.format("%.1f ms"));
			}
			row(mode.title(), cells);
		}
		line("");
		line("One application's requests/s divided by another's, round by round:");
		line("");
		line("| ratio | read-only | write |");
		line("|---|---|---|");
		for (HttpMode ours : List.of(HttpMode.SESSION_STORE_NEAR_CACHE, HttpMode.SESSION_STORE)) {
			for (HttpMode theirs : HttpMode.values()) {
				if (theirs == ours || theirs == HttpMode.SESSION_STORE_NEAR_CACHE) {
					continue;
				}
				row(ours.title() + " ÷ " + theirs.title(), HttpLoad.PATHS.stream()
					.map((path) -> httpRatioSpread(path, ours, theirs).format("%.2fx"))
					.toList());
			}
		}
		line("");
		httpRounds(rounds);
	}

	private void httpRounds(int rounds) {
		line("<details><summary>Every round, in requests/s</summary>");
		line("");
		List<String> header = new ArrayList<>(List.of("round", "path", "measured first"));
		Arrays.stream(HttpMode.values()).map(HttpMode::title).forEach(header::add);
		line("| " + String.join(" | ", header) + " |");
		line("|" + "---|".repeat(header.size()));
		for (int round = 1; round <= rounds; round++) {
			for (String path : HttpLoad.PATHS) {
				List<HttpResult> inOrder = httpRound(round, path);
				if (inOrder.isEmpty()) {
					continue;
				}
				List<String> cells = new ArrayList<>(List.of(path, inOrder.get(0).mode().title()));
				for (HttpMode mode : HttpMode.values()) {
					cells.add(inOrder.stream()
						.filter((result) -> result.mode() == mode)
						.findFirst()
						.map((result) -> String.format("%,.0f", result.requestsPerSecond()))
						.orElse("–"));
				}
				row(Integer.toString(round), cells);
			}
		}
		line("");
		line("</details>");
		line("");
	}

	private void method() {
		line("## How it is measured");
		line("");
		line("- `BenchmarkSuite` starts one `redis-server` (no persistence) and runs everything against it, "
				+ "emptying it between trials.");
		line("- Stores: session-store with its defaults (JSON), and with its near cache on with the default "
				+ "options (`session-store.near-cache.enabled=true`; measured once tracking is confirmed); "
				+ "Spring Session 4.1's `RedisSessionRepository` and "
				+ "`RedisIndexedSessionRepository` as `@EnableRedisHttpSession` / `@EnableRedisIndexedHttpSession` "
				+ "build them, with the default JDK serialization and with Jackson and Spring Security's modules "
				+ "as Spring Session's JSON sample does; `MapSessionRepository` in memory through the same filter.");
		line("- A read-only request, in JMH and over HTTP, reads the session's `SecurityContext`, as Spring "
				+ "Security's filters do on every request of a signed-in user, and its username; a request that "
				+ "sets one attribute reads the same, then sets the counter.");
		line("- " + this.results.settings());
		line("- JMH measures throughput on one thread; the session ID travels in the `X-Auth-Token` header for "
				+ "every store.");
		line("- HTTP: the benchmark application runs as session-store's starter, the same with "
				+ "`session-store.near-cache.enabled=true`, as `@EnableRedisHttpSession`, and without Spring Session "
				+ "(Tomcat's own sessions), and as Spring Session's filter over `MapSessionRepository`; wrk uses "
				+ "2 threads.");
		line("");
	}

	private Optional<Throughput> throughput(String method, Store store) {
		return find(method, Map.of("store", store.name()), (t) -> !t.params().containsKey("sessionsInRedis"));
	}

	private Optional<Throughput> find(String method, Map<String, String> params) {
		return find(method, params, (t) -> true);
	}

	private Optional<Throughput> find(String method, Map<String, String> params, Predicate<Throughput> filter) {
		return this.results.throughputs()
			.stream()
			.filter((t) -> t.matches(method, params))
			.filter(filter)
			.findFirst();
	}

	private Optional<CommandCount> commandCount(Store store, String operation) {
		return this.results.commandCounts()
			.stream()
			.filter((count) -> count.store() == store && count.operation().equals(operation))
			.findFirst();
	}

	private Optional<Footprint> footprint(Store store) {
		return this.results.footprints().stream().filter((footprint) -> footprint.store() == store).findFirst();
	}

	private List<HttpResult> http(HttpMode mode, String path) {
		return this.results.http().stream().filter((r) -> r.mode() == mode && r.path().equals(path)).toList();
	}

	private List<HttpResult> httpRound(int round, String path) {
		return this.results.http().stream().filter((r) -> r.round() == round && r.path().equals(path)).toList();
	}

	private Optional<Ratio> jmhRatio(String method, Store ours, Store theirs) {
		Optional<Throughput> our = throughput(method, ours);
		Optional<Throughput> their = throughput(method, theirs);
		if (our.isEmpty() || their.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(Ratio.of(our.get(), their.get()));
	}

	private Optional<Ratio> httpRatio(String path, HttpMode ours, HttpMode theirs) {
		if (http(ours, path).isEmpty() || http(theirs, path).isEmpty()) {
			return Optional.empty();
		}
		Spread spread = httpRatioSpread(path, ours, theirs);
		return Optional.of(new Ratio(spread.median(), spread.min(), spread.max()));
	}

	private Spread httpRatioSpread(String path, HttpMode oursMode, HttpMode theirsMode) {
		List<HttpResult> ours = http(oursMode, path);
		List<HttpResult> theirs = http(theirsMode, path);
		double[] ratios = new double[Math.min(ours.size(), theirs.size())];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = ours.get(i).requestsPerSecond() / theirs.get(i).requestsPerSecond();
		}
		return Spread.of(ratios);
	}

	private void header(String first, String... columns) {
		line("| " + first + " | " + String.join(" | ", columns) + " |");
		line("|---" + "|---".repeat(columns.length) + "|");
	}

	private void row(String first, List<String> cells) {
		line("| " + first + " | " + String.join(" | ", cells) + " |");
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

	/**
	 * A ratio of two figures and the range that their spreads allow: the lowest of one
	 * over the highest of the other, to its highest over the other's lowest.
	 */
	record Ratio(double value, double low, double high) {

		static Ratio of(Throughput ours, Throughput theirs) {
			double value = ours.score() / theirs.score();
			if (!ours.hasSpread() || !theirs.hasSpread()) {
				return new Ratio(value, Double.NaN, Double.NaN);
			}
			double high = (theirs.low() > 0) ? ours.high() / theirs.low() : Double.POSITIVE_INFINITY;
			return new Ratio(value, Math.max(0, ours.low()) / theirs.high(), high);
		}

		String format() {
			if (Double.isNaN(this.low) || Double.isNaN(this.high)) {
				return String.format(Locale.ROOT, "%.2fx", this.value);
			}
			String high = Double.isInfinite(this.high) ? "∞" : String.format(Locale.ROOT, "%.2fx", this.high);
			return String.format(Locale.ROOT, "%.2fx (%.2fx–%s)", this.value, this.low, high);
		}

	}

	/**
	 * The median, lowest and highest of a few figures.
	 */
	record Spread(double median, double min, double max, int count) {

		static Spread of(double[] values) {
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			if (sorted.length == 0) {
				return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
			}
			int middle = sorted.length / 2;
			double median = (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
			return new Spread(median, sorted[0], sorted[sorted.length - 1], sorted.length);
		}

		String format(String pattern) {
			String median = String.format(Locale.ROOT, pattern, this.median);
			if (this.count < 2) {
				return median;
			}
			return median + " (" + String.format(Locale.ROOT, pattern, this.min) + "–"
					+ String.format(Locale.ROOT, pattern, this.max) + ")";
		}

	}

}
