package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a session hash, as Redis returns it, to a {@link StoredSession}, and decodes its
 * attributes when they are first read. Fails with {@link IllegalStateException} when a
 * required field is missing or malformed; an attribute that cannot be decoded is reported
 * and left out.
 */
final class RedisHashSessionMapper {

	private static final JsonMapper TYPES_MAPPER = JsonMapper.builder().build();

	private final AttributeCodec codec;

	private final Consumer<AttributeDecodingException> decodeFailures;

	RedisHashSessionMapper(AttributeCodec codec, Consumer<AttributeDecodingException> decodeFailures) {
		this.codec = codec;
		this.decodeFailures = decodeFailures;
	}

	StoredSession map(String id, List<byte[]> flatHash) {
		Map<String, byte[]> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < flatHash.size(); i += 2) {
			fields.put(new String(flatHash.get(i), StandardCharsets.UTF_8), flatHash.get(i + 1));
		}
		return map(id, fields);
	}

	StoredSession map(String id, Map<String, byte[]> fields) {
		Instant creationTime = parseInstant(id, SessionFields.CREATED_AT, required(id, fields, SessionFields.CREATED_AT));
		byte[] lastAccessed = fields.get(SessionFields.LAST_ACCESSED_AT);
		Instant lastAccessedTime = (lastAccessed != null)
				? parseInstant(id, SessionFields.LAST_ACCESSED_AT, text(lastAccessed)) : creationTime;
		byte[] ttl = fields.get(SessionFields.SESSION_TTL);
		Duration maxInactiveInterval = (ttl != null) ? Duration.ofSeconds(parseLong(id, SessionFields.SESSION_TTL, text(ttl)))
				: Duration.ofSeconds(-1);
		byte[] principal = fields.get(SessionFields.PRINCIPAL_NAME);
		Map<String, String> types = attributeTypes(id, fields.get(SessionFields.ATTRIBUTE_TYPES));
		Map<String, Object> attributes = new LinkedHashMap<>();
		Map<String, Integer> sizes = new HashMap<>();
		fields.forEach((name, value) -> {
			sizes.put(name, fieldSize(name, value));
			if (!SessionFields.isReserved(name)) {
				attributes.put(name, new UndecodedAttribute(value, types.get(name)));
			}
		});
		return new StoredSession(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes, sizes,
				(principal != null) ? text(principal) : null);
	}

	static int fieldSize(String name, byte[] value) {
		return name.getBytes(StandardCharsets.UTF_8).length + value.length;
	}

	static String text(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	static Instant parseInstant(String id, String field, String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ignored) {
				throw malformed(id, field, value);
			}
		}
	}

	/**
	 * Decode an attribute read from the hash.
	 * @param name the attribute name
	 * @param attribute the stored value and its type
	 * @return the value, or {@code null} if it could not be decoded (the failure is
	 * reported)
	 */
	@Nullable Object decode(String name, UndecodedAttribute attribute) {
		try {
			return this.codec.decode(name, attribute.value(), attribute.type());
		}
		catch (AttributeDecodingException ex) {
			this.decodeFailures.accept(ex);
		}
		catch (RuntimeException ex) {
			this.decodeFailures.accept(new AttributeDecodingException(name, attribute.type(), ex.toString(), ex));
		}
		return null;
	}

	private static Map<String, String> attributeTypes(String id, byte @Nullable [] value) {
		if (value == null) {
			return Collections.emptyMap();
		}
		try {
			Map<String, Object> parsed = TYPES_MAPPER.readValue(value, Map.class);
			Map<String, String> types = new HashMap<>();
			parsed.forEach((name, type) -> types.put(name, String.valueOf(type)));
			return types;
		}
		catch (JacksonException ex) {
			throw malformed(id, SessionFields.ATTRIBUTE_TYPES, text(value));
		}
	}

	private static String required(String id, Map<String, byte[]> fields, String field) {
		byte[] value = fields.get(field);
		if (value == null) {
			throw new IllegalStateException(
					"Session hash of " + SessionIds.mask(id) + " has no '" + field + "' field; it is not a session");
		}
		return text(value);
	}

	private static long parseLong(String id, String field, String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw malformed(id, field, value);
		}
	}

	private static IllegalStateException malformed(String id, String field, String value) {
		return new IllegalStateException("Session hash of " + SessionIds.mask(id) + " has a malformed '" + field
				+ "' field: '" + value + "'");
	}

}
