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
 */
final class BlockingCalls {

	private static final List<String> detected = new CopyOnWriteArrayList<>();

	static {
		BlockHound.install((builder) -> builder.blockingMethodCallback((method) -> detected
			.add(method + " on thread " + Thread.currentThread().getName())));
	}

	private BlockingCalls() {
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
