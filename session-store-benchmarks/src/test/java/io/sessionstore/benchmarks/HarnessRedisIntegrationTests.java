package io.sessionstore.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import io.sessionstore.benchmarks.HarnessRedis.KeyMemory;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HarnessRedis} against a Redis server of their own.
 */
class HarnessRedisIntegrationTests {

	private static final byte[] LONG_VALUE = "x".repeat(100).getBytes(StandardCharsets.UTF_8);

	@Test
	void memoryUsageOfAHashIsTheSameWhetherOrNotRedisHasFinishedMovingItToALargerTable() {
		try (RedisServer server = RedisServers.startDedicated(); HarnessRedis redis = HarnessRedis.connect(server.port())) {
			try (RedisConnection connection = redis.connectionFactory().getConnection()) {
				growOneFieldAtATime(connection, "hash:a");
				growOneFieldAtATime(connection, "hash:b");
				for (int lookup = 0; lookup < 16; lookup++) {
					connection.hashCommands().hExists(bytes("hash:b"), bytes("absent"));
				}
			}

			Map<String, Long> bytesByKey = redis.memoryUsage()
				.stream()
				.collect(Collectors.toMap(KeyMemory::key, KeyMemory::bytes));

			assertThat(bytesByKey).containsOnlyKeys("hash:a", "hash:b");
			assertThat(bytesByKey.get("hash:a")).isEqualTo(bytesByKey.get("hash:b"));
		}
	}

	/**
	 * Write five fields with long values, one command each: the fifth outgrows the
	 * hash's first table, and Redis moves its entries to the next one lookup by lookup.
	 */
	private static void growOneFieldAtATime(RedisConnection connection, String key) {
		for (int field = 1; field <= 5; field++) {
			connection.hashCommands().hSet(bytes(key), bytes("field-" + field), LONG_VALUE);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
