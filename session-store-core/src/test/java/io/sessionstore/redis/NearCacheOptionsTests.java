package io.sessionstore.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link NearCacheOptions}.
 */
class NearCacheOptionsTests {

	@Test
	void defaultsKeepTenThousandSessionsOf32MibAndTouchEveryMinute() {
		NearCacheOptions options = NearCacheOptions.defaults();

		assertThat(options.getMaximumEntries()).isEqualTo(10_000);
		assertThat(options.getMaximumSize()).isEqualTo(32L * 1024 * 1024);
		assertThat(options.getTouchInterval()).isEqualTo(Duration.ofMinutes(1));
		assertThat(options.touchIntervalSeconds()).isEqualTo(60);
	}

	@Test
	void touchIntervalIsAddedToTheTtlInWholeSecondsRoundedUp() {
		assertThat(NearCacheOptions.builder().touchInterval(Duration.ofMillis(1500)).build().touchIntervalSeconds())
			.isEqualTo(2);
		assertThat(NearCacheOptions.builder().touchInterval(Duration.ofMillis(1)).build().touchIntervalSeconds())
			.isEqualTo(1);
	}

	@Test
	void boundsAndTouchIntervalMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> NearCacheOptions.builder().maximumEntries(0))
			.withMessage("maximumEntries must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> NearCacheOptions.builder().maximumSize(0))
			.withMessage("maximumSize must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> NearCacheOptions.builder().touchInterval(Duration.ZERO))
			.withMessage("touchInterval must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NearCacheOptions.builder().touchInterval(Duration.ofSeconds(-1)))
			.withMessage("touchInterval must be positive");
	}

}
