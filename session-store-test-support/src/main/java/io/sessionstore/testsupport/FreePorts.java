package io.sessionstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free TCP ports on the loopback interface.
 */
final class FreePorts {

	private static final int CLUSTER_BUS_OFFSET = 10000;

	private static final int LOWEST_CLUSTER_PORT = 10000;

	private static final int CLUSTER_PORT_RANGE = 10000;

	private FreePorts() {
	}

	static int find() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Find a free port whose cluster bus port, 10000 higher, is free too. Both lie below
	 * the ephemeral range of Linux and macOS, so outgoing connections do not take them.
	 * @param taken ports already handed out
	 * @return the port
	 */
	static int findWithClusterBus(Set<Integer> taken) {
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = LOWEST_CLUSTER_PORT + ThreadLocalRandom.current().nextInt(CLUSTER_PORT_RANGE);
			if (!taken.contains(port) && isFree(port) && isFree(port + CLUSTER_BUS_OFFSET)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port with a free cluster bus port was found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
