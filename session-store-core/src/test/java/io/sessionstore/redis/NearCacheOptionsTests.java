package io.sessionstore.redis;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.context.SecurityContextImpl;

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


	@Test
	void securityContextIsSharedByDefaultAndTheSharedTypesCanBeReplaced() {
		SecurityContextImpl context = new SecurityContextImpl();

		assertThat(NearCacheOptions.defaults().getSharedTypes()).containsExactly(SecurityContextImpl.class.getName());
		assertThat(NearCacheOptions.defaults().isShared(context)).isTrue();
		assertThat(NearCacheOptions.builder().sharedTypes(List.of()).build().isShared(context)).isFalse();
		NearCacheOptions sharingLists = NearCacheOptions.builder().sharedTypes(List.of(ArrayList.class.getName())).build();
		assertThat(sharingLists.isShared(new ArrayList<>())).isTrue();
	}

	@Test
	void immutableJdkValuesAndEnumsAreAlwaysSharedAndADeclaredTypeOnlyByItsExactClass() {
		NearCacheOptions sharingNone = NearCacheOptions.builder().sharedTypes(List.of()).build();

		assertThat(List.of("andrew", 41L, 1, true, new BigDecimal("1.5"), UUID.randomUUID(), Instant.EPOCH,
				Duration.ZERO, Locale.UK, TimeUnit.SECONDS))
			.allMatch(sharingNone::isShared);
		assertThat(sharingNone.isShared(new ArrayList<>())).isFalse();
		assertThat(sharingNone.isShared(new StringBuilder())).isFalse();
		assertThat(NearCacheOptions.defaults().isShared(new SecurityContextImpl() {
		})).isFalse();
	}

	@Test
	void sharedTypesMustNotBeNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> NearCacheOptions.builder().sharedTypes(null))
			.withMessage("sharedTypes must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NearCacheOptions.builder().sharedTypes(Arrays.asList("java.util.ArrayList", null)))
			.withMessage("sharedTypes must not contain null");
	}

}
