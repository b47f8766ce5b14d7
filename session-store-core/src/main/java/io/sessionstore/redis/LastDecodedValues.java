package io.sessionstore.redis;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * The value last decoded for each session and attribute of a shared type, with the bytes
 * it was decoded from, so that a later request that reads the same bytes reuses it
 * instead of decoding them again. Bounded, least recently used first out.
 */
final class LastDecodedValues {

	private final Cache<Key, Decoded> values;

	private final Set<String> attributeNames = ConcurrentHashMap.newKeySet();

	LastDecodedValues(long maximumEntries) {
		this.values = Caffeine.newBuilder().maximumSize(maximumEntries).build();
	}

	/**
	 * Return the value last decoded for a session's attribute if it was decoded from the
	 * same stored bytes and type name, else {@code null}.
	 */
	@Nullable Object find(String sessionId, String attributeName, UndecodedAttribute attribute) {
		if (!this.attributeNames.contains(attributeName)) {
			return null;
		}
		Decoded decoded = this.values.getIfPresent(new Key(sessionId, attributeName));
		return (decoded != null && decoded.isDecodedFrom(attribute)) ? decoded.value() : null;
	}

	void remember(String sessionId, String attributeName, UndecodedAttribute attribute, Object value) {
		this.attributeNames.add(attributeName);
		this.values.put(new Key(sessionId, attributeName), new Decoded(attribute.value(), attribute.type(), value));
	}

	long size() {
		return this.values.estimatedSize();
	}

	private record Key(String sessionId, String attributeName) {
	}

	private record Decoded(byte[] stored, @Nullable String type, Object value) {

		boolean isDecodedFrom(UndecodedAttribute attribute) {
			return Arrays.equals(this.stored, attribute.value()) && Objects.equals(this.type, attribute.type());
		}

	}

}
