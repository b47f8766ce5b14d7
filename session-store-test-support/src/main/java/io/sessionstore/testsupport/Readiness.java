package io.sessionstore.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Waits, by polling, until a set of Redis processes is in the state a test needs, and
 * says what was still wrong when it gives up.
 */
final class Readiness {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private Readiness() {
	}

	/**
	 * Wait until the check reports no problem.
	 * @param deadline when to give up
	 * @param description what is awaited, for the failure message
	 * @param check the check
	 * @throws IllegalStateException when the deadline passes first
	 */
	static void await(Instant deadline, String description, Check check) {
		String problem = check.problem();
		while (problem != null) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Timed out waiting for " + description + ": " + problem);
			}
			LockSupport.parkNanos(POLL_INTERVAL.toNanos());
			problem = check.problem();
		}
	}

	/**
	 * A check of the awaited state.
	 */
	@FunctionalInterface
	interface Check {

		/**
		 * Return what is still wrong.
		 * @return the problem, or {@code null} once the state is reached
		 */
		@Nullable String problem();

	}

}
