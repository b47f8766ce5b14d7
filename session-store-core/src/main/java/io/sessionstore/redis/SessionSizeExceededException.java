package io.sessionstore.redis;

/**
 * Thrown when a save would make a session's hash larger than the configured maximum.
 * Nothing is written when it is thrown.
 */
public class SessionSizeExceededException extends IllegalStateException {

	private final long size;

	private final long maxSize;

	/**
	 * Create an exception for the given session.
	 * @param sessionId the session ID
	 * @param size the size in bytes the session would have
	 * @param maxSize the configured maximum in bytes
	 */
	public SessionSizeExceededException(String sessionId, long size, long maxSize) {
		super("Session " + SessionIds.mask(sessionId) + " would hold " + size + " bytes, more than the maximum of "
				+ maxSize + " bytes; store less in the session or raise the maximum session size");
		this.size = size;
		this.maxSize = maxSize;
	}

	/**
	 * Return the size in bytes that the session would have had.
	 * @return the size in bytes
	 */
	public long getSize() {
		return this.size;
	}

	/**
	 * Return the configured maximum size in bytes.
	 * @return the maximum size in bytes
	 */
	public long getMaxSize() {
		return this.maxSize;
	}

}
