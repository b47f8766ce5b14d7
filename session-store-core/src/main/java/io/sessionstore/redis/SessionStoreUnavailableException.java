package io.sessionstore.redis;

/**
 * Thrown when Redis cannot be reached, or does not answer in time, while a session is
 * loaded, saved or deleted. Web applications answer it with HTTP 503.
 */
public class SessionStoreUnavailableException extends RuntimeException {

	/**
	 * Create an exception with the given message and cause.
	 * @param message the message
	 * @param cause the cause
	 */
	public SessionStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
