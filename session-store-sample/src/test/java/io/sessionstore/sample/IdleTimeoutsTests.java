package io.sessionstore.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleTimeoutsTests {

	@Test
	void offersFifteenSecondsToHalfAnHour() {
		assertThat(IdleTimeouts.CHOICES).containsExactly(15, 60, 300, 1800);
	}

	@Test
	void keepsATimeoutBetweenThreeSecondsAndADay() {
		assertThat(IdleTimeouts.clamp(-1)).isEqualTo(3);
		assertThat(IdleTimeouts.clamp(0)).isEqualTo(3);
		assertThat(IdleTimeouts.clamp(3)).isEqualTo(3);
		assertThat(IdleTimeouts.clamp(90)).isEqualTo(90);
		assertThat(IdleTimeouts.clamp(86_400)).isEqualTo(86_400);
		assertThat(IdleTimeouts.clamp(1_000_000)).isEqualTo(86_400);
	}

}
