package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.sessionstore.redis.SharedValueOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for session-store, under {@code session-store}, for Servlet
 * and WebFlux applications. The idle timeout is Spring Boot's
 * {@code spring.session.timeout} (falling back to {@code server.servlet.session.timeout}
 * or {@code server.reactive.session.timeout}), the connection is
 * {@code spring.data.redis.*} and the cookie is {@code server.servlet.session.cookie.*} or
 * {@code server.reactive.session.cookie.*}.
 */
@ConfigurationProperties("session-store")
public class SessionStoreProperties {

	/**
	 * Whether session-store provides the application's session repository.
	 */
	private boolean enabled = true;

	/**
	 * Key prefix of the sessions in Redis: each session is the hash '<namespace>:<id>'.
	 */
	private String namespace = "session";

	/**
	 * Maximum lifetime of a session from its creation, whatever its activity; unset for
	 * no limit.
	 */
	private @Nullable Duration maxLifetime;

	/**
	 * When session changes are written to Redis. WebFlux applications write them when the
	 * response is committed ('on-save').
	 */
	private FlushMode flushMode = FlushMode.ON_SAVE;

	/**
	 * Which attributes are written to Redis when a session is saved.
	 */
	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	/**
	 * How attribute values are encoded: readable JSON, or JDK serialization for legacy
	 * Serializable graphs.
	 */
	private Codec codec = Codec.JSON;

	/**
	 * Maximum encoded size of one session; a save that would exceed it fails before
	 * anything is written. Unset for no limit.
	 */
	private @Nullable DataSize maxSessionSize;

	/**
	 * Whether scripts may touch several keys at once, so that an ID change is one script.
	 * Unset means yes except on Redis Cluster; set to false behind proxies that refuse
	 * multi-key scripts.
	 */
	private @Nullable Boolean multiKeyScripts;

	/**
	 * Delay sent in the Retry-After header of the 503 answered while Redis is
	 * unavailable, in seconds unless a unit is given.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration retryAfter = Duration.ofSeconds(5);

	private final Json json = new Json();

	private final Jdk jdk = new Jdk();

	private final PrincipalIndex principalIndex = new PrincipalIndex();

	private final ExpiredEvents expiredEvents = new ExpiredEvents();

	private final Redis redis = new Redis();

	private final NearCache nearCache = new NearCache();

	private final SharedValues sharedValues = new SharedValues();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public @Nullable Duration getMaxLifetime() {
		return this.maxLifetime;
	}

	public void setMaxLifetime(@Nullable Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	public FlushMode getFlushMode() {
		return this.flushMode;
	}

	public void setFlushMode(FlushMode flushMode) {
		this.flushMode = flushMode;
	}

	public SaveMode getSaveMode() {
		return this.saveMode;
	}

	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = saveMode;
	}

	public Codec getCodec() {
		return this.codec;
	}

	public void setCodec(Codec codec) {
		this.codec = codec;
	}

	public @Nullable DataSize getMaxSessionSize() {
		return this.maxSessionSize;
	}

	public void setMaxSessionSize(@Nullable DataSize maxSessionSize) {
		this.maxSessionSize = maxSessionSize;
	}

	public @Nullable Boolean getMultiKeyScripts() {
		return this.multiKeyScripts;
	}

	public void setMultiKeyScripts(@Nullable Boolean multiKeyScripts) {
		this.multiKeyScripts = multiKeyScripts;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	public Json getJson() {
		return this.json;
	}

	public Jdk getJdk() {
		return this.jdk;
	}

	public PrincipalIndex getPrincipalIndex() {
		return this.principalIndex;
	}

	public ExpiredEvents getExpiredEvents() {
		return this.expiredEvents;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	public SharedValues getSharedValues() {
		return this.sharedValues;
	}

	/**
	 * The encodings of attribute values.
	 */
	public enum Codec {

		/**
		 * Strings as raw text, other values as JSON with their type recorded; only
		 * allowed types are decoded.
		 */
		JSON,

		/**
		 * JDK serialization of Serializable values; decodes the classes that the
		 * deserialization filter accepts, which must be set.
		 */
		JDK

	}

	/**
	 * Properties of the JSON codec.
	 */
	public static class Json {

		/**
		 * Fully qualified names of the application's own classes that may be decoded from
		 * Redis, besides Java's basic types and Spring Security's.
		 */
		private List<String> allowedTypes = new ArrayList<>();

		/**
		 * The application's own packages whose classes (and those of their subpackages)
		 * may be decoded from Redis, such as 'com.example.cart'. Top-level packages and
		 * those of Java and of frameworks and libraries, such as 'org.springframework',
		 * are refused.
		 */
		private List<String> allowedPackages = new ArrayList<>();

		public List<String> getAllowedTypes() {
			return this.allowedTypes;
		}

		public void setAllowedTypes(List<String> allowedTypes) {
			this.allowedTypes = allowedTypes;
		}

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

	}

	/**
	 * Properties of the JDK serialization codec.
	 */
	public static class Jdk {

		/**
		 * Pattern of the ObjectInputFilter applied to every value read, such as
		 * 'com.example.**;java.base/*;!*'. Required with the JDK codec unless the
		 * JVM-wide filter (jdk.serialFilter) is set, which then applies; '*' accepts
		 * every class.
		 */
		private @Nullable String deserializationFilter;

		public @Nullable String getDeserializationFilter() {
			return this.deserializationFilter;
		}

		public void setDeserializationFilter(@Nullable String deserializationFilter) {
			this.deserializationFilter = deserializationFilter;
		}

	}

	/**
	 * Properties of the index of sessions by principal name.
	 */
	public static class PrincipalIndex {

		/**
		 * Whether sessions are indexed by principal name, for the actuator's sessions
		 * endpoint and Spring Security's maximum sessions per user.
		 */
		private boolean enabled = true;

		/**
		 * How often index entries of sessions that are gone are removed across the
		 * namespace; 0 to never sweep.
		 */
		private Duration sweepInterval = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getSweepInterval() {
			return this.sweepInterval;
		}

		public void setSweepInterval(Duration sweepInterval) {
			this.sweepInterval = sweepInterval;
		}

	}

	/**
	 * Properties of the session expired events.
	 */
	public static class ExpiredEvents {

		/**
		 * Whether to publish SessionExpiredEvent from Redis keyspace notifications; the
		 * server must have 'notify-keyspace-events' including 'Ex', which is never set for
		 * you.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Properties of the Redis connection used for session operations.
	 */
	public static class Redis {

		/**
		 * Whether session operations use a Lettuce connection of their own, made from the
		 * application's connection factory (same servers, TLS and credentials) with the
		 * command timeout below and commands rejected while disconnected.
		 */
		private boolean dedicatedConnection = true;

		/**
		 * Time a session operation waits for Redis before the request fails with 503; it
		 * also caps the connect timeout. Applies to the dedicated connection only.
		 */
		private Duration commandTimeout = Duration.ofSeconds(2);

		public boolean isDedicatedConnection() {
			return this.dedicatedConnection;
		}

		public void setDedicatedConnection(boolean dedicatedConnection) {
			this.dedicatedConnection = dedicatedConnection;
		}

		public Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		public void setCommandTimeout(Duration commandTimeout) {
			this.commandTimeout = commandTimeout;
		}

	}

	/**
	 * Properties of the near cache, which keeps the sessions a node has read in its heap,
	 * kept correct by Redis's invalidation messages (CLIENT TRACKING).
	 */
	public static class NearCache {

		/**
		 * Whether a request's own session is served from this node's heap while Redis has
		 * not reported a change to it. Every node of an application must use the same
		 * setting.
		 */
		private boolean enabled;

		/**
		 * Maximum number of sessions kept by each node.
		 */
		private long maximumEntries = 10_000;

		/**
		 * Maximum size of the sessions kept by each node, counted as the bytes of their
		 * keys, field names and values, with 16 more for each of them.
		 */
		private DataSize maximumSize = DataSize.ofMegabytes(32);

		/**
		 * How long a session may be served from the near cache after its last recorded
		 * access before an access is written to Redis again. A session then expires
		 * between its idle timeout and the idle timeout plus this interval after its last
		 * request, and 'last_accessed_at' in Redis may lag by up to this interval.
		 */
		private Duration touchInterval = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumEntries() {
			return this.maximumEntries;
		}

		public void setMaximumEntries(long maximumEntries) {
			this.maximumEntries = maximumEntries;
		}

		public DataSize getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(DataSize maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getTouchInterval() {
			return this.touchInterval;
		}

		public void setTouchInterval(Duration touchInterval) {
			this.touchInterval = touchInterval;
		}

	}

	/**
	 * Properties of the decoded attribute values that a session's requests on one node
	 * share instead of each decoding its own, as in-memory sessions share their
	 * attributes.
	 */
	public static class SharedValues {

		/**
		 * Whether a session's requests on one node share the decoded values of immutable
		 * JDK types, enums and the shared types while their bytes in Redis are unchanged.
		 */
		private boolean enabled = true;

		/**
		 * Fully qualified names of the attribute types whose decoded values a session's
		 * requests share: types the application never changes in place without setting
		 * the attribute again. A value changed in place and not set again is seen by the
		 * session's next requests on this node, not by Redis or the other nodes. An empty
		 * list leaves immutable JDK types and enums, shared through the near cache.
		 */
		private List<String> types = new ArrayList<>(SharedValueOptions.DEFAULT_TYPES);

		/**
		 * Maximum number of values of the shared types each node keeps, per session and
		 * attribute, for the requests that read their session from Redis; 0 for none.
		 * Each holds the attribute's stored bytes beside the value.
		 */
		private long maximumEntries = SharedValueOptions.DEFAULT_MAXIMUM_ENTRIES;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTypes() {
			return this.types;
		}

		public void setTypes(List<String> types) {
			this.types = types;
		}

		public long getMaximumEntries() {
			return this.maximumEntries;
		}

		public void setMaximumEntries(long maximumEntries) {
			this.maximumEntries = maximumEntries;
		}

	}

}
