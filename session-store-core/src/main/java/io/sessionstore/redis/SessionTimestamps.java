package io.sessionstore.redis;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * The text of a session's timestamps ({@code created_at}, {@code last_accessed_at}):
 * ISO-8601 in UTC to the millisecond, such as {@code 2026-12-01T08:32:33.092Z}. Every
 * request that reaches Redis writes one and reads two, so that form is written and read
 * directly; any other form that {@code java.time} reads (another precision, an offset, a
 * local date-time taken as UTC, a year outside 1000–9999) goes through
 * {@code java.time}.
 */
final class SessionTimestamps {

	private static final DateTimeFormatter MILLISECONDS = new DateTimeFormatterBuilder().appendInstant(3)
		.toFormatter();

	private static final int LENGTH = "2026-12-01T08:32:33.092Z".length();

	private static final int NANOS_PER_MILLI = 1_000_000;

	private SessionTimestamps() {
	}

	/**
	 * Return the text of an instant, to the millisecond.
	 * @param instant the instant
	 * @return its ISO-8601 UTC text with three fraction digits
	 */
	static String format(Instant instant) {
		LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
		if (utc.getYear() < 1000 || utc.getYear() > 9999) {
			return MILLISECONDS.format(instant);
		}
		char[] text = new char[LENGTH];
		write(text, 0, utc.getYear(), 4);
		text[4] = '-';
		write(text, 5, utc.getMonthValue(), 2);
		text[7] = '-';
		write(text, 8, utc.getDayOfMonth(), 2);
		text[10] = 'T';
		write(text, 11, utc.getHour(), 2);
		text[13] = ':';
		write(text, 14, utc.getMinute(), 2);
		text[16] = ':';
		write(text, 17, utc.getSecond(), 2);
		text[19] = '.';
		write(text, 20, utc.getNano() / NANOS_PER_MILLI, 3);
		text[23] = 'Z';
		return new String(text);
	}

	/**
	 * Read a timestamp: ISO-8601 with an offset or a {@code Z}, or a local date-time taken
	 * as UTC.
	 * @param text the stored text
	 * @return the instant
	 * @throws DateTimeException if the text is none of these
	 */
	static Instant parse(String text) {
		Instant written = parseMilliseconds(text);
		if (written != null) {
			return written;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
	}

	private static @Nullable Instant parseMilliseconds(String text) {
		if (text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
				|| text.charAt(23) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		int millis = digits(text, 20, 3);
		if ((year | month | day | hour | minute | second | millis) < 0) {
			return null;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second, millis * NANOS_PER_MILLI)
				.toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			char digit = text.charAt(i);
			if (digit < '0' || digit > '9') {
				return -1;
			}
			value = value * 10 + (digit - '0');
		}
		return value;
	}

	private static void write(char[] text, int start, int value, int count) {
		int remaining = value;
		for (int i = start + count - 1; i >= start; i--) {
			text[i] = (char) ('0' + remaining % 10);
			remaining /= 10;
		}
	}

}
