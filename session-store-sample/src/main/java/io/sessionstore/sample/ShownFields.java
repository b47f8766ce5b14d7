package io.sessionstore.sample;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sessionstore.redis.SessionFields;

/**
 * The fields of a session hash as the page shows them: the session's own fields first, in
 * a fixed order, then its attributes by name; long values are cut short.
 */
final class ShownFields {

	static final int MAX_VALUE_LENGTH = 160;

	private static final List<String> METADATA = List.of(SessionFields.CREATED_AT, SessionFields.LAST_ACCESSED_AT,
			SessionFields.SESSION_TTL, SessionFields.ABSOLUTE_DEADLINE, SessionFields.PRINCIPAL_NAME,
			SessionFields.ATTRIBUTE_TYPES);

	private static final Comparator<String> ORDER = Comparator
		.comparingInt((String field) -> METADATA.contains(field) ? METADATA.indexOf(field) : METADATA.size())
		.thenComparing(String.CASE_INSENSITIVE_ORDER)
		.thenComparing(Comparator.naturalOrder());

	private ShownFields() {
	}

	static Map<String, String> of(Map<String, String> hash) {
		Map<String, String> shown = new LinkedHashMap<>();
		hash.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(ORDER))
			.forEach((field) -> shown.put(field.getKey(), shorten(field.getValue())));
		return shown;
	}

	private static String shorten(String value) {
		return (value.length() > MAX_VALUE_LENGTH) ? value.substring(0, MAX_VALUE_LENGTH) + " …" : value;
	}

}
