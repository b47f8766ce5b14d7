package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a session hash, as Redis returns it, to a {@link StoredSession}, and decodes its
 * attributes when they are first read. Fails with {@link IllegalStateException} when a
 * required field is missing or malformed; an attribute that cannot be decoded is reported
 * and left out.
 */
final class RedisHashSessionMapper {

	private static final JsonMapper TYPES_MAPPER = JsonMapper.builder().build();

	/**
	 * How many distinct {@code attribute_types} values are kept parsed. Sessions holding
	 * the same kinds of attributes have the same value, so an application has few.
	 */
	private static final int PARSED_TYPES_LIMIT = 256;

	private final AttributeCodec codec;

	private final Consumer<AttributeDecodingException> decodeFailures;

	private final Map<String, Map<String, String>> parsedTypes = new ConcurrentHashMap<>();

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
		byte[] deadline = fields.get(SessionFields.ABSOLUTE_DEADLINE);
		Instant absoluteDeadline = (deadline != null)
				? Instant.ofEpochSecond(parseLong(id, SessionFields.ABSOLUTE_DEADLINE, text(deadline))) : null;
		Map<String, String> types = attributeTypes(fields.get(SessionFields.ATTRIBUTE_TYPES));
		Map<String, Object> attributes = new LinkedHashMap<>();
		Map<String, Integer> sizes = new HashMap<>();
		fields.forEach((name, value) -> {
			sizes.put(name, fieldSize(name, value));
			if (types != null && !SessionFields.isReserved(name)) {
				attributes.put(name, new UndecodedAttribute(value, types.get(name)));
			}
		});
		return new StoredSession(id, creationTime, lastAccessedTime, maxInactiveInterval,
				Collections.unmodifiableMap(attributes), Collections.unmodifiableMap(sizes),
				(principal != null) ? text(principal) : null, absoluteDeadline);
	}

	static int fieldSize(String name, byte[] value) {
		return name.getBytes(StandardCharsets.UTF_8).length + value.length;
	}

	static String text(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	static Instant parseInstant(String id, String field, String value) {
		try {
			return SessionTimestamps.parse(value);
		}
		catch (DateTimeException ex) {
			throw malformed(id, field, value);
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

	/**
	 * Read {@code attribute_types}. When it is not a JSON object, no attribute's type can
	 * be known: the failure is reported once for the field, and every attribute is left
	 * out of the session (and untouched in Redis), as an undecodable value would be. A
	 * value read before is not parsed again.
	 * @return the type of each typed attribute, or {@code null} if the field is unreadable
	 */
	private @Nullable Map<String, String> attributeTypes(byte @Nullable [] value) {
		if (value == null) {
			return Collections.emptyMap();
		}
		String text = new String(value, StandardCharsets.UTF_8);
		Map<String, String> known = this.parsedTypes.get(text);
		if (known != null) {
			return known;
		}
		Map<String, String> types = parseAttributeTypes(value);
		if (types != null) {
			if (this.parsedTypes.size() >= PARSED_TYPES_LIMIT) {
				this.parsedTypes.clear();
			}
			this.parsedTypes.put(text, types);
		}
		return types;
	}

	private @Nullable Map<String, String> parseAttributeTypes(byte[] value) {
		JsonNode parsed;
		try {
			parsed = TYPES_MAPPER.readTree(value);
		}
		catch (JacksonException ex) {
			parsed = null;
		}
		if (parsed == null || !parsed.isObject()) {
			this.decodeFailures.accept(new AttributeDecodingException(SessionFields.ATTRIBUTE_TYPES, null,
					"it is not a JSON object of attribute names to types, so no attribute of the session can be read",
					null));
			return null;
		}
		Map<String, String> types = new HashMap<>();
		parsed.properties().forEach((entry) -> types.put(entry.getKey(),
				entry.getValue().isString() ? entry.getValue().stringValue() : entry.getValue().toString()));
		return Map.copyOf(types);
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
