package io.sessionstore.redis;

import org.springframework.session.SessionIdGenerator;

/**
 * The form a session ID must have to be looked up in Redis. An ID of any other form is
 * treated as absent without a Redis command, so cookies that no generator of the
 * application could have made cost nothing. No form allows {@code :}, braces or glob
 * characters, so an ID can never shape a key.
 */
enum SessionIdForm {

	/** What {@link SecureRandomSessionIdGenerator} makes: 43 base64url characters. */
	GENERATED(43, 43),

	/** What an application's own {@link SessionIdGenerator} may make. */
	CUSTOM(16, 128);

	private final int minLength;

	private final int maxLength;

	SessionIdForm(int minLength, int maxLength) {
		this.minLength = minLength;
		this.maxLength = maxLength;
	}

	static SessionIdForm of(SessionIdGenerator generator) {
		return (generator instanceof SecureRandomSessionIdGenerator) ? GENERATED : CUSTOM;
	}

	boolean matches(String sessionId) {
		int length = sessionId.length();
		if (length < this.minLength || length > this.maxLength) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (!isBase64Url(sessionId.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Describe the form, as a regular expression, for messages.
	 */
	String regex() {
		String count = (this.minLength == this.maxLength) ? String.valueOf(this.minLength)
				: this.minLength + "," + this.maxLength;
		return "[A-Za-z0-9_-]{" + count + "}";
	}

	private static boolean isBase64Url(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

}
