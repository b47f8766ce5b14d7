package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The session IDs that session cookie values name. A cookie carries an ID raw, as
 * session-store and WebFlux write it, or base64-encoded, as Spring Session's
 * {@code DefaultCookieSerializer} writes it by default. The two cannot be confused: an
 * ID is made of base64url characters only, while its base64 form is longer than the ID
 * and, for the 43-character IDs that session-store generates, ends in {@code =} padding.
 * A value of neither form is passed on as it is, so that the repository treats it as
 * absent without a Redis command.
 */
final class SessionIdCookieValues {

	private SessionIdCookieValues() {
	}

	static List<String> sessionIds(List<String> cookieValues) {
		List<String> sessionIds = new ArrayList<>(cookieValues.size());
		for (String cookieValue : cookieValues) {
			String sessionId = sessionId(cookieValue);
			if (!sessionIds.contains(sessionId)) {
				sessionIds.add(sessionId);
			}
		}
		return sessionIds;
	}

	static String sessionId(String cookieValue) {
		if (SessionIdForm.CUSTOM.matches(cookieValue)) {
			return cookieValue;
		}
		String decoded = base64Decoded(cookieValue);
		return (decoded != null && SessionIdForm.CUSTOM.matches(decoded)) ? decoded : cookieValue;
	}

	private static @Nullable String base64Decoded(String value) {
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
