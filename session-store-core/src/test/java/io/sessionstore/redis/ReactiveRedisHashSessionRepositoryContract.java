package io.sessionstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.security.core.session.ReactiveSessionInformation;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.security.SpringSessionBackedReactiveSessionRegistry;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.WebSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of {@link ReactiveRedisHashSessionRepository} on a real Redis server: the
 * shared contract, and what only the reactive repository promises, run against every
 * server by its subclasses. No test may make a blocking call on a thread that must not
 * block: each fails if one was made while it ran.
 */
abstract class ReactiveRedisHashSessionRepositoryContract extends SessionRepositoryContract {

	private ReactiveRedisHashSessionRepository reactiveRepository;

	ReactiveRedisHashSessionRepositoryContract(RedisServer server) {
		super(server);
	}

	ReactiveRedisHashSessionRepositoryContract(RedisServer server,
			Function<RedisServer, TestRedisConnections> connector) {
		super(server, connector);
	}

	void configure(ReactiveRedisHashSessionRepository repository) {
	}

	@Override
	TestedRepository newRepository(TestRedisConnections connections, String namespace) {
		ReactiveRedisHashSessionRepository repository = new ReactiveRedisHashSessionRepository(
				(ReactiveRedisConnectionFactory) connections.connectionFactory());
		repository.setNamespace(namespace);
		configure(repository);
		this.reactiveRepository = repository;
		return new Reactive(repository);
	}

	@BeforeEach
	void watchForBlockingCalls() {
		BlockingCalls.watch();
	}

	@AfterEach
	void noBlockingCallWasMade() {
		assertThat(BlockingCalls.detected()).as("blocking calls on non-blocking threads").isEmpty();
	}

	@Test
	void webFluxRequestThatOnlyReadsItsSessionCostsOneCommand() throws Exception {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		SpringSessionWebSessionStore<RedisHashSession> store = new SpringSessionWebSessionStore<>(
				this.reactiveRepository);
		store.retrieveSession(session.getId()).contextWrite(requesting(session.getId())).block();

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = RedisMonitor.clientCommands(monitor.record(() -> {
				WebSession webSession = store.retrieveSession(session.getId())
					.contextWrite(requesting(session.getId()))
					.block();
				assertThat(webSession.<String>getAttribute("username")).isEqualTo("andrew");
				webSession.save().block();
			}));
			assertThat(commands).extracting((command) -> command.name()).containsExactly("EVALSHA");
		}
	}

	@Test
	void webFluxRequestWithoutItsSessionIdsInTheContextSlidesTheExpiryWhenSaving() throws Exception {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		this.cli.expire(key(session.getId()), 500);
		SpringSessionWebSessionStore<RedisHashSession> store = new SpringSessionWebSessionStore<>(
				this.reactiveRepository);
		store.retrieveSession(session.getId()).block();

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = RedisMonitor.clientCommands(monitor.record(() -> {
				WebSession webSession = store.retrieveSession(session.getId()).block();
				webSession.save().block();
			}));
			assertThat(commands).filteredOn((command) -> !command.name().equals("HELLO"))
				.extracting((command) -> command.name())
				.containsExactly("HGETALL", "EVALSHA");
		}
		assertThat(this.cli.ttl(key(session.getId()))).isGreaterThan(1700L);
	}

	@Test
	void ownSessionIsLoadedAndTouchedInOneCommand() throws Exception {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		this.repository.findOwnSession(session.getId());
		this.cli.expire(key(session.getId()), 500);
		String lastAccessedAt = this.cli.hget(key(session.getId()), "last_accessed_at");
		await().atMost(Duration.ofSeconds(2))
			.until(() -> Instant.now().isAfter(Instant.parse(lastAccessedAt).plusMillis(1)));

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = RedisMonitor.clientCommands(
					monitor.record(() -> assertThat(this.repository.findOwnSession(session.getId())).isNotNull()));
			assertThat(commands).filteredOn((command) -> !command.name().equals("HELLO"))
				.extracting((command) -> command.name())
				.containsExactly("EVALSHA");
		}
		assertThat(this.cli.ttl(key(session.getId()))).isGreaterThan(1700L);
		assertThat(this.cli.hget(key(session.getId()), "last_accessed_at")).isNotEqualTo(lastAccessedAt);
	}

	@Test
	void findingAnotherSessionDuringARequestChangesNeitherItsTtlNorItsLastAccess() {
		RedisHashSession own = saved(Map.of("username", "andrew"));
		RedisHashSession other = saved(Map.of("username", "bob"));
		this.cli.expire(key(other.getId()), 500);
		String lastAccessedAt = this.cli.hget(key(other.getId()), "last_accessed_at");

		RedisHashSession found = this.reactiveRepository.findById(other.getId())
			.contextWrite(requesting(own.getId()))
			.block();

		assertThat(found.<String>getAttribute("username")).isEqualTo("bob");
		assertThat(this.cli.ttl(key(other.getId()))).isBetween(490L, 500L);
		assertThat(this.cli.hget(key(other.getId()), "last_accessed_at")).isEqualTo(lastAccessedAt);
	}

	@Test
	void springSecuritysReactiveRegistryDoesNotExtendTheSessionOfAnotherUser() {
		RedisHashSession own = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "admin"));
		RedisHashSession other = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		this.cli.expire(key(other.getId()), 500);
		String lastAccessedAt = this.cli.hget(key(other.getId()), "last_accessed_at");
		var registry = new SpringSessionBackedReactiveSessionRegistry<RedisHashSession>(this.reactiveRepository,
				this.reactiveRepository);

		ReactiveSessionInformation information = registry.getSessionInformation(other.getId())
			.contextWrite(requesting(own.getId()))
			.block();

		assertThat(information.getSessionId()).isEqualTo(other.getId());
		assertThat(registry.getSessionInformation(other.getId()).block()).isNotNull();
		assertThat(this.cli.ttl(key(other.getId()))).isBetween(490L, 500L);
		assertThat(this.cli.hget(key(other.getId()), "last_accessed_at")).isEqualTo(lastAccessedAt);
	}

	@Test
	void saveOfOneChangeIsOneCommand() throws Exception {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		RedisHashSession found = this.repository.findById(session.getId());
		found.setAttribute("colour", "blue");

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = RedisMonitor.clientCommands(monitor.record(() -> this.repository.save(found)));
			assertThat(commands).hasSize(1);
		}
		assertThat(this.cli.hget(key(session.getId()), "colour")).isEqualTo("blue");
	}

	/**
	 * Return the commands a save that changes a session's ID sends: one script on one
	 * server; without multi-key scripts, one to take the session out of its old key and
	 * one to write the new key.
	 */
	int commandsOfAnIdChange() {
		return 1;
	}

	@Test
	void saveOfAnIdChangeSendsTheCommandsOfItsTopology() throws Exception {
		RedisHashSession session = saved(Map.of("username", "andrew"));
		RedisHashSession found = this.repository.findById(session.getId());
		found.changeSessionId();
		SessionScripts scripts = new SessionScripts();
		for (RedisServer server : this.connections.servers()) {
			server.command("SCRIPT", "LOAD", scripts.take.getScriptAsString());
			server.command("SCRIPT", "LOAD", scripts.save.getScriptAsString());
		}

		try (RedisMonitor monitor = RedisMonitor.attach(this.connections.servers())) {
			var commands = RedisMonitor.clientCommands(monitor.record(() -> this.repository.save(found)));
			assertThat(commands).filteredOn((command) -> !command.name().equals("HELLO"))
				.extracting((command) -> command.name())
				.hasSize(commandsOfAnIdChange())
				.containsOnly("EVALSHA");
		}
		assertThat(this.cli.exists(key(session.getId()))).isZero();
		assertThat(this.cli.hget(key(found.getId()), "username")).isEqualTo("andrew");
	}

	@Test
	void springSecuritysReactiveRegistryFindsAndInvalidatesTheSessionsOfAUser() {
		RedisHashSession first = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession second = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		var registry = new SpringSessionBackedReactiveSessionRegistry<RedisHashSession>(this.reactiveRepository,
				this.reactiveRepository);

		List<ReactiveSessionInformation> sessions = registry.getAllSessions("andrew").collectList().block();

		assertThat(sessions).extracting(ReactiveSessionInformation::getSessionId)
			.containsExactlyInAnyOrder(first.getId(), second.getId());
		sessions.get(0).invalidate().block();
		assertThat(registry.getAllSessions("andrew").collectList().block()).hasSize(1);
		assertThat(this.cli.exists(key(sessions.get(0).getSessionId()))).isZero();
	}

	@Test
	void storedAttributeIsIncrementedThroughTheRepositoryNotTheSession() {
		RedisHashSession found = this.repository.findById(saved(Map.of("visits", 1L)).getId());

		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> found.incrementAttribute("visits", 1))
			.withMessageContaining("ReactiveRedisHashSessionRepository.incrementAttribute(session");
		assertThat(this.repository.incrementAttribute(found, "visits", 1)).isEqualTo(2L);
	}

	private static Function<Context, Context> requesting(String sessionId) {
		return RequestedSessionIdsWebFilter.requesting(List.of(sessionId));
	}

	/**
	 * The reactive repository as the contract drives it, waiting for each result on the
	 * test's thread, which may block. The request's own session is found with its ID in
	 * the Reactor context, as {@link RequestedSessionIdsWebFilter} puts it there.
	 */
	private record Reactive(ReactiveRedisHashSessionRepository repository) implements TestedRepository {

		@Override
		public RedisHashSession createSession() {
			return this.repository.createSession().block();
		}

		@Override
		public void save(RedisHashSession session) {
			this.repository.save(session).block();
		}

		@Override
		public @Nullable RedisHashSession findById(String id) {
			return this.repository.findById(id).block();
		}

		@Override
		public @Nullable RedisHashSession findOwnSession(String id) {
			return this.repository.findById(id).contextWrite(requesting(id)).block();
		}

		@Override
		public void deleteById(String id) {
			this.repository.deleteById(id).block();
		}

		@Override
		public Map<String, RedisHashSession> findByPrincipalName(String principalName) {
			return this.repository.findByPrincipalName(principalName).block();
		}

		@Override
		public @Nullable Long incrementAttribute(String sessionId, String attributeName, long delta) {
			return this.repository.incrementAttribute(sessionId, attributeName, delta).block();
		}

		@Override
		public long incrementAttribute(RedisHashSession session, String attributeName, long delta) {
			return this.repository.incrementAttribute(session, attributeName, delta).block();
		}

		@Override
		public RedisHashSessionRepositorySupport settings() {
			return this.repository;
		}

	}

}
