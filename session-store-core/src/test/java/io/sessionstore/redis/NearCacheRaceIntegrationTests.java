package io.sessionstore.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of one node's near cache racing with writes from elsewhere: once the node has
 * received the invalidation of a write, no read on it returns what the write replaced,
 * even when the invalidation arrived while a read that fills the cache was in flight.
 */
@WithRedis
class NearCacheRaceIntegrationTests {

	private static final int WRITES = 400;

	private static final int READERS = 4;

	private final RedisServer server;

	NearCacheRaceIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@Test
	void noReadReturnsAValueWhoseInvalidationHasArrived() throws Exception {
		String namespace = "race-" + UUID.randomUUID().toString().substring(0, 8);
		try (NearCacheNode writer = new NearCacheNode(this.server, namespace, NearCacheOptions.defaults());
				NearCacheNode reader = new NearCacheNode(this.server, namespace, NearCacheOptions.defaults());
				TestRedisConnections plain = new TestRedisConnections(this.server)) {
			RedisClusterCommands<String, String> cli = plain.cli();
			RedisHashSession session = writer.repository().createSession();
			session.setAttribute("version", "0");
			writer.repository().save(session);
			String id = session.getId();
			String key = namespace + ":" + id;
			AtomicLong applied = new AtomicLong();
			AtomicBoolean done = new AtomicBoolean();
			Queue<String> staleReads = new ConcurrentLinkedQueue<>();
			ExecutorService executor = Executors.newFixedThreadPool(READERS);
			try {
				List<Future<Long>> readers = new ArrayList<>();
				for (int i = 0; i < READERS; i++) {
					readers.add(executor.submit(() -> {
						long reads = 0;
						while (!done.get()) {
							long floor = applied.get();
							long seen = Long.parseLong(reader.ownSession(id).<String>getAttribute("version"));
							if (seen < floor) {
								staleReads.add("read " + seen + " after the invalidation of " + floor + " had arrived");
							}
							reads++;
						}
						return reads;
					}));
				}
				for (int version = 1; version <= WRITES; version++) {
					if (version % 2 == 0) {
						cli.hset(key, "version", Long.toString(version));
					}
					else {
						RedisHashSession onWriter = writer.repository().findById(id);
						onWriter.setAttribute("version", Long.toString(version));
						writer.repository().save(onWriter);
					}
					reader.awaitInvalidations();
					applied.set(version);
				}
				done.set(true);
				long reads = 0;
				for (Future<Long> one : readers) {
					reads += one.get(30, java.util.concurrent.TimeUnit.SECONDS);
				}
				assertThat(reads).isGreaterThan(WRITES);
			}
			finally {
				done.set(true);
				executor.shutdownNow();
			}
			assertThat(staleReads).isEmpty();
			assertThat(reader.repository().getNearCacheHitCount()).isPositive();
			assertThat(reader.repository().getNearCacheInvalidationCount()).isPositive();
			assertThat(reader.ownSession(id).<String>getAttribute("version")).isEqualTo(Long.toString(WRITES));
			assertThat(cli.hget(key, "version")).isEqualTo(Long.toString(WRITES));
		}
	}

}
