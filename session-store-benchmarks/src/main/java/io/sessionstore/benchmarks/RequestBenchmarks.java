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
 * One request's session work through the store's filters, per store: requests per second
 * on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestBenchmarks {

	/**
	 * A request on an existing session that only reads it.
	 * @param session the store and its session
	 * @return the ID, so that the work is not eliminated
	 */
	@Benchmark
	public String readOnly(StoredSession session) {
		return session.send(Scenario.READ_ONLY);
	}

	/**
	 * A request that sets one attribute of an existing session.
	 * @param session the store and its session
	 * @return the ID, so that the work is not eliminated
	 */
	@Benchmark
	public String setOneAttribute(StoredSession session) {
		return session.send(Scenario.SET_ONE_ATTRIBUTE);
	}

	/**
	 * A sign-in request that creates a session with the standard content.
	 * @param session the store
	 * @return the new session's ID
	 */
	@Benchmark
	public String create(StoredSession session) {
		return session.requests.create("user-" + session.created++);
	}

	/**
	 * A request that changes the session's ID; the next request carries the new one.
	 * @param session the store and its session
	 * @return the new ID
	 */
	@Benchmark
	public String changeSessionId(StoredSession session) {
		return session.send(Scenario.CHANGE_SESSION_ID);
	}

	/**
	 * A sign-out request that invalidates a session created before it.
	 * @param session the store and a session created for this invocation only
	 * @return {@code null} once the session is gone
	 */
	@Benchmark
	public String invalidate(SessionToInvalidate session) {
		return session.requests.send(session.id, Scenario.INVALIDATE);
	}

	/**
	 * A store and an empty Redis.
	 */
	@State(Scope.Thread)
	public abstract static class StoreState {

		/** The store measured. */
		@Param
		public Store store;

		HarnessRedis redis;

		SessionRequests requests;

		String id;

		/** Connect, empty Redis and build the store. */
		@Setup(Level.Trial)
		public void open() {
			this.redis = HarnessRedis.connect();
			this.redis.flushAll();
			this.requests = SessionRequests.open(this.store, this.redis.connectionFactory());
		}

		/** Close the store, empty Redis and disconnect. */
		@TearDown(Level.Trial)
		public void close() {
			this.requests.close();
			this.redis.flushAll();
			this.redis.close();
		}

	}

	/**
	 * A store with one session of the standard content in it.
	 */
	public static class StoredSession extends StoreState {

		long created;

		/** Sign a user in. */
		@Setup(Level.Trial)
		public void signIn() {
			this.id = this.requests.create("alice");
		}

		/**
		 * Start each iteration from an empty store and a new session, so that the
		 * sessions created by the iterations before, millions for the in-memory store,
		 * weigh on none.
		 */
		@TearDown(Level.Iteration)
		public void startAfresh() {
			this.requests.close();
			this.redis.flushAll();
			this.requests = SessionRequests.open(this.store, this.redis.connectionFactory());
			signIn();
		}

		String send(Scenario scenario) {
			String next = this.requests.send(this.id, scenario);
			if (next == null) {
				throw new IllegalStateException(scenario + " ended the session on " + this.store);
			}
			this.id = next;
			return next;
		}

	}

	/**
	 * A store and a session created, outside the measurement, before each invocation.
	 */
	public static class SessionToInvalidate extends StoreState {

		/** Sign a user in. */
		@Setup(Level.Invocation)
		public void signIn() {
			this.id = this.requests.create("leaving-user");
		}

	}

}
