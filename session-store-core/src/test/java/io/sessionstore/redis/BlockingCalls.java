package io.sessionstore.redis;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;

/**
 * Records every blocking call that session-store or Spring code makes on a thread that
 * must not block: Reactor's non-blocking schedulers and Netty's event loops, on which
 * Lettuce delivers replies and runs what the reactive repository chains on them.
 * BlockHound is installed once per JVM on first use. Calls are recorded rather than
 * thrown, so that a blocking call deep in a chain cannot be swallowed as an error of that
 * chain, and so that tests of the Servlet side that share the JVM are left as they are.
 * <p>
 * Two short waits that belong to the Redis client stack are allowed, because a reactive
 * application using Spring Data Redis meets them whatever it does:
 * <ul>
 * <li>Spring Data Redis's {@code ReactiveRedisTemplate} takes its connection factory's
 * lock to hand out the shared Lettuce connection for every command, whichever thread
 * sends it; it guards the read of a connection that already exists, and Spring Session's
 * own reactive repository takes it the same way.</li>
 * <li>Lettuce's endpoint takes its writers' lock to enqueue every command, so two
 * commands written at once to one connection, from two event loops, can meet on it.</li>
 * </ul>
 * A blocking call with no session-store or Spring frame on its stack is Lettuce's, Netty's
 * or Reactor's own work (a Cluster redirect, a reconnect, a topology refresh), which no
 * code of ours led to; it is printed with its stack, for diagnosis, and not recorded.
 */
final class BlockingCalls {

	private static final List<String> detected = new CopyOnWriteArrayList<>();

	static {
		BlockHound.install((builder) -> builder
			.allowBlockingCallsInside(
					"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
					"getConnection")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.blockingMethodCallback(BlockingCalls::blockingCallMade));
	}

	private BlockingCalls() {
	}

	private static void blockingCallMade(BlockingMethod method) {
		String call = method + " on thread " + Thread.currentThread().getName();
		List<String> callers = frames(BlockingCalls::isOurs, 6);
		if (callers.isEmpty()) {
			System.err.println("Blocking call outside session-store and Spring code, not recorded: " + call + " in "
					+ frames((frame) -> true, 30));
			return;
		}
		detected.add(call + " in " + callers);
	}

	private static boolean isOurs(StackFrame frame) {
		String className = frame.getClassName();
		return className.startsWith("org.springframework") || className.startsWith("io.sessionstore");
	}

	private static List<String> frames(Predicate<StackFrame> filter, int limit) {
		return StackWalker.getInstance()
			.walk((frames) -> frames.filter(filter)
				.filter((frame) -> !frame.getClassName().equals(BlockingCalls.class.getName()))
				.limit(limit)
				.map((frame) -> frame.getClassName() + "." + frame.getMethodName())
				.toList());
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
