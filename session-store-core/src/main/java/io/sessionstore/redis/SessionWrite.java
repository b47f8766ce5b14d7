package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.session.SaveMode;

/**
 * What one save of a session writes: the fields to set, the fields to delete and the
 * attribute type changes, with the principal name the session will have.
 */
final class SessionWrite {

	/** ISO-8601 in UTC to the millisecond, always with three digits of fraction. */

	private final Map<String, byte[]> fieldsToSet = new LinkedHashMap<>();

	private final Set<String> fieldsToDelete = new LinkedHashSet<>();

	private final Map<String, String> typeChanges = new LinkedHashMap<>();

	private final @Nullable String principalName;

	private SessionWrite(@Nullable String principalName) {
		this.principalName = principalName;
	}

	static SessionWrite of(RedisHashSession session, AttributeCodec codec, SaveMode saveMode,
			@Nullable String principalName) {
		SessionWrite write = new SessionWrite(principalName);
		if (session.isNew()) {
			write.set(SessionFields.CREATED_AT, SessionTimestamps.format(session.getCreationTime()));
		}
		if (session.isNew() || session.isLastAccessedTimeChanged()) {
			write.set(SessionFields.LAST_ACCESSED_AT, SessionTimestamps.format(session.getLastAccessedTime()));
		}
		if (session.isNew() || session.isMaxInactiveIntervalChanged()) {
			write.set(SessionFields.SESSION_TTL, Long.toString(ttlSeconds(session)));
		}
		if (!Objects.equals(principalName, session.getStoredPrincipalName())) {
			if (principalName != null) {
				write.set(SessionFields.PRINCIPAL_NAME, principalName);
			}
			else {
				write.fieldsToDelete.add(SessionFields.PRINCIPAL_NAME);
			}
		}
		Map<String, Object> attributes = session.attributeSnapshot();
		Set<String> names = (saveMode == SaveMode.ALWAYS || session.isNew())
				? new LinkedHashSet<>(attributes.keySet()) : new LinkedHashSet<>();
		names.addAll(session.changedAttributes());
		names.removeAll(session.incrementedAttributes());
		for (String name : names) {
			Object value = attributes.get(name);
			if (value == null) {
				write.fieldsToDelete.add(name);
				continue;
			}
			AttributeCodec.EncodedAttribute encoded = (value instanceof UndecodedAttribute undecoded)
					? new AttributeCodec.EncodedAttribute(undecoded.value(), undecoded.type()) : codec.encode(name, value);
			write.fieldsToSet.put(name, encoded.value());
			write.typeChanges.put(name, (encoded.type() != null) ? encoded.type() : "");
		}
		return write;
	}

	SessionWrite onTopOf(List<byte[]> flatHash) {
		SessionWrite write = new SessionWrite(this.principalName);
		for (int i = 0; i + 1 < flatHash.size(); i += 2) {
			write.fieldsToSet.put(new String(flatHash.get(i), StandardCharsets.UTF_8), flatHash.get(i + 1));
		}
		write.fieldsToSet.putAll(this.fieldsToSet);
		this.fieldsToDelete.forEach(write.fieldsToSet::remove);
		write.fieldsToDelete.addAll(this.fieldsToDelete);
		write.typeChanges.putAll(this.typeChanges);
		return write;
	}

	boolean isEmpty() {
		return this.fieldsToSet.isEmpty() && this.fieldsToDelete.isEmpty();
	}

	@Nullable String principalName() {
		return this.principalName;
	}

	Set<String> fieldsToDelete() {
		return this.fieldsToDelete;
	}

	Map<String, Integer> fieldSizes() {
		Map<String, Integer> sizes = new LinkedHashMap<>();
		this.fieldsToSet.forEach((name, value) -> sizes.put(name, RedisHashSessionMapper.fieldSize(name, value)));
		return sizes;
	}

	long projectedSize(Map<String, Integer> storedFieldSizes) {
		Map<String, Integer> sizes = new LinkedHashMap<>(storedFieldSizes);
		sizes.putAll(fieldSizes());
		this.fieldsToDelete.forEach(sizes::remove);
		return sizes.values().stream().mapToLong(Integer::longValue).sum();
	}

	List<byte[]> arguments() {
		List<byte[]> arguments = new ArrayList<>();
		arguments.add(bytes(Integer.toString(this.fieldsToSet.size())));
		arguments.add(bytes(Integer.toString(this.fieldsToDelete.size())));
		arguments.add(bytes(Integer.toString(this.typeChanges.size())));
		this.fieldsToSet.forEach((name, value) -> {
			arguments.add(bytes(name));
			arguments.add(value);
		});
		this.fieldsToDelete.forEach((name) -> arguments.add(bytes(name)));
		this.typeChanges.forEach((name, type) -> {
			arguments.add(bytes(name));
			arguments.add(bytes(type));
		});
		return arguments;
	}

	private void set(String field, String value) {
		this.fieldsToSet.put(field, bytes(value));
	}

	static long ttlSeconds(RedisHashSession session) {
		if (session.getMaxInactiveInterval().isNegative()) {
			return -1;
		}
		long seconds = session.getMaxInactiveInterval().getSeconds();
		return (session.getMaxInactiveInterval().getNano() > 0) ? seconds + 1 : seconds;
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
