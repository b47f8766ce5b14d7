package io.sessionstore.redis;

import java.util.regex.Pattern;

import org.springframework.session.SessionIdGenerator;

/**
 * The form a session ID must have to be looked up in Redis. An ID of any other form is
 * treated as absent without a Redis command, so cookies that no generator of the
 * application could have made cost nothing. No form allows {@code :}, braces or glob
 * characters, so an ID can never shape a key.
 */
enum SessionIdForm {

	/** What {@link SecureRandomSessionIdGenerator} makes: 43 base64url characters. */
	GENERATED("[A-Za-z0-9_-]{43}"),

	/** What an application's own {@link SessionIdGenerator} may make. */
	CUSTOM("[A-Za-z0-9_-]{16,128}");

	private final Pattern pattern;

	SessionIdForm(String regex) {
		this.pattern = Pattern.compile(regex);
	}

	static SessionIdForm of(SessionIdGenerator generator) {
		return (generator instanceof SecureRandomSessionIdGenerator) ? GENERATED : CUSTOM;
	}

	boolean matches(String sessionId) {
		return this.pattern.matcher(sessionId).matches();
	}

	String regex() {
		return this.pattern.pattern();
	}

}
