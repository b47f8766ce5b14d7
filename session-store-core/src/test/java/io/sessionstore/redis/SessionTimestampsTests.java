package io.sessionstore.redis;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SessionTimestamps} writes and reads what {@code java.time} does, whether or not
 * the text is of the form it handles directly.
 */
class SessionTimestampsTests {

	private static final DateTimeFormatter JAVA_TIME = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

	@Test
	void writesAndReadsWhatJavaTimeDoesAcrossFourThousandYears() {
		Random random = new Random(20261201);
		long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
		long last = Instant.parse("+12000-12-31T23:59:59Z").getEpochSecond();
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)),
					random.nextInt(1_000_000_000));
			String text = SessionTimestamps.format(instant);

			assertThat(text).isEqualTo(JAVA_TIME.format(instant));
			assertThat(SessionTimestamps.parse(text)).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
		}
	}

	@ParameterizedTest
	@CsvSource({ "2026-12-01T08:32:33.092Z, 2026-12-01T08:32:33.092Z",
			"2026-12-01T08:32:33Z, 2026-12-01T08:32:33Z",
			"2026-12-01T08:32:33.092123456Z, 2026-12-01T08:32:33.092123456Z",
			"2026-12-01T09:32:33.092+01:00, 2026-12-01T08:32:33.092Z",
			"2026-12-01T08:32:33.092, 2026-12-01T08:32:33.092Z",
			"2024-02-29T23:59:59.999Z, 2024-02-29T23:59:59.999Z" })
	void readsEveryFormJavaTimeReads(String text, String expected) {
		assertThat(SessionTimestamps.parse(text)).isEqualTo(Instant.parse(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "yesterday", "2026-13-01T08:32:33.092Z", "2026-02-30T08:32:33.092Z",
			"2025-02-29T08:32:33.092Z", "2026-12-01T24:00:00.000Z", "2026-12-01T08:60:33.092Z",
			"2026-12-01T08:32:33.09xZ", "2026-12-01 08:32:33.092Z", "-026-12-01T08:32:33.092Z" })
	void refusesWhatIsNoTimestamp(String text) {
		assertThatExceptionOfType(DateTimeException.class).isThrownBy(() -> SessionTimestamps.parse(text));
	}

}
