package io.sessionstore.benchmarks;

import java.util.List;

import io.sessionstore.benchmarks.CommandCounter.CommandCount;
import io.sessionstore.benchmarks.SessionFootprint.Footprint;
import io.sessionstore.benchmarks.http.HttpLoad.HttpResult;

/**
 * Everything one run of the suite measured.
 *
 * @param machine what the run ran on
 * @param command the command that reproduces the run
 * @param settings how long and how often each figure was measured
 * @param commandCounts the commands each request sent, per store
 * @param footprints the bytes per session, per store
 * @param throughputs the JMH figures
 * @param http the wrk figures, empty if HTTP was not loaded
 */
record BenchmarkResults(Machine machine, String command, String settings, List<CommandCount> commandCounts,
		List<Footprint> footprints, List<Throughput> throughputs, List<HttpResult> http) {
}
