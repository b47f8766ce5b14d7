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
 * Tests for {@link SharedValueOptions}.
 */
class SharedValueOptionsTests {

	@Test
	void securityContextIsSharedByDefaultAndTheTypesCanBeReplaced() {
		SecurityContextImpl context = new SecurityContextImpl();

		assertThat(SharedValueOptions.defaults().getTypes()).containsExactly(SecurityContextImpl.class.getName());
		assertThat(SharedValueOptions.defaults().isDeclared(context)).isTrue();
		assertThat(SharedValueOptions.builder().types(List.of()).build().isShared(context)).isFalse();
		SharedValueOptions sharingLists = SharedValueOptions.builder().types(List.of(ArrayList.class.getName())).build();
		assertThat(sharingLists.isDeclared(new ArrayList<>())).isTrue();
	}

	@Test
	void immutableJdkValuesAndEnumsAreAlwaysSharedAndADeclaredTypeOnlyByItsExactClass() {
		SharedValueOptions sharingNone = SharedValueOptions.builder().types(List.of()).build();

		assertThat(List.of("andrew", 41L, 1, true, new BigDecimal("1.5"), UUID.randomUUID(), Instant.EPOCH,
				Duration.ZERO, Locale.UK, TimeUnit.SECONDS))
			.allMatch(sharingNone::isShared)
			.noneMatch(sharingNone::isDeclared);
		assertThat(sharingNone.isShared(new ArrayList<>())).isFalse();
		assertThat(sharingNone.isShared(new StringBuilder())).isFalse();
		assertThat(SharedValueOptions.defaults().isShared(new SecurityContextImpl() {
		})).isFalse();
	}

	@Test
	void keepsTenThousandValuesByDefaultOrNoneWhenToldZero() {
		assertThat(SharedValueOptions.defaults().getMaximumEntries()).isEqualTo(10_000);
		assertThat(SharedValueOptions.builder().maximumEntries(0).build().getMaximumEntries()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> SharedValueOptions.builder().maximumEntries(-1))
			.withMessage("maximumEntries must not be negative");
	}

	@Test
	void typesMustNotBeNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> SharedValueOptions.builder().types(null))
			.withMessage("types must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SharedValueOptions.builder().types(Arrays.asList("java.util.ArrayList", null)))
			.withMessage("types must not contain null");
	}

}
