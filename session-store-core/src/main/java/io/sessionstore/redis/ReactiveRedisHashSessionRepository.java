package io.sessionstore.redis;

import java.time.Instant;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveSessionRepository} for WebFlux that keeps each session as one Redis
 * hash, {@code <namespace>:<id>}, exactly as {@link RedisHashSessionRepository} does:
 * the same fields, the same Lua scripts and the same guarantees, so that both can serve
 * the same sessions.
 * <ul>
 * <li>{@link #findById(String)} loads the exchange's own session and slides its expiry
 * in one script, when {@link RequestedSessionIdsWebFilter} names the exchange's session
 * IDs, and a save that has nothing to write sends nothing: a read-only request costs one
 * round trip. Any other session is read without extending it.</li>
 * <li>Every write is one script that applies only while the session exists, so a save
 * racing with logout or expiry never resurrects it; only changed fields are written.</li>
 * <li>{@link RedisHashSession#changeSessionId()} moves the session to its new ID at the
 * next save (Spring Security's session-fixation protection saves at once).</li>
 * <li>Sessions are indexed by principal name for
 * {@link #findByIndexNameAndIndexValue(String, String)}, as Spring Security's
 * {@code SpringSessionBackedReactiveSessionRegistry} needs; lookups do not touch the
 * sessions they read. The name comes from the principal name attribute, under either
 * repository interface's name for it, or else from the {@code SPRING_SECURITY_CONTEXT}
 * attribute.</li>
 * <li>When Redis cannot be reached or cannot serve, operations fail with
 * {@link SessionStoreUnavailableException}.</li>
 * </ul>
 * Nothing blocks: every operation is a chain of Redis commands on Spring Data Redis's
 * reactive API.
 * <p>
 * Unlike the Servlet repository, this one has no near cache (every lookup reads Redis)
 * and no flush mode: {@link FlushMode#IMMEDIATE} cannot be honoured where changing a
 * session cannot wait for Redis, so changes are written when WebFlux saves the session,
 * as with {@link FlushMode#ON_SAVE}. Stored attributes are incremented with
 * {@link #incrementAttribute(RedisHashSession, String, long)} rather than
 * {@link RedisHashSession#incrementAttribute(String, long)}. No session events are
 * published. The periodic sweep of the principal index is
 * {@link RedisHashSessionRepository#sweepPrincipalIndexes()}, which may run on the same
 * connection factory from a scheduler's thread.
 */
public class ReactiveRedisHashSessionRepository extends RedisHashSessionRepositorySupport implements
		ReactiveSessionRepository<RedisHashSession>, ReactiveFindByIndexNameSessionRepository<RedisHashSession> {

	private static final Log logger = LogFactory.getLog(ReactiveRedisHashSessionRepository.class);

	private final SessionOwner owner = new Owner();

	private final ReactiveSessionCommands commands;

	private final ReactiveSessionTopology topology;

	private final ReactiveClusterDetection clusterDetection;

	/**
	 * Create a repository on the given connection factory. Multi-key scripts are used
	 * unless the factory connects to a Redis Cluster; that is found out from the
	 * factory's connection when first needed, not here.
	 * @param connectionFactory the reactive connection factory
	 */
	public ReactiveRedisHashSessionRepository(ReactiveRedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		this.commands = new ReactiveSessionCommands(connectionFactory);
		this.topology = new ReactiveSessionTopology(this.commands);
		this.clusterDetection = new ReactiveClusterDetection(connectionFactory);
	}

	/**
	 * Set the namespace: sessions are stored at {@code <namespace>:<id>}.
	 * @param namespace the namespace, such as {@code session} or {@code session:app-a}
	 */
	public void setNamespace(String namespace) {
		this.commands.setNamespace(namespace);
	}

	/**
	 * Return the namespace under which sessions are stored.
	 * @return the namespace
	 */
	public String getNamespace() {
		return this.commands.namespace();
	}

	/**
	 * Create a session. Nothing is written until it is saved.
	 * @return the new session
	 */
	@Override
	public Mono<RedisHashSession> createSession() {
		return Mono.fromSupplier(() -> new RedisHashSession(this.owner, this.settings.generateId(), this.settings.now(),
				this.settings.defaultMaxInactiveInterval()));
	}

	/**
	 * Save the changes of a session: nothing when there are none, else one script (on a
	 * Redis Cluster, an ID change is two). A session that is gone from Redis is not
	 * written again.
	 * @param session the session
	 * @return completes when the session is saved; fails with
	 * {@link SessionSizeExceededException} when it would be too large
	 */
	@Override
	public Mono<Void> save(RedisHashSession session) {
		Assert.notNull(session, "session must not be null");
		return Mono.defer(() -> {
			if (!session.hasChanges()) {
				return Mono.empty();
			}
			SessionWrite write = this.settings.write(session);
			if (SessionSettings.isUnchanged(session, write)) {
				return Mono.empty();
			}
			this.settings.checkSize(session, write);
			SessionCommands.SaveRequest request = this.settings.saveRequest(session, write);
			return oneServer().flatMap((oneServer) -> this.topology.save(request, oneServer))
				.flatMap((result) -> saved(session, write, result));
		});
	}

	private Mono<Void> saved(RedisHashSession session, SessionWrite write, SessionCommands.SaveResult result) {
		if (result == SessionCommands.SaveResult.ID_TAKEN) {
			return Mono.error(new IllegalStateException("Session ID collision; the new ID is already in use"));
		}
		if (result == SessionCommands.SaveResult.GONE) {
			logger.debug("Session " + SessionIds.mask(session.getId()) + " is gone; its changes were not saved");
			return Mono.empty();
		}
		session.markSaved(write.principalName(), write.fieldSizes(), write.fieldsToDelete());
		return Mono.empty();
	}

	/**
	 * Find a session. The exchange's own session, one whose ID
	 * {@link RequestedSessionIdsWebFilter} names in the Reactor context, is loaded and its
	 * expiry slid in one script; a session stored without an absolute deadline while a
	 * maximum lifetime is set is given one first. Any other session, and every session
	 * found outside such a context, is read without touching it: its expiry slides only
	 * when it is saved with a new last access time, as WebFlux saves the session of an
	 * exchange. An ID of another form than the generator makes is absent without a Redis
	 * command.
	 * @param id the session ID
	 * @return the session, or empty if there is none
	 */
	@Override
	public Mono<RedisHashSession> findById(String id) {
		Assert.notNull(id, "id must not be null");
		return Mono.deferContextual((context) -> {
			if (!this.settings.isWellFormed(id)) {
				return Mono.empty();
			}
			return RequestedSessionIdsWebFilter.isRequested(context, id) ? loadAndTouch(id) : load(id);
		});
	}

	private Mono<RedisHashSession> loadAndTouch(String id) {
		Instant now = this.settings.now();
		return this.commands.loadAndTouch(id, now)
			.mapNotNull((hash) -> this.settings.toStoredSession(id, hash))
			.filterWhen(this::withinMaxLifetime)
			.map((stored) -> {
				RedisHashSession session = new RedisHashSession(this.owner, stored);
				session.markTouchedOnLoad(now);
				return session;
			});
	}

	private Mono<RedisHashSession> load(String id) {
		return this.commands.load(id)
			.mapNotNull((hash) -> this.settings.toStoredSession(id, hash))
			.filter((stored) -> !this.settings.isPastMaxLifetime(stored))
			.map((stored) -> new RedisHashSession(this.owner, stored));
	}

	private Mono<Boolean> withinMaxLifetime(StoredSession stored) {
		Long deadline = this.settings.missingDeadline(stored);
		return (deadline != null) ? this.commands.capLifetime(stored.id(), deadline) : Mono.just(true);
	}

	/**
	 * Delete a session and its principal index entry.
	 * @param id the session ID
	 * @return completes when the session is deleted
	 */
	@Override
	public Mono<Void> deleteById(String id) {
		Assert.notNull(id, "id must not be null");
		return Mono.defer(() -> {
			if (!this.settings.isWellFormed(id)) {
				return Mono.empty();
			}
			return oneServer().flatMap(
					(oneServer) -> this.topology.delete(id, this.settings.principalIndexEnabled(), oneServer))
				.then();
		});
	}

	/**
	 * Find the sessions of a principal, without touching them. Index entries whose session
	 * is gone are removed.
	 * @param indexName the index name; only the principal name is indexed, under the
	 * name {@link ReactiveFindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME}
	 * or {@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME}
	 * @param indexValue the principal name
	 * @return the sessions by ID, empty for any other index name
	 */
	@Override
	public Mono<Map<String, RedisHashSession>> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		if (!SessionSettings.isPrincipalIndex(indexName) || !this.settings.principalIndexEnabled()) {
			return Mono.just(Map.of());
		}
		return oneServer().flatMap((oneServer) -> this.topology.loadIndexed(indexValue, oneServer))
			.map((hashes) -> this.settings.indexedSessions(this.owner, indexValue, hashes))
			.flatMap((found) -> found.stale().isEmpty() ? Mono.just(found.sessions())
					: this.commands.removeFromIndex(indexValue, found.stale()).thenReturn(found.sessions()));
	}

	/**
	 * Atomically add to an integer attribute of a stored session, without loading it. An
	 * absent attribute starts at zero and is stored as a {@code Long}; an existing one
	 * keeps its type while the value fits it.
	 * @param sessionId the session ID
	 * @param attributeName the attribute name
	 * @param delta the amount to add
	 * @return the new value, or empty if there is no such session; fails with
	 * {@link IllegalArgumentException} if the attribute does not hold an integer
	 * @throws IllegalArgumentException if the attribute name is reserved
	 */
	public Mono<Long> incrementAttribute(String sessionId, String attributeName, long delta) {
		Assert.notNull(sessionId, "sessionId must not be null");
		Assert.isTrue(!SessionFields.isReserved(attributeName),
				() -> "'" + attributeName + "' is a reserved session field and cannot be used as an attribute name");
		return Mono.defer(() -> this.settings.isWellFormed(sessionId)
				? this.commands.increment(sessionId, attributeName, delta) : Mono.empty());
	}

	/**
	 * Atomically add to an integer attribute of a session, as
	 * {@link RedisHashSession#incrementAttribute(String, long)} does for the Servlet
	 * repository: concurrent increments are never lost, and a later save of the session
	 * never overwrites the result. On a new session, or an attribute set or removed and
	 * not saved yet, the increment applies to the pending value; a session whose ID
	 * changed is saved first.
	 * @param session the session
	 * @param attributeName the attribute name
	 * @param delta the amount to add, negative to subtract
	 * @return the new value; fails with {@link IllegalStateException} if the session no
	 * longer exists, {@link IllegalArgumentException} if the attribute does not hold an
	 * integer
	 */
	public Mono<Long> incrementAttribute(RedisHashSession session, String attributeName, long delta) {
		Assert.notNull(session, "session must not be null");
		return Mono.defer(() -> {
			if (session.incrementsLocally(attributeName)) {
				return Mono.just(session.incrementPendingValue(attributeName, delta));
			}
			Mono<Void> saved = session.getId().equals(session.getStoredId()) ? Mono.empty() : save(session);
			return saved.then(Mono.defer(() -> incrementStored(session, attributeName, delta)));
		});
	}

	private Mono<Long> incrementStored(RedisHashSession session, String attributeName, long delta) {
		return incrementAttribute(session.getId(), attributeName, delta)
			.map((value) -> session.incremented(attributeName, value))
			.switchIfEmpty(Mono.fromCallable(() -> session.incremented(attributeName, null)))
			.onErrorResume(IllegalArgumentException.class,
					(ex) -> Mono.fromCallable(() -> session.incrementRefusedByRedis(attributeName, delta, ex)));
	}

	private Mono<Boolean> oneServer() {
		Boolean multiKeyScripts = this.settings.multiKeyScripts();
		return (multiKeyScripts != null) ? Mono.just(multiKeyScripts)
				: this.clusterDetection.isCluster().map((cluster) -> !cluster);
	}

	/**
	 * The repository as its sessions see it: changes wait for the save, and a stored
	 * attribute is incremented through the repository.
	 */
	private final class Owner implements SessionOwner {

		@Override
		public SessionSettings settings() {
			return ReactiveRedisHashSessionRepository.this.settings;
		}

		@Override
		public void changed(RedisHashSession session) {
		}

		@Override
		public @Nullable Long incrementStored(RedisHashSession session, String attributeName, long delta) {
			throw new UnsupportedOperationException("A session of the reactive repository cannot wait for Redis; use "
					+ "ReactiveRedisHashSessionRepository.incrementAttribute(session, attributeName, delta)");
		}

	}

}
