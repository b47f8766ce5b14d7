package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * Decodes attributes so that a session's requests on this node share the values
 * {@link SharedValueOptions} declare shared: through the near cache's copy of the
 * session, which holds them beside its stored bytes, and through
 * {@link LastDecodedValues} for the requests that read the session from Redis.
 */
final class SharedValues {

	private final SharedValueOptions options;

	private final @Nullable LastDecodedValues lastDecoded;

	SharedValues(SharedValueOptions options) {
		this.options = options;
		boolean keepsValues = options.getMaximumEntries() > 0 && !options.getTypes().isEmpty()
				&& OptionalLibraries.CAFFEINE_PRESENT;
		this.lastDecoded = keepsValues ? new LastDecodedValues(options.getMaximumEntries()) : null;
	}

	SharedValueOptions options() {
		return this.options;
	}

	/**
	 * Return the value of a session's attribute: the one already shared by the requests
	 * served from the same cached copy, or the last one decoded from the same bytes, or a
	 * newly decoded one, shared from then on if its type allows.
	 */
	@Nullable Object decode(String sessionId, String name, UndecodedAttribute attribute, Decoder decoder) {
		Object shared = attribute.sharedValue();
		if (shared != null) {
			return shared;
		}
		LastDecodedValues lastDecoded = this.lastDecoded;
		Object reused = (lastDecoded != null) ? lastDecoded.find(sessionId, name, attribute) : null;
		if (reused != null) {
			attribute.share(reused);
			return reused;
		}
		Object value = decoder.decode(name, attribute);
		if (value != null && this.options.isShared(value)) {
			attribute.share(value);
			if (lastDecoded != null && this.options.isDeclared(value)) {
				lastDecoded.remember(sessionId, name, attribute, value);
			}
		}
		return value;
	}

	/**
	 * Return how many values this node keeps outside the near cache.
	 */
	long size() {
		return (this.lastDecoded != null) ? this.lastDecoded.size() : 0;
	}

	/**
	 * Decodes one attribute.
	 */
	@FunctionalInterface
	interface Decoder {

		@Nullable Object decode(String name, UndecodedAttribute attribute);

	}

}
