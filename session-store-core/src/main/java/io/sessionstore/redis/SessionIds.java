package io.sessionstore.redis;

/**
 * Session ID helpers for log and error messages, which never show a whole ID.
 */
final class SessionIds {

	private static final int VISIBLE_PREFIX = 6;

	private SessionIds() {
	}

	static String mask(String sessionId) {
		return (sessionId.length() <= VISIBLE_PREFIX) ? "…" : sessionId.substring(0, VISIBLE_PREFIX) + "…";
	}

}
