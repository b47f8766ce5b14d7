package io.sessionstore.redis.json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The short names {@link JsonAttributeCodec} writes, in {@code attribute_types} and as
 * type ids inside the JSON, for the classes found in almost every session: Java's boxed
 * numbers and what Spring Security and Spring MVC keep there. A signed-in user's
 * {@code SecurityContext} then reads as {@code {"@class":"UsernamePasswordAuthenticationToken",…}}
 * rather than repeating {@code org.springframework.security…} in every type id, which
 * keeps it under the next size Redis allocates.
 * <p>
 * A name is the class's simple name, so it contains no dot and cannot be mistaken for a
 * class name, which always has one: a stored type with a dot is a class name, as written
 * before these names existed. A name stands for its class only; whether that class may
 * be read is still decided by the codec's allow-list. Names are never reassigned.
 */
final class JsonTypeAliases {

	private static final List<String> CLASS_NAMES = List.of("java.lang.Boolean", "java.lang.Byte",
			"java.lang.Character", "java.lang.Double", "java.lang.Float", "java.lang.Integer", "java.lang.Long",
			"java.lang.Short", "java.math.BigDecimal", "java.math.BigInteger", "java.util.Locale", "java.util.UUID",
			"org.springframework.security.core.context.SecurityContextImpl",
			"org.springframework.security.authentication.UsernamePasswordAuthenticationToken",
			"org.springframework.security.authentication.AnonymousAuthenticationToken",
			"org.springframework.security.authentication.RememberMeAuthenticationToken",
			"org.springframework.security.authentication.ott.OneTimeTokenAuthentication",
			"org.springframework.security.core.authority.SimpleGrantedAuthority",
			"org.springframework.security.core.authority.FactorGrantedAuthority",
			"org.springframework.security.core.userdetails.User",
			"org.springframework.security.web.authentication.WebAuthenticationDetails",
			"org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken",
			"org.springframework.security.web.savedrequest.DefaultSavedRequest",
			"org.springframework.security.web.savedrequest.SavedCookie", "org.springframework.web.servlet.FlashMap");

	private static final Map<String, String> ALIAS_BY_CLASS_NAME = new HashMap<>();

	private static final Map<String, String> CLASS_NAME_BY_ALIAS = new HashMap<>();

	static {
		for (String className : CLASS_NAMES) {
			String alias = className.substring(className.lastIndexOf('.') + 1);
			ALIAS_BY_CLASS_NAME.put(className, alias);
			if (CLASS_NAME_BY_ALIAS.put(alias, className) != null) {
				throw new IllegalStateException("Two classes are named " + alias);
			}
		}
	}

	private JsonTypeAliases() {
	}

	/**
	 * Return what to write for a class: its short name when it has one, else the class name.
	 * @param className the class name
	 * @return the stored type
	 */
	static String storedType(String className) {
		return ALIAS_BY_CLASS_NAME.getOrDefault(className, className);
	}

	/**
	 * Return the class name a stored type stands for: the class of a short name, else the
	 * stored type itself.
	 * @param storedType the type as stored
	 * @return the class name
	 */
	static String className(String storedType) {
		return CLASS_NAME_BY_ALIAS.getOrDefault(storedType, storedType);
	}

}
