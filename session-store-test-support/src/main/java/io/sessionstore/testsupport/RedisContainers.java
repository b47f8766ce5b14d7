package io.sessionstore.testsupport;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Starts Redis in a container, only where a Docker engine answers.
 */
final class RedisContainers {

	private RedisContainers() {
	}

	@SuppressWarnings("resource")
	static @Nullable RedisServer startIfDockerAvailable() {
		if (!dockerAvailable()) {
			return null;
		}
		GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379);
		container.start();
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "redis-test-container-shutdown"));
		return RedisServer.external(container.getHost(), container.getMappedPort(6379));
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
