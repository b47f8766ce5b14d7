package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * Finds the session store's own failures among the causes of a web request's failure:
 * those that web applications answer with an HTTP status of their own.
 */
final class SessionStoreFailures {

	private SessionStoreFailures() {
	}

	/**
	 * Return the {@link SessionStoreUnavailableException} or
	 * {@link SessionSizeExceededException} that caused the given failure, if any.
	 */
	static @Nullable RuntimeException find(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionStoreUnavailableException || cause instanceof SessionSizeExceededException) {
				return (RuntimeException) cause;
			}
		}
		return null;
	}

}
