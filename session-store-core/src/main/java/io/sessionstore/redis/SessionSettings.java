package io.sessionstore.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.sessionstore.redis.json.JsonAttributeCodec;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.session.SessionIdGenerator;
import org.springframework.util.Assert;

/**
 * What the Servlet and the reactive repository share apart from their Redis commands:
 * their settings, how a hash becomes a session, and how a session becomes one save.
 */
final class SessionSettings {

	private static final String SPRING_SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

	private static final PrincipalNameIndexResolver<MapSession> principalNameResolver = new PrincipalNameIndexResolver<>();

	private static final List<String> PRINCIPAL_NAME_ATTRIBUTES = List.of(
			FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
			ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);

	private final LongAdder decodeFailureCount = new LongAdder();

	private final Set<String> reportedDecodeFailures = ConcurrentHashMap.newKeySet();

	private Duration defaultMaxInactiveInterval = RedisHashSessionRepository.DEFAULT_MAX_INACTIVE_INTERVAL;

	private @Nullable Duration maxLifetime;

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	private AttributeCodec codec = JsonAttributeCodec.withDefaults();

	private RedisHashSessionMapper mapper = new RedisHashSessionMapper(this.codec, this::onDecodeFailure);

	private SessionIdGenerator sessionIdGenerator = new SecureRandomSessionIdGenerator();

	private SessionIdForm sessionIdForm = SessionIdForm.GENERATED;

	private boolean principalIndexEnabled = true;

	private @Nullable Boolean multiKeyScripts;

	private long maxSessionSize;

	private Consumer<AttributeDecodingException> decodeFailureListener = (failure) -> {
	};

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable SharedValues sharedValues = new SharedValues(SharedValueOptions.defaults());

	private final SharedValues.Decoder decoder = (name, attribute) -> this.mapper.decode(name, attribute);

	private final Log logger;

	/**
	 * Create the settings of a repository.
	 * @param logger the repository's logger, which reports hashes that are not sessions
	 * and values that cannot be decoded
	 */
	SessionSettings(Log logger) {
		this.logger = logger;
	}

	void setDefaultMaxInactiveInterval(Duration defaultMaxInactiveInterval) {
		Assert.notNull(defaultMaxInactiveInterval, "defaultMaxInactiveInterval must not be null");
		this.defaultMaxInactiveInterval = defaultMaxInactiveInterval;
	}

	Duration defaultMaxInactiveInterval() {
		return this.defaultMaxInactiveInterval;
	}

	void setMaxLifetime(@Nullable Duration maxLifetime) {
		Assert.isTrue(maxLifetime == null || maxLifetime.getSeconds() >= 1, "maxLifetime must be at least one second");
		this.maxLifetime = maxLifetime;
	}

	@Nullable Duration maxLifetime() {
		return this.maxLifetime;
	}

	void setSaveMode(SaveMode saveMode) {
		Assert.notNull(saveMode, "saveMode must not be null");
		this.saveMode = saveMode;
	}

	SaveMode saveMode() {
		return this.saveMode;
	}

	void setAttributeCodec(AttributeCodec codec) {
		Assert.notNull(codec, "codec must not be null");
		this.codec = codec;
		this.mapper = new RedisHashSessionMapper(codec, this::onDecodeFailure);
		setSharedValues(sharedValueOptions());
	}

	AttributeCodec attributeCodec() {
		return this.codec;
	}

	void setSessionIdGenerator(SessionIdGenerator sessionIdGenerator) {
		Assert.notNull(sessionIdGenerator, "sessionIdGenerator must not be null");
		this.sessionIdGenerator = sessionIdGenerator;
		this.sessionIdForm = SessionIdForm.of(sessionIdGenerator);
	}

	void setPrincipalIndexEnabled(boolean principalIndexEnabled) {
		this.principalIndexEnabled = principalIndexEnabled;
	}

	boolean principalIndexEnabled() {
		return this.principalIndexEnabled;
	}

	void setMultiKeyScripts(boolean multiKeyScripts) {
		this.multiKeyScripts = multiKeyScripts;
	}

	/**
	 * Return whether multi-key scripts were set, or {@code null} when they are to be found
	 * out from the connection factory.
	 */
	@Nullable Boolean multiKeyScripts() {
		return this.multiKeyScripts;
	}

	void setMaxSessionSize(long maxSessionSize) {
		Assert.isTrue(maxSessionSize >= 0, "maxSessionSize must not be negative");
		this.maxSessionSize = maxSessionSize;
	}

	long maxSessionSize() {
		return this.maxSessionSize;
	}

	void setDecodeFailureListener(Consumer<AttributeDecodingException> decodeFailureListener) {
		Assert.notNull(decodeFailureListener, "decodeFailureListener must not be null");
		this.decodeFailureListener = decodeFailureListener;
	}

	long decodeFailureCount() {
		return this.decodeFailureCount.sum();
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * Return whether an ID has the form of the configured generator's; one of another
	 * form is absent without a Redis command.
	 */
	boolean isWellFormed(String id) {
		return this.sessionIdForm.matches(id);
	}

	String generateId() {
		String id = this.sessionIdGenerator.generate();
		Assert.state(this.sessionIdForm.matches(id), () -> "Session IDs must match " + this.sessionIdForm.regex());
		return id;
	}

	/**
	 * Set which decoded values a session's requests share, or {@code null} for each
	 * request to decode its own; starts over with no value kept.
	 */
	void setSharedValues(@Nullable SharedValueOptions options) {
		this.sharedValues = (options != null) ? new SharedValues(options) : null;
	}

	@Nullable SharedValueOptions sharedValueOptions() {
		SharedValues sharedValues = this.sharedValues;
		return (sharedValues != null) ? sharedValues.options() : null;
	}

	/**
	 * Return how many decoded values this node keeps outside the near cache.
	 */
	long sharedValueCount() {
		SharedValues sharedValues = this.sharedValues;
		return (sharedValues != null) ? sharedValues.size() : 0;
	}

	/**
	 * Decode an attribute of a session, or return a value decoded from the same stored
	 * attribute that its requests share.
	 */
	@Nullable Object decodeAttribute(String sessionId, String name, UndecodedAttribute attribute) {
		SharedValues sharedValues = this.sharedValues;
		return (sharedValues != null) ? sharedValues.decode(sessionId, name, attribute, this.decoder)
				: this.mapper.decode(name, attribute);
	}

	/**
	 * Read a hash as a session, or {@code null} when there is none or it is not a session.
	 */
	@Nullable StoredSession toStoredSession(String id, List<byte[]> flatHash) {
		if (flatHash.isEmpty()) {
			return null;
		}
		try {
			return this.mapper.map(id, flatHash);
		}
		catch (IllegalStateException ex) {
			this.logger.warn(ex.getMessage() + "; treating it as absent");
			return null;
		}
	}

	/**
	 * Return whether a session stored without an absolute deadline is older than the
	 * maximum lifetime.
	 */
	boolean isPastMaxLifetime(StoredSession stored) {
		return this.maxLifetime != null && stored.absoluteDeadline() == null
				&& !now().isBefore(stored.creationTime().plus(this.maxLifetime));
	}

	/**
	 * Return the absolute deadline, in epoch seconds, that a session stored without one
	 * must be given before it is served, or {@code null} when it needs none.
	 */
	@Nullable Long missingDeadline(StoredSession stored) {
		if (this.maxLifetime == null || stored.absoluteDeadline() != null) {
			return null;
		}
		return stored.creationTime().plus(this.maxLifetime).getEpochSecond();
	}

	/**
	 * Describe what a save of the session writes.
	 */
	SessionWrite write(RedisHashSession session) {
		return SessionWrite.of(session, this.codec, this.saveMode, resolvePrincipalName(session));
	}

	/**
	 * Fail with {@link SessionSizeExceededException} when the write would make the session
	 * larger than the maximum.
	 */
	void checkSize(RedisHashSession session, SessionWrite write) {
		if (this.maxSessionSize > 0) {
			long size = write.projectedSize(session.storedFieldSizes());
			if (size > this.maxSessionSize) {
				throw new SessionSizeExceededException(session.getId(), size, this.maxSessionSize);
			}
		}
	}

	/**
	 * Return whether a save that writes these fields can be skipped: the session is stored
	 * under its current ID and nothing changed.
	 */
	static boolean isUnchanged(RedisHashSession session, SessionWrite write) {
		return session.getStoredId() != null && session.getId().equals(session.getStoredId()) && write.isEmpty();
	}

	/**
	 * Describe a save: a creation or an update of the key the session was loaded from,
	 * under its current ID, with the principal index entries to move when the principal
	 * or the ID changed.
	 */
	SessionCommands.SaveRequest saveRequest(RedisHashSession session, SessionWrite write) {
		String storedId = session.getStoredId();
		String principal = write.principalName();
		String storedPrincipal = session.getStoredPrincipalName();
		boolean indexChanged = this.principalIndexEnabled && (storedId == null || !session.getId().equals(storedId)
				|| !Objects.equals(principal, storedPrincipal));
		long maxLifetimeSeconds = (this.maxLifetime != null) ? this.maxLifetime.getSeconds() : 0;
		return new SessionCommands.SaveRequest(session.getId(), (storedId != null) ? storedId : session.getId(),
				storedId == null, maxLifetimeSeconds, session.getCreationTime().getEpochSecond(),
				session.slidesExpiryOnSave(), indexChanged ? principal : null, indexChanged ? storedPrincipal : null,
				write);
	}

	/**
	 * Return whether an index name is the principal index: the name of
	 * {@link FindByIndexNameSessionRepository} or of
	 * {@link ReactiveFindByIndexNameSessionRepository}, which differ.
	 */
	static boolean isPrincipalIndex(String indexName) {
		return PRINCIPAL_NAME_ATTRIBUTES.contains(indexName);
	}

	/**
	 * Return the principal name the session will have: from the principal name attribute
	 * (under the name either kind of repository gives it), else from the security
	 * context, as {@link PrincipalNameIndexResolver} finds it.
	 */
	private @Nullable String resolvePrincipalName(RedisHashSession session) {
		Set<String> changed = session.changedAttributes();
		if (!session.isNew() && PRINCIPAL_NAME_ATTRIBUTES.stream().noneMatch(changed::contains)
				&& !changed.contains(SPRING_SECURITY_CONTEXT)) {
			return session.getStoredPrincipalName();
		}
		MapSession view = new MapSession(session.getId());
		Object principalName = PRINCIPAL_NAME_ATTRIBUTES.stream()
			.map(session::decodedAttribute)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		Object securityContext = session.decodedAttribute(SPRING_SECURITY_CONTEXT);
		if (principalName != null) {
			view.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principalName);
		}
		if (securityContext != null) {
			view.setAttribute(SPRING_SECURITY_CONTEXT, securityContext);
		}
		return principalNameResolver.resolveIndexValueFor(view);
	}

	/**
	 * Sort the hashes read from a principal's index: the sessions of that principal
	 * within their lifetime, and the IDs whose session is gone, to be removed from it.
	 */
	IndexedSessions indexedSessions(SessionOwner owner, String principalName, Map<String, List<byte[]>> hashes) {
		Map<String, RedisHashSession> sessions = new LinkedHashMap<>();
		List<String> stale = new ArrayList<>();
		hashes.forEach((id, hash) -> {
			StoredSession stored = toStoredSession(id, hash);
			if (stored == null) {
				stale.add(id);
			}
			else if (principalName.equals(stored.principalName()) && !isPastMaxLifetime(stored)) {
				sessions.put(stored.id(), new RedisHashSession(owner, stored));
			}
		});
		return new IndexedSessions(sessions, stale);
	}

	private void onDecodeFailure(AttributeDecodingException failure) {
		this.decodeFailureCount.increment();
		String kind = failure.getAttributeName() + "/" + failure.getTypeName();
		if (this.reportedDecodeFailures.add(kind)) {
			this.logger.warn(failure.getMessage() + "; the value is left in Redis and omitted from the session",
					failure);
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(failure.getMessage());
		}
		this.decodeFailureListener.accept(failure);
	}

	/**
	 * The sessions found through a principal's index.
	 *
	 * @param sessions the sessions of the principal by ID
	 * @param stale the IDs in the index whose session is gone
	 */
	record IndexedSessions(Map<String, RedisHashSession> sessions, List<String> stale) {
	}

}
