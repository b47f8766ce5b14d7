package io.sessionstore.benchmarks.http;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which {@link HttpLoad} measures its applications.
 */
class HttpLoadTests {

	@Test
	void eachApplicationStartsOneRoundInTurnAndEveryRoundMeasuresThemAll() {
		List<String> applications = List.of("a", "b", "c");

		List<List<String>> rounds = IntStream.rangeClosed(1, 4)
			.mapToObj((round) -> HttpLoad.inTurn(applications, round))
			.toList();

		assertThat(rounds).containsExactly(List.of("a", "b", "c"), List.of("b", "c", "a"), List.of("c", "a", "b"),
				List.of("a", "b", "c"));
	}

}
