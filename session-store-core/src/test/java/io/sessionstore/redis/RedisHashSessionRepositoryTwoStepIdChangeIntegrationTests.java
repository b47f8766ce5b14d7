package io.sessionstore.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository contract without multi-key scripts, as on a Redis Cluster or behind a
 * sharding proxy: an ID change takes the old session out and then writes the new one, the
 * principal index is kept by separate commands, and no script touches a key it does not
 * declare.
 */
@WithRedis
class RedisHashSessionRepositoryTwoStepIdChangeIntegrationTests extends RedisHashSessionRepositoryContract {

	private static final Map<String, Integer> KEYS_OF_COMMAND = Map.of("TIME", 0, "RENAME", 2);

	private final RedisServer server;

	RedisHashSessionRepositoryTwoStepIdChangeIntegrationTests(RedisServer server) {
		super(server);
		this.server = server;
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
		repository.setMultiKeyScripts(false);
	}

	@Test
	void everyKeyAScriptTouchesIsOneItDeclares() throws Exception {
		try (TestRedisConnections connections = new TestRedisConnections(this.server);
				RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			RedisHashSessionRepository repository = new RedisHashSessionRepository(connections.connectionFactory());
			repository.setNamespace("proxy-" + UUID.randomUUID().toString().substring(0, 8));
			configure(repository);

			List<MonitoredCommand> commands = monitor.record(() -> wholeLifecycle(repository));

			List<List<MonitoredCommand>> scripts = scriptRuns(commands);
			assertThat(scripts).hasSizeGreaterThan(5);
			for (List<MonitoredCommand> run : scripts) {
				MonitoredCommand script = run.get(0);
				int keyCount = Integer.parseInt(script.args().get(1));
				Set<String> declared = new HashSet<>(script.args().subList(2, 2 + keyCount));
				for (MonitoredCommand inner : run.subList(1, run.size())) {
					int touched = KEYS_OF_COMMAND.getOrDefault(inner.name(), 1);
					assertThat(declared).as("%s inside a script declaring %s", inner, declared)
						.containsAll(inner.args().subList(0, touched));
				}
			}
		}
	}

	@Test
	void principalLookupOpensNoConnectionOfItsOwn() {
		try (TestRedisConnections connections = new TestRedisConnections(this.server)) {
			RedisHashSessionRepository repository = new RedisHashSessionRepository(connections.connectionFactory());
			repository.setNamespace("proxy-" + UUID.randomUUID().toString().substring(0, 8));
			configure(repository);
			for (int i = 0; i < 3; i++) {
				RedisHashSession session = repository.createSession();
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
				repository.save(session);
			}
			assertThat(repository.findByPrincipalName("andrew")).hasSize(3);

			long before = connectionsReceived();
			for (int i = 0; i < 20; i++) {
				assertThat(repository.findByPrincipalName("andrew")).hasSize(3);
			}

			assertThat(connectionsReceived() - before)
				.as("connections accepted during 20 lookups, besides the one that asks")
				.isOne();
		}
	}

	private long connectionsReceived() {
		return this.server.command("INFO", "stats")
			.lines()
			.filter((line) -> line.startsWith("total_connections_received:"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
			.sum();
	}

	private static void wholeLifecycle(RedisHashSessionRepository repository) {
		RedisHashSession session = repository.createSession();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
		repository.save(session);
		RedisHashSession found;
		try (RedisHashSessionRepository.RequestScope scope = repository.openRequestScope(List.of(session.getId()))) {
			found = repository.findById(session.getId());
		}
		found.setAttribute("colour", "blue");
		found.incrementAttribute("page_views", 1);
		repository.save(found);
		found.changeSessionId();
		repository.save(found);
		repository.findByPrincipalName("andrew");
		repository.sweepPrincipalIndexes();
		repository.deleteById(found.getId());
	}

	/**
	 * Group each script command with the commands it ran. MONITOR shows a script's own
	 * commands after the script on older servers and before it on newer ones.
	 */
	private static List<List<MonitoredCommand>> scriptRuns(List<MonitoredCommand> commands) {
		boolean innerFirst = !commands.isEmpty() && commands.stream()
			.filter((command) -> command.name().startsWith("EVAL") || command.fromScript())
			.findFirst()
			.map(MonitoredCommand::fromScript)
			.orElse(false);
		List<List<MonitoredCommand>> runs = new ArrayList<>();
		List<MonitoredCommand> pending = new ArrayList<>();
		for (MonitoredCommand command : commands) {
			if (command.fromScript()) {
				if (innerFirst) {
					pending.add(command);
				}
				else if (!runs.isEmpty()) {
					runs.get(runs.size() - 1).add(command);
				}
			}
			else if (command.name().startsWith("EVAL")) {
				List<MonitoredCommand> run = new ArrayList<>();
				run.add(command);
				run.addAll(pending);
				pending.clear();
				runs.add(run);
			}
			else {
				pending.clear();
			}
		}
		return runs;
	}

}
