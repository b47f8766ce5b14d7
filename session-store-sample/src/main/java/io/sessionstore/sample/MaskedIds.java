package io.sessionstore.sample;

import org.jspecify.annotations.Nullable;

/**
 * Shows session IDs the way the page may: a short prefix, never the whole ID.
 */
final class MaskedIds {

	private static final int VISIBLE = 6;

	private MaskedIds() {
	}

	static String mask(@Nullable String sessionId) {
		if (sessionId == null || sessionId.isEmpty()) {
			return "none";
		}
		return (sessionId.length() <= VISIBLE * 2) ? "…" : sessionId.substring(0, VISIBLE) + "…";
	}

}
