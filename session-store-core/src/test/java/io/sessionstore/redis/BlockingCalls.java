package io.sessionstore.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.blockhound.BlockHound;

/**
 * Records every blocking call made on a thread that must not block: Reactor's
 * non-blocking schedulers and Netty's event loops, on which Lettuce delivers replies and
 * runs what the reactive repository chains on them. BlockHound is installed once per JVM
 * on first use. Calls are recorded rather than thrown, so that a blocking call deep in a
 * chain cannot be swallowed as an error of that chain, and so that tests of the Servlet
 * side that share the JVM are left as they are.
 * <p>
 * One wait is allowed: Spring Data Redis's {@code ReactiveRedisTemplate} takes its
 * connection factory's lock to hand out the shared Lettuce connection for every command,
 * whichever thread sends it, so two commands sent at once from event loops can meet on
 * it. The lock guards the read of a connection that already exists; it is Spring Data
 * Redis's, taken the same way by Spring Session's own reactive repository.
 */
final class BlockingCalls {

	private static final List<String> detected = new CopyOnWriteArrayList<>();

	static {
		BlockHound.install((builder) -> builder
			.allowBlockingCallsInside(
					"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
					"getConnection")
			.blockingMethodCallback((method) -> detected
				.add(method + " on thread " + Thread.currentThread().getName() + " in " + callers())));
	}

	private BlockingCalls() {
	}

	/**
	 * Return the frames of Spring and session-store code that led to a blocking call.
	 */
	private static String callers() {
		return StackWalker.getInstance()
			.walk((frames) -> frames
				.filter((frame) -> frame.getClassName().startsWith("org.springframework")
						|| frame.getClassName().startsWith("io.sessionstore"))
				.filter((frame) -> !frame.getClassName().equals(BlockingCalls.class.getName()))
				.limit(6)
				.map((frame) -> frame.getClassName() + "." + frame.getMethodName())
				.toList())
			.toString();
	}

	/**
	 * Start watching, forgetting what was recorded before.
	 */
	static void watch() {
		detected.clear();
	}

	/**
	 * Return the blocking calls recorded since {@link #watch()}.
	 * @return each call, as the blocking method and the thread that made it
	 */
	static List<String> detected() {
		return List.copyOf(detected);
	}

}
