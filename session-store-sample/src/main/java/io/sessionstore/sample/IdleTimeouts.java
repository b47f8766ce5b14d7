package io.sessionstore.sample;

import java.util.List;

/**
 * The idle timeouts a visitor can pick for a session, in seconds.
 */
final class IdleTimeouts {

	static final List<Integer> CHOICES = List.of(15, 60, 300, 1800);

	static final int MIN_SECONDS = 3;

	static final int MAX_SECONDS = 86_400;

	private IdleTimeouts() {
	}

	static int clamp(int seconds) {
		return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, seconds));
	}

}
