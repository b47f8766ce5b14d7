package io.sessionstore.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.sessionstore.benchmarks.http.HttpLoad;
import io.sessionstore.benchmarks.http.HttpLoad.HttpResult;
import io.sessionstore.benchmarks.http.HttpMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkReportTests {

	@Test
	void tableOfRoundsShowsEachRoundAndPathWithTheApplicationMeasuredFirst() {
		List<HttpResult> http = new ArrayList<>();
		for (int round = 1; round <= 2; round++) {
			for (String path : HttpLoad.PATHS) {
				List<HttpMode> turn = new ArrayList<>(List.of(HttpMode.values()));
				Collections.rotate(turn, -(round - 1));
				for (HttpMode mode : turn) {
					http.add(new HttpResult(mode, path, round, 1000 * round + mode.ordinal(), 1000));
				}
			}
		}
		Machine machine = new Machine("cpu", 2, 24, "os", "java", "7.0", LocalDate.of(2026, 12, 2));
		BenchmarkResults results = new BenchmarkResults(machine, "run.sh", "settings", List.of(), List.of(), List.of(),
				http);

		String report = new BenchmarkReport(results).markdown();

		String inMemory = String.format("%,d", 2000 + HttpMode.IN_MEMORY.ordinal());
		assertThat(report).contains("| 1 | /read | " + HttpMode.values()[0].title() + " | 1,000 | ")
			.contains("| 2 | /write | " + HttpMode.values()[1].title() + " | 2,000 | ")
			.contains(" | " + inMemory + " |\n\n</details>");
	}

}
