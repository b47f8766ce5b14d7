package io.sessionstore.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskedIdsTests {

	@Test
	void showsOnlyAShortPrefixOfASessionId() {
		assertThat(MaskedIds.mask("Yk3n0Qf6N2vJ0m2p3aZ0bq7XvV3nW1xQe2r9t8u7i6o")).isEqualTo("Yk3n0Q…");
	}

	@Test
	void showsNothingOfAShortOrMissingId() {
		assertThat(MaskedIds.mask("abcdef")).isEqualTo("…");
		assertThat(MaskedIds.mask(null)).isEqualTo("none");
	}

	@Test
	void demoAcceptsOnlyWellFormedUsernames() {
		assertThat(DemoUsernames.isWellFormed("andrew.b-1_x")).isTrue();
		assertThat(DemoUsernames.isWellFormed("")).isFalse();
		assertThat(DemoUsernames.isWellFormed("a b")).isFalse();
		assertThat(DemoUsernames.isWellFormed("x".repeat(33))).isFalse();
		assertThat(DemoUsernames.isWellFormed("<script>")).isFalse();
	}

	@Test
	void timeoutsAreKeptWithinBounds() {
		assertThat(IdleTimeouts.clamp(0)).isEqualTo(3);
		assertThat(IdleTimeouts.clamp(90)).isEqualTo(90);
		assertThat(IdleTimeouts.clamp(1_000_000)).isEqualTo(86_400);
	}

}
