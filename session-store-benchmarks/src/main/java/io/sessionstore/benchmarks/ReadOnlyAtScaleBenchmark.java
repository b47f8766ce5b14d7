package io.sessionstore.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The read-only request with few and with many other sessions in Redis: its cost must
 * not grow with the number of sessions.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadOnlyAtScaleBenchmark {

	/**
	 * A request on an existing session that only reads it.
	 * @param session the store and its session among many
	 * @return the ID, so that the work is not eliminated
	 */
	@Benchmark
	public String readOnly(SessionAmongMany session) {
		String id = session.requests.send(session.id, Scenario.READ_ONLY);
		if (id == null) {
			throw new IllegalStateException("The session ended");
		}
		return id;
	}

	/**
	 * A store, one session, and copies of it under other IDs.
	 */
	@State(Scope.Thread)
	public static class SessionAmongMany {

		/** The store measured. */
		@Param({ "SESSION_STORE", "SPRING_REDIS_JDK" })
		public Store store;

		/** How many sessions Redis holds in all. */
		@Param({ "1000", "1000000" })
		public int sessionsInRedis;

		HarnessRedis redis;

		SessionRequests requests;

		String id;

		/** Connect, empty Redis, sign a user in and copy the session. */
		@Setup(Level.Trial)
		public void fill() {
			this.redis = HarnessRedis.connect();
			this.redis.flushAll();
			this.requests = SessionRequests.open(this.store, this.redis.connectionFactory());
			this.id = this.requests.create("alice");
			this.redis.copySession(this.store.sessionKey(this.id), this.store.sessionKey("filler-"),
					this.sessionsInRedis - 1);
		}

		/** Close the store, empty Redis and disconnect. */
		@TearDown(Level.Trial)
		public void close() {
			this.requests.close();
			this.redis.flushAll();
			this.redis.close();
		}

	}

}
