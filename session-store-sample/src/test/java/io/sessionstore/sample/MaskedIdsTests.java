package io.sessionstore.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskedIdsTests {

	@Test
	void showsOnlyAShortPrefixOfASessionId() {
		assertThat(MaskedIds.mask("Yk3n0Qf6N2vJ0m2p3aZ0bq7XvV3nW1xQe2r9t8u7i6o")).isEqualTo("Yk3n0Q…");
	}

	@Test
	void showsNothingOfAnIdTooShortToHideMostOf() {
		assertThat(MaskedIds.mask("abcdef")).isEqualTo("…");
		assertThat(MaskedIds.mask("abcdef123456")).isEqualTo("…");
		assertThat(MaskedIds.mask("abcdef1234567")).isEqualTo("abcdef…");
	}

	@Test
	void saysNoneForAMissingId() {
		assertThat(MaskedIds.mask(null)).isEqualTo("none");
		assertThat(MaskedIds.mask("")).isEqualTo("none");
	}

}
