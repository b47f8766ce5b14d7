package io.sessionstore.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sessionstore.testsupport.RedisServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour of {@link RedisHashSessionRepository} on a real Redis server: the shared
 * contract, and what only the Servlet repository does (events, the flush mode, the
 * sweep of the principal index), run against every server and mode by its subclasses.
 */
abstract class RedisHashSessionRepositoryContract extends SessionRepositoryContract {

	private final List<Object> events = new ArrayList<>();

	private RedisHashSessionRepository servletRepository;

	RedisHashSessionRepositoryContract(RedisServer server) {
		super(server);
	}

	abstract void configure(RedisHashSessionRepository repository);

	@Override
	TestedRepository newRepository(TestRedisConnections connections, String namespace) {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(connections.connectionFactory());
		repository.setNamespace(namespace);
		repository.setApplicationEventPublisher(this.events::add);
		configure(repository);
		this.servletRepository = repository;
		return new Servlet(repository);
	}

	@Test
	void sweepRemovesIndexEntriesWhoseSessionsAreGone() {
		RedisHashSession kept = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		RedisHashSession gone = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob"));
		this.cli.del(key(gone.getId()));

		assertThat(this.servletRepository.sweepPrincipalIndexes()).isEqualTo(1);
		assertThat(this.cli.keys(this.namespace + ":index:*")).hasSize(1);
		assertThat(this.servletRepository.findByPrincipalName("andrew")).containsOnlyKeys(kept.getId());
	}

	@Test
	void createdAndDeletedEventsArePublished() {
		RedisHashSession session = saved(Map.of("a", "1"));
		this.servletRepository.deleteById(session.getId());

		assertThat(this.events).hasSize(2);
		assertThat(this.events.get(0)).isInstanceOf(SessionCreatedEvent.class);
		assertThat(((SessionCreatedEvent) this.events.get(0)).getSessionId()).isEqualTo(session.getId());
		assertThat(this.events.get(1)).isInstanceOf(SessionDeletedEvent.class);
		assertThat(((SessionDeletedEvent) this.events.get(1)).<RedisHashSession>getSession()
			.<String>getAttribute("a")).isEqualTo("1");
	}

	@Test
	void immediateFlushModeWritesEachChangeAtOnce() {
		this.servletRepository.setFlushMode(FlushMode.IMMEDIATE);
		RedisHashSession session = this.servletRepository.createSession();
		assertThat(this.cli.exists(key(session.getId()))).isOne();

		session.setAttribute("a", "1");

		assertThat(this.cli.hget(key(session.getId()), "a")).isEqualTo("1");
	}

	@Test
	void expiringASessionThroughSpringSecuritysRegistryDoesNotExtendIt() {
		RedisHashSession session = saved(Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew"));
		this.cli.expire(key(session.getId()), 500);
		SpringSessionBackedSessionRegistry<RedisHashSession> registry = new SpringSessionBackedSessionRegistry<>(
				this.servletRepository);

		registry.getSessionInformation(session.getId()).expireNow();

		assertThat(registry.getSessionInformation(session.getId()).isExpired()).isTrue();
		assertThat(this.cli.ttl(key(session.getId()))).isBetween(490L, 500L);
	}

	/**
	 * The Servlet repository as the contract drives it. The request's own session is
	 * loaded inside a request scope, as {@link SessionLookupCacheFilter} opens one.
	 */
	private record Servlet(RedisHashSessionRepository repository) implements TestedRepository {

		@Override
		public RedisHashSession createSession() {
			return this.repository.createSession();
		}

		@Override
		public void save(RedisHashSession session) {
			this.repository.save(session);
		}

		@Override
		public @Nullable RedisHashSession findById(String id) {
			return this.repository.findById(id);
		}

		@Override
		public @Nullable RedisHashSession findOwnSession(String id) {
			try (RedisHashSessionRepository.RequestScope scope = this.repository.openRequestScope(List.of(id))) {
				return this.repository.findById(id);
			}
		}

		@Override
		public void deleteById(String id) {
			this.repository.deleteById(id);
		}

		@Override
		public Map<String, RedisHashSession> findByPrincipalName(String principalName) {
			return this.repository.findByPrincipalName(principalName);
		}

		@Override
		public @Nullable Long incrementAttribute(String sessionId, String attributeName, long delta) {
			return this.repository.incrementAttribute(sessionId, attributeName, delta);
		}

		@Override
		public long incrementAttribute(RedisHashSession session, String attributeName, long delta) {
			return session.incrementAttribute(attributeName, delta);
		}

		@Override
		public RedisHashSessionRepositorySupport settings() {
			return this.repository;
		}

	}

}
