package io.sessionstore.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShownFieldsTests {

	@Test
	void showsTheSessionsOwnFieldsFirstThenItsAttributesByName() {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put("username", "andrew");
		hash.put("attribute_types", "{\"page_views\":\"java.lang.Long\"}");
		hash.put("SPRING_SECURITY_CONTEXT", "{}");
		hash.put("last_accessed_at", "2026-11-22T10:16:40.118Z");
		hash.put("page_views", "3");
		hash.put("principal_name", "andrew");
		hash.put("session_ttl", "1800");
		hash.put("created_at", "2026-11-22T10:15:03.512Z");

		assertThat(ShownFields.of(hash)).containsExactly(Map.entry("created_at", "2026-11-22T10:15:03.512Z"),
				Map.entry("last_accessed_at", "2026-11-22T10:16:40.118Z"), Map.entry("session_ttl", "1800"),
				Map.entry("principal_name", "andrew"), Map.entry("attribute_types", "{\"page_views\":\"java.lang.Long\"}"),
				Map.entry("page_views", "3"), Map.entry("SPRING_SECURITY_CONTEXT", "{}"), Map.entry("username", "andrew"));
	}

	@Test
	void cutsLongValuesShort() {
		String value = "x".repeat(ShownFields.MAX_VALUE_LENGTH + 1);

		assertThat(ShownFields.of(Map.of("cart", value)))
			.containsExactly(Map.entry("cart", "x".repeat(ShownFields.MAX_VALUE_LENGTH) + " …"));
		assertThat(ShownFields.of(Map.of("cart", value.substring(1)))).containsEntry("cart", value.substring(1));
	}

}
