package io.sessionstore.redis;

import java.util.Set;

/**
 * The reserved field names of a session hash. Attributes cannot use these names.
 */
public final class SessionFields {

	/** When the session was created, as ISO-8601 UTC text. */
	public static final String CREATED_AT = "created_at";

	/** When the session was last accessed, as ISO-8601 UTC text. */
	public static final String LAST_ACCESSED_AT = "last_accessed_at";

	/** The idle timeout in seconds; negative when the session never expires from inactivity. */
	public static final String SESSION_TTL = "session_ttl";

	/** A JSON object naming the Java type of each attribute that is not a plain String. */
	public static final String ATTRIBUTE_TYPES = "attribute_types";

	/** The name of the principal that owns the session, when one is known. */
	public static final String PRINCIPAL_NAME = "principal_name";

	/** The absolute deadline as epoch seconds, when a maximum lifetime is configured. */
	public static final String ABSOLUTE_DEADLINE = "absolute_deadline";

	/** Every reserved field name. */
	public static final Set<String> RESERVED = Set.of(CREATED_AT, LAST_ACCESSED_AT, SESSION_TTL, ATTRIBUTE_TYPES,
			PRINCIPAL_NAME, ABSOLUTE_DEADLINE);

	private SessionFields() {
	}

	/**
	 * Return whether the given name is reserved for session metadata.
	 * @param name the field name
	 * @return {@code true} if attributes cannot use the name
	 */
	public static boolean isReserved(String name) {
		return RESERVED.contains(name);
	}

}
