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
 * {@code findByPrincipalName} for the stores that index sessions by principal, with one
 * and with many sessions per user.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrincipalLookupBenchmark {

	private static final String USER = "many-devices";

	/**
	 * Find all sessions of the user.
	 * @param sessions the store and the user's sessions
	 * @return how many were found
	 */
	@Benchmark
	public int findByPrincipalName(UserSessions sessions) {
		int found = sessions.requests.findByPrincipalName(USER);
		if (found != sessions.sessionsPerUser) {
			throw new IllegalStateException("Found " + found + " of " + sessions.sessionsPerUser + " sessions");
		}
		return found;
	}

	/**
	 * A store and a user signed in from several devices.
	 */
	@State(Scope.Thread)
	public static class UserSessions {

		/** The store measured. */
		@Param({ "SESSION_STORE", "SPRING_INDEXED_JDK", "SPRING_INDEXED_JSON" })
		public Store store;

		/** How many sessions the user has. */
		@Param({ "1", "1000" })
		public int sessionsPerUser;

		HarnessRedis redis;

		SessionRequests requests;

		/** Connect, empty Redis and sign the user in from each device. */
		@Setup(Level.Trial)
		public void signIn() {
			this.redis = HarnessRedis.connect();
			this.redis.flushAll();
			this.requests = SessionRequests.open(this.store, this.redis.connectionFactory());
			for (int i = 0; i < this.sessionsPerUser; i++) {
				this.requests.create(USER);
			}
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
