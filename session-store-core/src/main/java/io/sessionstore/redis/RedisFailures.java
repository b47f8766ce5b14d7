package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;

/**
 * Tells which failures of a Redis command mean that the store is unavailable, for the
 * Servlet and the reactive repository alike: connection failures, timeouts, and the
 * {@linkplain ServerErrorReplies error replies} of a server that cannot serve right now.
 */
final class RedisFailures {

	private RedisFailures() {
	}

	/**
	 * Return the exception to throw for a failure of a Redis command:
	 * {@link SessionStoreUnavailableException} when the store is unavailable, the failure
	 * itself otherwise.
	 * @param action what was being done, for the message
	 * @param ex the failure
	 */
	static RuntimeException translate(String action, Throwable ex) {
		if (ex instanceof DataAccessResourceFailureException || ex instanceof QueryTimeoutException) {
			return unavailable(action, ex);
		}
		if (ex instanceof RedisSystemException) {
			String reply = errorReply(ex);
			return (reply != null && !ServerErrorReplies.meanUnavailable(reply)) ? (RuntimeException) ex
					: unavailable(action, ex);
		}
		if (ex instanceof InvalidDataAccessApiUsageException) {
			String reply = errorReply(ex);
			return (reply != null && ServerErrorReplies.meanUnavailable(reply)) ? unavailable(action, ex)
					: (RuntimeException) ex;
		}
		return (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
	}

	/**
	 * Return whether a failure of the increment script, once translated, means that the
	 * attribute does not hold an integer.
	 */
	static boolean isRefusedIncrement(Throwable ex) {
		return ex instanceof RedisSystemException || ex instanceof InvalidDataAccessApiUsageException;
	}

	/**
	 * Return whether a failure, as {@link #translate translated}, is Redis refusing a
	 * command on a key of another type: a key under a session's name that holds no hash.
	 */
	static boolean isWrongType(Throwable ex) {
		String reply = errorReply(ex);
		return reply != null && reply.startsWith("WRONGTYPE");
	}

	static IllegalArgumentException notAnInteger(String attributeName, Throwable cause) {
		return new IllegalArgumentException(
				"Session attribute '" + attributeName + "' does not hold an integer and cannot be incremented", cause);
	}

	private static SessionStoreUnavailableException unavailable(String action, Throwable ex) {
		return new SessionStoreUnavailableException("Redis is unavailable while " + action, ex);
	}

	private static @Nullable String errorReply(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				if (type.getName().equals("io.lettuce.core.RedisCommandExecutionException")
						|| type.getName().equals("redis.clients.jedis.exceptions.JedisDataException")) {
					return String.valueOf(cause.getMessage());
				}
			}
		}
		return null;
	}

}
