package io.sessionstore.redis;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.util.Assert;

/**
 * Which decoded attribute values the requests of one session share on a node, instead of
 * each decoding its own, and how many of them a node keeps. Immutable; made with
 * {@link #builder()}.
 * <p>
 * A session's requests share a value as long as the attribute's bytes in Redis are the
 * ones it was decoded from, as in-memory sessions share their attributes: through the
 * near cache's copy of the session, and otherwise through a bounded map, per node, of the
 * last value decoded for each session and attribute of a {@linkplain #getTypes() shared
 * type}. A request that reads the bytes again still costs its round trip; it only skips
 * decoding them. Values of other types are decoded for each request, so a request may
 * change them in place without another request seeing it.
 *
 * @see RedisHashSessionRepository#setSharedValues(SharedValueOptions)
 */
public final class SharedValueOptions {

	/**
	 * The types shared by default: Spring Security's {@code SecurityContextImpl}, which
	 * Spring Security reads on every request of a signed-in user and saves when a request
	 * signs a user in or out; its documentation asks applications to set a new context
	 * rather than change the current one.
	 */
	public static final Set<String> DEFAULT_TYPES = Set
		.of("org.springframework.security.core.context.SecurityContextImpl");

	/** The default maximum number of values a node keeps outside the near cache: 10,000. */
	public static final long DEFAULT_MAXIMUM_ENTRIES = 10_000;

	private static final Set<Class<?>> IMMUTABLE_TYPES = Set.of(String.class, Boolean.class, Character.class,
			Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
			BigDecimal.class, UUID.class, URI.class, Locale.class, Instant.class, LocalDate.class, LocalTime.class,
			LocalDateTime.class, OffsetDateTime.class, ZonedDateTime.class, Duration.class, Period.class);

	private final Set<String> types;

	private final long maximumEntries;

	private SharedValueOptions(Builder builder) {
		this.types = builder.types;
		this.maximumEntries = builder.maximumEntries;
	}

	/**
	 * Return the default options.
	 * @return the options
	 */
	public static SharedValueOptions defaults() {
		return builder().build();
	}

	/**
	 * Return a builder that starts from the defaults.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the names of the types whose decoded values a session's requests share,
	 * besides the immutable types of the JDK (strings, boxed primitives,
	 * {@code BigInteger}, {@code BigDecimal}, {@code UUID}, {@code URI}, {@code Locale},
	 * {@code java.time} values) and enums, which requests served from the near cache's
	 * copy of a session always share.
	 * @return the class names
	 */
	public Set<String> getTypes() {
		return this.types;
	}

	/**
	 * Return the maximum number of values of the {@linkplain #getTypes() shared types} a
	 * node keeps for the requests that read their session from Redis.
	 * @return the maximum number of entries; zero when only the near cache's copies share
	 */
	public long getMaximumEntries() {
		return this.maximumEntries;
	}

	/**
	 * Return whether a value decoded for one request may be handed to the requests served
	 * from the same cached copy: its class is immutable, an enum, or declared shared.
	 */
	boolean isShared(Object value) {
		Class<?> type = value.getClass();
		return IMMUTABLE_TYPES.contains(type) || value instanceof Enum<?> || isDeclared(value);
	}

	/**
	 * Return whether a value's class is one of the declared types, by its exact class,
	 * since a subclass may add state of its own.
	 */
	boolean isDeclared(Object value) {
		return this.types.contains(value.getClass().getName());
	}

	@Override
	public String toString() {
		return "SharedValueOptions[types=" + this.types + ", maximumEntries=" + this.maximumEntries + "]";
	}

	/**
	 * Builds {@link SharedValueOptions}.
	 */
	public static final class Builder {

		private Set<String> types = DEFAULT_TYPES;

		private long maximumEntries = DEFAULT_MAXIMUM_ENTRIES;

		private Builder() {
		}

		/**
		 * Set the types whose decoded values a session's requests share, by class name:
		 * types that the application never changes in place, or changes only to set the
		 * attribute again (which saves it). A value changed in place and not set again is
		 * seen by the session's next requests on this node, as with in-memory sessions,
		 * and not by Redis or the other nodes. Replaces {@link #DEFAULT_TYPES}; an empty
		 * set leaves only the immutable JDK types and enums, shared through the near
		 * cache.
		 * @param types the fully qualified class names
		 * @return this builder
		 */
		public Builder types(Collection<String> types) {
			Assert.notNull(types, "types must not be null");
			Assert.noNullElements(types, "types must not contain null");
			this.types = Set.copyOf(types);
			return this;
		}

		/**
		 * Set the maximum number of values of the shared types a node keeps, per session
		 * and attribute, for the requests that read their session from Redis; the least
		 * recently used go first. Each holds the attribute's stored bytes beside the value,
		 * to tell whether a later read may reuse it.
		 * @param maximumEntries the maximum number of entries, zero for none
		 * @return this builder
		 */
		public Builder maximumEntries(long maximumEntries) {
			Assert.isTrue(maximumEntries >= 0, "maximumEntries must not be negative");
			this.maximumEntries = maximumEntries;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public SharedValueOptions build() {
			return new SharedValueOptions(this);
		}

	}

}
