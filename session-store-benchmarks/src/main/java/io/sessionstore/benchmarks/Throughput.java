package io.sessionstore.benchmarks;

import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One JMH figure: operations per second and its 99.9% confidence interval.
 *
 * @param benchmark the benchmark method's simple name, such as {@code readOnly}
 * @param params the benchmark's parameters
 * @param score the mean, in operations per second
 * @param low the lower bound of the interval, {@code NaN} if too few samples
 * @param high the upper bound of the interval, {@code NaN} if too few samples
 */
record Throughput(String benchmark, Map<String, String> params, double score, double low, double high) {

	static Throughput of(RunResult run) {
		String benchmark = run.getParams().getBenchmark();
		Map<String, String> params = new TreeMap<>();
		for (String key : run.getParams().getParamsKeys()) {
			params.put(key, run.getParams().getParam(key));
		}
		Result<?> primary = run.getPrimaryResult();
		double[] interval = primary.getScoreConfidence();
		return new Throughput(benchmark.substring(benchmark.lastIndexOf('.') + 1), params, primary.getScore(),
				interval[0], interval[1]);
	}

	boolean hasSpread() {
		return !Double.isNaN(this.low) && !Double.isNaN(this.high);
	}

	boolean matches(String benchmark, Map<String, String> params) {
		return this.benchmark.equals(benchmark) && this.params.entrySet().containsAll(params.entrySet());
	}

}
