package io.sessionstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.util.Assert;

/**
 * A {@link Session} stored as one Redis hash by {@link RedisHashSessionRepository} or
 * {@link ReactiveRedisHashSessionRepository}.
 * <p>
 * The session records which attributes changed since it was loaded, so a save writes only
 * those. Numeric attributes can be incremented atomically in Redis with
 * {@link #incrementAttribute(String, long)}.
 * <p>
 * Reading a session is safe from several threads at once (for example the threads of an
 * asynchronous request): each stored attribute is decoded once, and every reader sees
 * the same decoded value.
 */
public final class RedisHashSession implements Session {

	private final SessionOwner owner;

	private String id;

	private @Nullable String storedId;

	private final Instant creationTime;

	private Instant lastAccessedTime;

	private Duration maxInactiveInterval;

	private final Map<String, Object> attributes;

	private final Set<String> changedAttributes = Collections.synchronizedSet(new LinkedHashSet<>());

	private final Set<String> assignedAttributes = Collections.synchronizedSet(new LinkedHashSet<>());

	private final Set<String> incrementedAttributes = Collections.synchronizedSet(new LinkedHashSet<>());

	private Map<String, Integer> storedFieldSizes;

	private @Nullable String storedPrincipalName;

	private boolean lastAccessedTimeChanged;

	private boolean maxInactiveIntervalChanged;

	private boolean touchedOnLoad;

	RedisHashSession(SessionOwner owner, String id, Instant now, Duration maxInactiveInterval) {
		this.owner = owner;
		this.id = id;
		this.creationTime = now;
		this.lastAccessedTime = now;
		this.maxInactiveInterval = maxInactiveInterval;
		this.attributes = Collections.synchronizedMap(new LinkedHashMap<>());
		this.storedFieldSizes = Map.of();
	}

	RedisHashSession(SessionOwner owner, StoredSession stored) {
		this.owner = owner;
		this.id = stored.id();
		this.storedId = stored.id();
		this.creationTime = stored.creationTime();
		this.lastAccessedTime = stored.lastAccessedTime();
		this.maxInactiveInterval = stored.maxInactiveInterval();
		this.attributes = Collections.synchronizedMap(new LinkedHashMap<>(stored.attributes()));
		this.storedFieldSizes = stored.fieldSizes();
		this.storedPrincipalName = stored.principalName();
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String changeSessionId() {
		this.id = this.owner.settings().generateId();
		this.owner.changed(this);
		return this.id;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String attributeName) {
		Object value = decodedAttribute(attributeName);
		if (value != null && this.owner.settings().saveMode() == SaveMode.ON_GET_ATTRIBUTE
				&& !this.incrementedAttributes.contains(attributeName)) {
			this.changedAttributes.add(attributeName);
		}
		return (T) value;
	}

	@Override
	public Set<String> getAttributeNames() {
		attributeSnapshot().keySet().forEach(this::decodedAttribute);
		return Collections.unmodifiableSet(attributeSnapshot().keySet());
	}

	/**
	 * Set an attribute, or remove it when the value is {@code null}.
	 * @param attributeName the attribute name, which must not be a reserved field name
	 * @param attributeValue the value, or {@code null} to remove the attribute
	 * @throws IllegalArgumentException if the name is reserved (see {@link SessionFields})
	 */
	@Override
	public void setAttribute(String attributeName, @Nullable Object attributeValue) {
		if (attributeValue == null) {
			removeAttribute(attributeName);
			return;
		}
		checkAttributeName(attributeName);
		this.attributes.put(attributeName, attributeValue);
		assigned(attributeName);
		this.owner.changed(this);
	}

	@Override
	public void removeAttribute(String attributeName) {
		checkAttributeName(attributeName);
		this.attributes.remove(attributeName);
		assigned(attributeName);
		this.owner.changed(this);
	}

	private void assigned(String attributeName) {
		this.changedAttributes.add(attributeName);
		this.assignedAttributes.add(attributeName);
		this.incrementedAttributes.remove(attributeName);
	}

	/**
	 * Add to an integer attribute atomically in Redis and return the new value. Concurrent
	 * increments from other requests are never lost, and a later save of this session
	 * never overwrites the result, whatever the {@link SaveMode}. An absent attribute
	 * starts at zero and is stored as a {@code Long}; an existing one keeps its type
	 * while the value fits it, and becomes a {@code Long} when it no longer does.
	 * <p>
	 * When this request has set or removed the attribute and not saved it yet, the
	 * increment applies on top of that pending value, which is then written by the next
	 * save like any other change.
	 * <p>
	 * A session of {@link ReactiveRedisHashSessionRepository} cannot wait for Redis here:
	 * increment its stored attributes with
	 * {@link ReactiveRedisHashSessionRepository#incrementAttribute(RedisHashSession, String, long)}.
	 * @param attributeName the attribute name
	 * @param delta the amount to add, negative to subtract
	 * @return the new value
	 * @throws IllegalStateException if the session no longer exists in Redis
	 * @throws IllegalArgumentException if the attribute does not hold an integer
	 * @throws UnsupportedOperationException if the session belongs to the reactive
	 * repository and the increment needs Redis
	 */
	public long incrementAttribute(String attributeName, long delta) {
		if (incrementsLocally(attributeName)) {
			return incrementPendingValue(attributeName, delta);
		}
		Long value;
		try {
			value = this.owner.incrementStored(this, attributeName, delta);
		}
		catch (IllegalArgumentException ex) {
			return incrementRefusedByRedis(attributeName, delta, ex);
		}
		return incremented(attributeName, value);
	}

	/**
	 * Return whether an increment of the attribute applies to this session only: the
	 * session is new, or the attribute was set or removed and not saved yet.
	 * @throws IllegalArgumentException if the name is empty or reserved
	 */
	boolean incrementsLocally(String attributeName) {
		checkAttributeName(attributeName);
		return isNew() || this.assignedAttributes.contains(attributeName);
	}

	/**
	 * Increment an attribute whose stored value Redis cannot increment (a codec that
	 * does not store integers as decimal text) as a pending change, when it holds an
	 * integer.
	 */
	long incrementRefusedByRedis(String attributeName, long delta, IllegalArgumentException refusal) {
		if (decodedAttribute(attributeName) instanceof Number number && isInteger(number)) {
			return incrementPendingValue(attributeName, delta);
		}
		throw refusal;
	}

	/**
	 * Take the value an increment in Redis returned.
	 * @throws IllegalStateException if there was none: the session is gone
	 */
	long incremented(String attributeName, @Nullable Long value) {
		if (value == null) {
			throw new IllegalStateException("Session " + SessionIds.mask(this.id) + " no longer exists");
		}
		applyIncrement(attributeName, value);
		return value;
	}

	long incrementPendingValue(String attributeName, long delta) {
		Object previous = decodedAttribute(attributeName);
		long value = Math.addExact(toLong(attributeName, previous), delta);
		setAttribute(attributeName, sameTypeIfItFits(previous, value));
		return value;
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		Assert.notNull(lastAccessedTime, "lastAccessedTime must not be null");
		this.lastAccessedTime = lastAccessedTime;
		if (!this.touchedOnLoad) {
			this.lastAccessedTimeChanged = true;
			this.owner.changed(this);
		}
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	/**
	 * Set the idle timeout of this session. It is stored with the session and applied to
	 * the key's TTL at the next save; a negative interval means the session never expires
	 * from inactivity (a configured maximum lifetime still applies).
	 * @param interval the idle timeout
	 */
	@Override
	public void setMaxInactiveInterval(Duration interval) {
		Assert.notNull(interval, "interval must not be null");
		this.maxInactiveInterval = interval;
		this.maxInactiveIntervalChanged = true;
		this.owner.changed(this);
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	@Override
	public boolean isExpired() {
		return !this.maxInactiveInterval.isNegative()
				&& this.owner.settings().now().isAfter(this.lastAccessedTime.plus(this.maxInactiveInterval));
	}

	boolean isNew() {
		return this.storedId == null;
	}

	@Nullable String getStoredId() {
		return this.storedId;
	}

	/**
	 * Return a copy of the attributes: decoded values, and {@link UndecodedAttribute} for
	 * those not read yet.
	 */
	Map<String, Object> attributeSnapshot() {
		synchronized (this.attributes) {
			return new LinkedHashMap<>(this.attributes);
		}
	}

	/**
	 * Return an attribute's value, decoding it on first use, once whatever the number of
	 * threads reading it. A value that cannot be decoded is reported and dropped from
	 * the session, but stays in Redis.
	 */
	@Nullable Object decodedAttribute(String attributeName) {
		Object value = this.attributes.get(attributeName);
		if (!(value instanceof UndecodedAttribute)) {
			return value;
		}
		return this.attributes.computeIfPresent(attributeName,
				(name, current) -> (current instanceof UndecodedAttribute undecoded)
						? this.owner.settings().decodeAttribute(getId(), name, undecoded) : current);
	}

	Set<String> changedAttributes() {
		synchronized (this.changedAttributes) {
			return new LinkedHashSet<>(this.changedAttributes);
		}
	}

	Set<String> incrementedAttributes() {
		synchronized (this.incrementedAttributes) {
			return new LinkedHashSet<>(this.incrementedAttributes);
		}
	}

	/**
	 * Return the stored size in bytes of every field, as of the load or the last save;
	 * not to be changed.
	 */
	Map<String, Integer> storedFieldSizes() {
		return this.storedFieldSizes;
	}

	@Nullable String getStoredPrincipalName() {
		return this.storedPrincipalName;
	}

	boolean isLastAccessedTimeChanged() {
		return this.lastAccessedTimeChanged;
	}

	boolean isMaxInactiveIntervalChanged() {
		return this.maxInactiveIntervalChanged;
	}

	/**
	 * Return whether a save of this session slides its expiry: it was created, touched
	 * as the request's own session, or given a new last access time or idle timeout. A
	 * session read for someone else (an administrator, Spring Security's session
	 * registry) keeps its expiry when saved.
	 */
	boolean slidesExpiryOnSave() {
		return isNew() || this.touchedOnLoad || this.lastAccessedTimeChanged || this.maxInactiveIntervalChanged;
	}

	boolean hasChanges() {
		return isNew() || !this.id.equals(this.storedId) || !this.changedAttributes.isEmpty()
				|| this.lastAccessedTimeChanged || this.maxInactiveIntervalChanged
				|| this.owner.settings().saveMode() == SaveMode.ALWAYS;
	}

	void applyIncrement(String attributeName, long value) {
		Object previous = decodedAttribute(attributeName);
		this.attributes.put(attributeName,
				(previous instanceof String) ? Long.toString(value) : sameTypeIfItFits(previous, value));
		this.changedAttributes.remove(attributeName);
		this.assignedAttributes.remove(attributeName);
		this.incrementedAttributes.add(attributeName);
	}

	void markTouchedOnLoad(Instant touchedAt) {
		this.lastAccessedTime = touchedAt;
		this.touchedOnLoad = true;
	}

	void markSaved(@Nullable String principalName, Map<String, Integer> writtenFieldSizes, Set<String> deletedFields) {
		this.storedId = this.id;
		this.storedPrincipalName = principalName;
		Map<String, Integer> sizes = new HashMap<>(this.storedFieldSizes);
		sizes.putAll(writtenFieldSizes);
		deletedFields.forEach(sizes::remove);
		this.storedFieldSizes = sizes;
		this.changedAttributes.clear();
		this.assignedAttributes.clear();
		this.lastAccessedTimeChanged = false;
		this.maxInactiveIntervalChanged = false;
	}

	private static void checkAttributeName(String attributeName) {
		Assert.hasText(attributeName, "attributeName must not be empty");
		Assert.isTrue(!SessionFields.isReserved(attributeName),
				() -> "'" + attributeName + "' is a reserved session field and cannot be used as an attribute name");
	}

	private static boolean isInteger(Number number) {
		return number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte;
	}

	/**
	 * Return the value as the type of the previous one when it fits that type, and as a
	 * {@code Long} otherwise, so that a counter is widened rather than wrapped around.
	 */
	private static Object sameTypeIfItFits(@Nullable Object previous, long value) {
		if (previous instanceof Integer && value == (int) value) {
			return (int) value;
		}
		if (previous instanceof Short && value == (short) value) {
			return (short) value;
		}
		if (previous instanceof Byte && value == (byte) value) {
			return (byte) value;
		}
		return value;
	}

	private static long toLong(String attributeName, @Nullable Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number number && isInteger(number)) {
			return number.longValue();
		}
		if (value instanceof String text && text.matches("-?\\d{1,18}")) {
			return Long.parseLong(text);
		}
		throw new IllegalArgumentException("Session attribute '" + attributeName + "' of type "
				+ value.getClass().getName() + " does not hold an integer and cannot be incremented");
	}

}
