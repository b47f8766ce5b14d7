package io.sessionstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSession;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.util.Assert;

/**
 * A {@link FindByIndexNameSessionRepository} that keeps each session as one Redis hash,
 * {@code <namespace>:<id>}, with readable fields and the key's TTL as the sliding expiry.
 * <p>
 * Every write is one Lua script that applies only while the session exists, so a save
 * racing with logout or expiry never resurrects a session. Saves write only the fields
 * that changed. Inside a request wrapped by {@link SessionLookupCacheFilter}, each session
 * is looked up at most once and the request's own session is loaded and touched in one
 * round trip.
 * <p>
 * With a {@linkplain #setNearCache(NearCacheOptions) near cache}, the request's own session
 * is served from this node's heap, without a round trip, while Redis has not reported a
 * change to it; see {@link NearCacheOptions} for what that costs in consistency.
 */
public class RedisHashSessionRepository extends RedisHashSessionRepositorySupport
		implements FindByIndexNameSessionRepository<RedisHashSession>, DisposableBean {

	/** The default namespace: sessions live at {@code session:<id>}. */
	public static final String DEFAULT_NAMESPACE = "session";

	/** The default idle timeout: 30 minutes. */
	public static final Duration DEFAULT_MAX_INACTIVE_INTERVAL = Duration.ofMinutes(30);

	private static final Log logger = LogFactory.getLog(RedisHashSessionRepository.class);

	private static final String LOAD = "sessionstore.load";

	private final RedisConnectionFactory connectionFactory;

	private final SessionCommands commands;

	private final ThreadLocal<RequestLookups> requestLookups = new ThreadLocal<>();

	private final SessionOwner owner = new Owner();

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private final ClusterDetection clusterDetection;

	private final SessionTopology oneServer;

	private final SessionTopology sharded;

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable NearCache nearCache;

	private @Nullable NearCacheOptions nearCacheOptions;

	/**
	 * Create a repository on the given connection factory. Multi-key scripts are used
	 * unless the factory connects to a Redis Cluster, whatever the client library; that is
	 * found out from the factory's connection when first needed, not here.
	 * @param connectionFactory the connection factory
	 */
	public RedisHashSessionRepository(RedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		this.connectionFactory = connectionFactory;
		this.commands = new SessionCommands(connectionFactory);
		this.clusterDetection = new ClusterDetection(connectionFactory);
		this.oneServer = new OneServerTopology(this.commands);
		this.sharded = new ShardedTopology(this.commands);
	}

	/**
	 * Set the namespace: sessions are stored at {@code <namespace>:<id>}.
	 * @param namespace the namespace, such as {@code session} or {@code session:app-a}
	 */
	public void setNamespace(String namespace) {
		this.commands.setNamespace(namespace);
	}

	/**
	 * Set the flush mode.
	 * @param flushMode the flush mode
	 */
	public void setFlushMode(FlushMode flushMode) {
		Assert.notNull(flushMode, "flushMode must not be null");
		this.flushMode = flushMode;
	}

	/**
	 * Set the publisher of {@link SessionCreatedEvent} and {@link SessionDeletedEvent}.
	 * @param eventPublisher the publisher
	 */
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "eventPublisher must not be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the registry that observes loads ({@code sessionstore.load}), saves
	 * ({@code sessionstore.save}) and deletions ({@code sessionstore.delete}) that reach
	 * Redis; with Micrometer's meter handler these become timers.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set the near cache: the request's own session is then served from this node's heap
	 * while Redis has not reported a change to it, and its expiry is written to Redis at
	 * most once per {@linkplain NearCacheOptions#getTouchInterval() touch interval}. It
	 * needs a Lettuce connection factory to a server or Sentinel-managed master that
	 * speaks RESP3 and allows {@code CLIENT TRACKING}, and Caffeine on the classpath;
	 * where any is missing it says so once in the log and sessions are read from Redis.
	 * Every node of an application must use the same setting: with it, a session's key
	 * lives for its idle timeout plus the touch interval after each access written.
	 * <p>
	 * The cache is not linearizable: a read on one node can be served from its copy in
	 * the moment before that node receives Redis's message about another node's write.
	 * Only the request's own session is cached; reads of other sessions (the principal
	 * index, Spring Security's session registry) go to Redis. The requests served from
	 * one cached copy share the decoded values of immutable types and of the
	 * {@linkplain #setSharedValues(SharedValueOptions) shared types}, such as a signed-in
	 * user's {@code SecurityContext}; each decodes its own value of any other type.
	 * @param options the options, or {@code null} for no near cache
	 */
	public void setNearCache(@Nullable NearCacheOptions options) {
		NearCache previous = this.nearCache;
		this.nearCache = null;
		this.nearCacheOptions = options;
		if (previous != null) {
			previous.close();
		}
		this.commands.setExpirySlackSeconds((options != null) ? options.touchIntervalSeconds() : 0);
		if (options == null) {
			return;
		}
		String missing = missingNearCacheLibrary();
		if (missing != null) {
			logger.warn("Near cache off: it needs " + missing + " on the classpath; every session is read from Redis");
			return;
		}
		NearCache nearCache = new NearCache(this.connectionFactory, this.commands, options, this.settings::toStoredSession);
		this.nearCache = nearCache;
		nearCache.start();
	}

	private static @Nullable String missingNearCacheLibrary() {
		if (!OptionalLibraries.CAFFEINE_PRESENT) {
			return "Caffeine (com.github.ben-manes.caffeine:caffeine)";
		}
		if (!OptionalLibraries.LETTUCE_PRESENT) {
			return "Lettuce (io.lettuce:lettuce-core)";
		}
		return null;
	}

	/**
	 * Return the namespace under which sessions are stored.
	 * @return the namespace
	 */
	public String getNamespace() {
		return this.commands.namespace();
	}

	/**
	 * Return whether scripts may touch several keys at once: as set, or else whether the
	 * connection factory does not connect to a Redis Cluster, found out on first use.
	 * @return whether multi-key scripts are used
	 * @throws SessionStoreUnavailableException if it was not set and Redis cannot be
	 * reached to find it out
	 */
	public boolean isMultiKeyScripts() {
		return multiKeyScripts();
	}

	private boolean multiKeyScripts() {
		Boolean multiKeyScripts = this.settings.multiKeyScripts();
		return (multiKeyScripts != null) ? multiKeyScripts : !this.clusterDetection.isCluster();
	}

	private SessionTopology topology() {
		return multiKeyScripts() ? this.oneServer : this.sharded;
	}

	/**
	 * Return the flush mode.
	 * @return the flush mode
	 */
	public FlushMode getFlushMode() {
		return this.flushMode;
	}

	/**
	 * Return the options of the near cache.
	 * @return the options, or {@code null} when there is no near cache
	 */
	public @Nullable NearCacheOptions getNearCache() {
		return this.nearCacheOptions;
	}

	/**
	 * Return whether the near cache serves sessions now: it is set, and Redis has
	 * confirmed that it tracks the keys read on the near cache's connection. It is not
	 * while that connection is being re-established.
	 * @return whether the near cache is active
	 */
	public boolean isNearCacheActive() {
		NearCache nearCache = this.nearCache;
		return nearCache != null && nearCache.isActive();
	}

	/**
	 * Return how many lookups of a request's own session the near cache answered without
	 * a round trip.
	 * @return the number of hits
	 */
	public long getNearCacheHitCount() {
		NearCache nearCache = this.nearCache;
		return (nearCache != null) ? nearCache.hitCount() : 0;
	}

	/**
	 * Return how many lookups of a request's own session went to Redis although a near
	 * cache is set: the session was not cached, its last access was older than the touch
	 * interval, or the near cache was not active.
	 * @return the number of misses
	 */
	public long getNearCacheMissCount() {
		NearCache nearCache = this.nearCache;
		return (nearCache != null) ? nearCache.missCount() : 0;
	}

	/**
	 * Return how many keys Redis reported changed to the near cache; a flush counts once.
	 * @return the number of invalidations received
	 */
	public long getNearCacheInvalidationCount() {
		NearCache nearCache = this.nearCache;
		return (nearCache != null) ? nearCache.invalidationCount() : 0;
	}

	/**
	 * Tell the repository that Redis Sentinel has named a new master, while the old one
	 * may still run: the near cache, if on, drops every copy it holds and tracks on a new
	 * connection, which Lettuce opens to the master the Sentinels name now; sessions are
	 * read from Redis meanwhile. Without it, the near cache would keep tracking on the old
	 * master, told nothing of the writes on the new one, until that server turned replica.
	 * The starter calls this when a Sentinel announces {@code +switch-master}.
	 */
	public void masterSwitched() {
		NearCache nearCache = this.nearCache;
		if (nearCache != null) {
			nearCache.reconnect("Redis Sentinel named a new master");
		}
	}

	/**
	 * Close the near cache's connection, if there is one.
	 */
	@Override
	public void destroy() {
		NearCache nearCache = this.nearCache;
		this.nearCache = null;
		if (nearCache != null) {
			nearCache.close();
		}
	}

	@Override
	public RedisHashSession createSession() {
		RedisHashSession session = new RedisHashSession(this.owner, this.settings.generateId(), this.settings.now(),
				this.settings.defaultMaxInactiveInterval());
		if (this.flushMode == FlushMode.IMMEDIATE) {
			save(session);
		}
		return session;
	}

	@Override
	public void save(RedisHashSession session) {
		Assert.notNull(session, "session must not be null");
		String storedId = session.getStoredId();
		boolean rotated = storedId != null && !session.getId().equals(storedId);
		if (!session.hasChanges()) {
			remember(session);
			return;
		}
		SessionWrite write = this.settings.write(session);
		if (SessionSettings.isUnchanged(session, write)) {
			remember(session);
			return;
		}
		this.settings.checkSize(session, write);
		SessionCommands.SaveResult result;
		try {
			result = observe("sessionstore.save", () -> topology().save(this.settings.saveRequest(session, write)));
		}
		finally {
			evict(session.getId());
			if (rotated) {
				evict(storedId);
			}
		}
		Assert.state(result != SessionCommands.SaveResult.ID_TAKEN, "Session ID collision; the new ID is already in use");
		boolean written = result == SessionCommands.SaveResult.WRITTEN;
		if (rotated) {
			forget(storedId);
		}
		if (!written) {
			logger.debug("Session " + SessionIds.mask(session.getId()) + " is gone; its changes were not saved");
			forget(session.getId());
			return;
		}
		session.markSaved(write.principalName(), write.fieldSizes(), write.fieldsToDelete());
		remember(session);
		if (storedId == null) {
			this.eventPublisher.publishEvent(new SessionCreatedEvent(this, session));
		}
	}

	@Override
	public @Nullable RedisHashSession findById(String id) {
		if (!this.settings.isWellFormed(id)) {
			return null;
		}
		RequestLookups lookups = this.requestLookups.get();
		if (lookups != null) {
			Optional<RedisHashSession> known = lookups.get(id);
			if (known != null) {
				return known.orElse(null);
			}
		}
		RedisHashSession session = (lookups != null && lookups.isRequested(id)) ? loadOwnSession(id)
				: observe(LOAD, () -> toSession(id, this.commands.load(id)));
		if (lookups != null) {
			lookups.found(id, session);
		}
		return session;
	}

	/**
	 * Delete a session. When the session of the current request was given this ID by
	 * {@link RedisHashSession#changeSessionId()} and not saved since, the session stored
	 * under its previous ID is deleted too.
	 * @param id the session ID
	 */
	@Override
	public void deleteById(String id) {
		if (!this.settings.isWellFormed(id)) {
			return;
		}
		RequestLookups lookups = this.requestLookups.get();
		String previousId = (lookups != null) ? lookups.storedIdBeforeChangeTo(id) : null;
		if (previousId != null) {
			deleteStored(previousId);
		}
		deleteStored(id);
	}

	private void deleteStored(String id) {
		List<byte[]> deleted;
		try {
			deleted = observe("sessionstore.delete",
					() -> topology().delete(id, this.settings.principalIndexEnabled()));
		}
		finally {
			evict(id);
		}
		forget(id);
		if (deleted.isEmpty()) {
			return;
		}
		StoredSession stored = this.settings.toStoredSession(id, deleted);
		this.eventPublisher.publishEvent(new SessionDeletedEvent(this,
				(stored != null) ? new RedisHashSession(this.owner, stored) : new MapSession(id)));
	}

	/**
	 * Find the sessions of a principal, without touching them. Index entries whose session
	 * is gone are removed.
	 * @param indexName the index name; only
	 * {@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME} is indexed
	 * @param indexValue the principal name
	 * @return the sessions by ID, empty for any other index name
	 */
	@Override
	public Map<String, RedisHashSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName) || !this.settings.principalIndexEnabled()) {
			return Collections.emptyMap();
		}
		SessionSettings.IndexedSessions found = this.settings.indexedSessions(this.owner, indexValue,
				topology().loadIndexed(indexValue));
		if (!found.stale().isEmpty()) {
			this.commands.removeFromIndex(indexValue, found.stale());
		}
		return found.sessions();
	}

	/**
	 * Atomically add to an integer attribute of a stored session, without loading it. A
	 * session of the current request that holds the attribute sees the new value.
	 * @param sessionId the session ID
	 * @param attributeName the attribute name
	 * @param delta the amount to add
	 * @return the new value, or {@code null} if there is no such session
	 * @throws IllegalArgumentException if the attribute does not hold an integer or its
	 * name is reserved
	 */
	public @Nullable Long incrementAttribute(String sessionId, String attributeName, long delta) {
		Assert.notNull(sessionId, "sessionId must not be null");
		Assert.isTrue(!SessionFields.isReserved(attributeName),
				() -> "'" + attributeName + "' is a reserved session field and cannot be used as an attribute name");
		if (!this.settings.isWellFormed(sessionId)) {
			return null;
		}
		Long value;
		try {
			value = this.commands.increment(sessionId, attributeName, delta);
		}
		finally {
			evict(sessionId);
		}
		RequestLookups lookups = this.requestLookups.get();
		Optional<RedisHashSession> known = (lookups != null) ? lookups.get(sessionId) : null;
		if (value != null && known != null && known.isPresent()) {
			known.get().applyIncrement(attributeName, value);
		}
		return value;
	}

	/**
	 * Remove principal index entries whose session is gone, across the namespace. With
	 * multi-key scripts each index is pruned by one script; without, by separate commands.
	 * @return the number of entries removed
	 */
	public long sweepPrincipalIndexes() {
		return topology().sweepIndexes();
	}

	RequestScope openRequestScope(Collection<String> requestedSessionIds) {
		if (this.requestLookups.get() != null) {
			return () -> {
			};
		}
		this.requestLookups.set(new RequestLookups(Set.copyOf(requestedSessionIds)));
		return this.requestLookups::remove;
	}

	private Instant now() {
		return this.settings.now();
	}

	/**
	 * Load the request's own session: from the near cache when it holds the session and
	 * its last access is within the touch interval (no round trip); otherwise by the read
	 * that fills the near cache, when the session it finds is as fresh; otherwise loaded
	 * and touched in one round trip, as without a near cache, leaving nothing cached. Of
	 * the requests that find the same session due for a touch, one writes its access and
	 * the others are served the copy they found.
	 */
	private @Nullable RedisHashSession loadOwnSession(String id) {
		NearCache nearCache = this.nearCache;
		if (nearCache == null) {
			return observe(LOAD, () -> loadAndTouch(id));
		}
		Instant now = now();
		StoredSession cached = nearCache.get(id);
		if (cached != null && isFresh(cached, now, nearCache)) {
			nearCache.hit();
			return servedWithoutTouch(cached, now);
		}
		nearCache.miss();
		return observe(LOAD, () -> {
			StoredSession found = cached;
			if (found == null) {
				NearCache.Fill filled = nearCache.fill(id);
				if (filled != null && filled.session() == null) {
					return null;
				}
				found = (filled != null) ? filled.session() : null;
				if (found != null && isFresh(found, now, nearCache)) {
					return servedWithoutTouch(found, now);
				}
			}
			boolean claimed = found != null && this.settings.missingDeadline(found) == null;
			if (claimed && !nearCache.touches().claim(id)) {
				return servedWithoutTouch(found, now);
			}
			return loadAndTouchUncached(id, nearCache, claimed);
		});
	}

	/**
	 * Return whether a session read from the near cache or by its fill may be served
	 * without writing its access: its last access is within the touch interval, and it
	 * needs no deadline written.
	 */
	private boolean isFresh(StoredSession stored, Instant now, NearCache nearCache) {
		return now.isBefore(stored.lastAccessedTime().plus(nearCache.options().getTouchInterval()))
				&& this.settings.missingDeadline(stored) == null;
	}

	private RedisHashSession servedWithoutTouch(StoredSession stored, Instant now) {
		RedisHashSession session = new RedisHashSession(this.owner, stored);
		session.markTouchedOnLoad(now);
		return session;
	}

	private @Nullable RedisHashSession loadAndTouchUncached(String id, NearCache nearCache, boolean claimed) {
		nearCache.invalidate(id);
		try {
			return loadAndTouch(id);
		}
		catch (RuntimeException | Error ex) {
			if (claimed) {
				nearCache.touches().release(id);
			}
			throw ex;
		}
		finally {
			nearCache.invalidate(id);
		}
	}

	private void evict(String id) {
		NearCache nearCache = this.nearCache;
		if (nearCache != null) {
			nearCache.invalidate(id);
		}
	}

	/**
	 * Return the near cache, for tests.
	 */
	@Nullable NearCache nearCache() {
		return this.nearCache;
	}

	private @Nullable RedisHashSession loadAndTouch(String id) {
		Instant now = now();
		StoredSession stored = this.settings.toStoredSession(id, this.commands.loadAndTouch(id, now));
		if (stored == null || !withinMaxLifetime(stored)) {
			return null;
		}
		RedisHashSession session = new RedisHashSession(this.owner, stored);
		session.markTouchedOnLoad(now);
		return session;
	}

	/**
	 * Give a session stored without an absolute deadline the one its creation time
	 * implies, when a maximum lifetime is configured.
	 * @return whether the session exists within its lifetime
	 */
	private boolean withinMaxLifetime(StoredSession stored) {
		Long deadline = this.settings.missingDeadline(stored);
		return deadline == null || this.commands.capLifetime(stored.id(), deadline);
	}

	private @Nullable RedisHashSession toSession(String id, List<byte[]> flatHash) {
		StoredSession stored = this.settings.toStoredSession(id, flatHash);
		return (stored != null && !this.settings.isPastMaxLifetime(stored)) ? new RedisHashSession(this.owner, stored)
				: null;
	}

	private void remember(RedisHashSession session) {
		RequestLookups lookups = this.requestLookups.get();
		if (lookups != null) {
			lookups.found(session.getId(), session);
		}
	}

	private void forget(String id) {
		RequestLookups lookups = this.requestLookups.get();
		if (lookups != null) {
			lookups.gone(id);
		}
	}

	private <T> T observe(String name, Supplier<T> operation) {
		return Observation.createNotStarted(name, this.observationRegistry).observe(operation);
	}

	/**
	 * The repository as its sessions see it: a change is saved at once in
	 * {@link FlushMode#IMMEDIATE}, and an increment of a session whose ID changed saves
	 * it first.
	 */
	private final class Owner implements SessionOwner {

		@Override
		public SessionSettings settings() {
			return RedisHashSessionRepository.this.settings;
		}

		@Override
		public void changed(RedisHashSession session) {
			if (RedisHashSessionRepository.this.flushMode == FlushMode.IMMEDIATE) {
				save(session);
			}
		}

		@Override
		public @Nullable Long incrementStored(RedisHashSession session, String attributeName, long delta) {
			if (!session.getId().equals(session.getStoredId())) {
				save(session);
			}
			return incrementAttribute(session.getId(), attributeName, delta);
		}

	}

	/**
	 * The lookups of one request, closed when the request ends.
	 */
	@FunctionalInterface
	interface RequestScope extends AutoCloseable {

		@Override
		void close();

	}

}
