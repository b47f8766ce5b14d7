package io.sessionstore.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;

/**
 * One JMH figure: operations per second as the median of the forks' scores, with the
 * lowest and highest fork. A fork's score is the mean of its measured iterations; a run
 * of one fork gives the median of its iterations and their range instead.
 *
 * @param benchmark the benchmark method's simple name, such as {@code readOnly}
 * @param params the benchmark's parameters
 * @param score the median, in operations per second
 * @param low the lowest fork (or iteration), {@code NaN} if there is only one
 * @param high the highest fork (or iteration), {@code NaN} if there is only one
 * @param forks how many forks the figure comes from
 */
record Throughput(String benchmark, Map<String, String> params, double score, double low, double high, int forks) {

	static Throughput of(RunResult run) {
		String benchmark = run.getParams().getBenchmark();
		Map<String, String> params = new TreeMap<>();
		for (String key : run.getParams().getParamsKeys()) {
			params.put(key, run.getParams().getParam(key));
		}
		Collection<BenchmarkResult> forks = run.getBenchmarkResults();
		double[] samples = (forks.size() > 1)
				? forks.stream().mapToDouble((fork) -> fork.getPrimaryResult().getScore()).toArray()
				: forks.stream()
					.flatMap((fork) -> fork.getIterationResults().stream())
					.mapToDouble((iteration) -> iteration.getPrimaryResult().getScore())
					.toArray();
		return of(benchmark.substring(benchmark.lastIndexOf('.') + 1), params, samples, forks.size());
	}

	static Throughput of(String benchmark, Map<String, String> params, double[] samples, int forks) {
		double[] sorted = samples.clone();
		Arrays.sort(sorted);
		if (sorted.length == 0) {
			throw new IllegalArgumentException(benchmark + " " + params + " measured nothing");
		}
		int middle = sorted.length / 2;
		double median = (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		if (sorted.length == 1) {
			return new Throughput(benchmark, params, median, Double.NaN, Double.NaN, forks);
		}
		return new Throughput(benchmark, params, median, sorted[0], sorted[sorted.length - 1], forks);
	}

	boolean hasSpread() {
		return !Double.isNaN(this.low) && !Double.isNaN(this.high);
	}

	boolean matches(String benchmark, Map<String, String> params) {
		return this.benchmark.equals(benchmark) && this.params.entrySet().containsAll(params.entrySet());
	}

	/**
	 * Return the score with the lowest and highest fork, for instance
	 * {@code 8,868 (8,102–9,310)}.
	 */
	String format() {
		if (!hasSpread()) {
			return String.format(Locale.ROOT, "%,.0f", this.score);
		}
		return String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", this.score, this.low, this.high);
	}

}
