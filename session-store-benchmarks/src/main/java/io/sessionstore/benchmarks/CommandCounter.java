package io.sessionstore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * Counts, with {@code MONITOR}, the commands each store sends to Redis for each request:
 * commands that clients send, not those that run inside a script.
 */
final class CommandCounter {

	static final String PRINCIPAL_LOOKUP = "findByPrincipalName";

	/** A read-only request on a session that the same application instance has just read. */
	static final String READ_ONLY_AGAIN = "READ_ONLY_AGAIN";

	private static final int REPEATS = 3;

	private final RedisServer server;

	private final HarnessRedis redis;

	CommandCounter(RedisServer server, HarnessRedis redis) {
		this.server = server;
		this.redis = redis;
	}

	List<CommandCount> countAll() throws Exception {
		List<CommandCount> counts = new ArrayList<>();
		try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			for (Store store : Store.values()) {
				if (store.usesRedis()) {
					counts.addAll(count(monitor, store));
				}
			}
		}
		return counts;
	}

	private List<CommandCount> count(RedisMonitor monitor, Store store) throws Exception {
		this.redis.flushAll();
		try (SessionRequests requests = SessionRequests.open(store, this.redis.connectionFactory())) {
			List<CommandCount> counts = new ArrayList<>();
			for (Scenario scenario : Scenario.values()) {
				if (scenario == Scenario.CREATE) {
					counts.add(count(monitor, store, scenario.name(), () -> null, (ignored) -> requests.create("bob")));
				}
				else {
					counts.add(count(monitor, store, scenario.name(), () -> requests.create("alice"),
							(id) -> requests.send(id, scenario)));
				}
				if (scenario == Scenario.READ_ONLY) {
					counts.add(count(monitor, store, READ_ONLY_AGAIN, () -> readOnce(requests, requests.create("carol")),
							(id) -> requests.send(id, Scenario.READ_ONLY)));
				}
			}
			if (store.findsByPrincipal()) {
				counts.add(count(monitor, store, PRINCIPAL_LOOKUP, () -> requests.create("dave"),
						(ignored) -> requests.findByPrincipalName("dave")));
			}
			return counts;
		}
	}

	private static String readOnce(SessionRequests requests, String id) {
		String sent = requests.send(id, Scenario.READ_ONLY);
		if (sent == null) {
			throw new IllegalStateException("The session ended on " + requests.store());
		}
		return sent;
	}

	/**
	 * Prepare a session, then count the commands of one request, a few times over; the
	 * first request is not counted, so that connection set-up is left out.
	 */
	private CommandCount count(RedisMonitor monitor, Store store, String operation,
			Supplier<@Nullable String> prepare, Function<@Nullable String, ?> request) throws Exception {
		request.apply(prepare.get());
		List<List<String>> runs = new ArrayList<>();
		for (int i = 0; i < REPEATS; i++) {
			String id = prepare.get();
			List<MonitoredCommand> sent = RedisMonitor.clientCommands(monitor.record(() -> request.apply(id)));
			runs.add(sent.stream().map(MonitoredCommand::name).toList());
		}
		int min = runs.stream().mapToInt(List::size).min().orElseThrow();
		int max = runs.stream().mapToInt(List::size).max().orElseThrow();
		return new CommandCount(store, operation, min, max, runs.get(0));
	}

	/**
	 * The commands one request sent.
	 *
	 * @param store the store
	 * @param operation the {@link Scenario} name, {@value #READ_ONLY_AGAIN} or
	 * {@value #PRINCIPAL_LOOKUP}
	 * @param min the fewest commands seen in one request
	 * @param max the most commands seen in one request
	 * @param names the commands of the first request recorded, in order
	 */
	record CommandCount(Store store, String operation, int min, int max, List<String> names) {

		String formatCount() {
			return (this.min == this.max) ? Integer.toString(this.min) : this.min + "–" + this.max;
		}

	}

}
