package io.sessionstore.sample;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Asks a Redis server on this machine which version it runs.
 */
final class RedisVersions {

	private RedisVersions() {
	}

	/**
	 * Return the {@code redis_version} that the server on the given port reports.
	 * @param port the server's port on 127.0.0.1
	 * @return the version, or an empty string if the server does not report one
	 */
	static String of(int port) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync()
				.info("server")
				.lines()
				.filter((line) -> line.startsWith("redis_version:"))
				.map((line) -> line.substring("redis_version:".length()).strip())
				.findFirst()
				.orElse("");
		}
		finally {
			client.shutdown();
		}
	}

}
