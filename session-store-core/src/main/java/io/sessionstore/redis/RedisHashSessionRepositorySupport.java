package io.sessionstore.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.session.SaveMode;
import org.springframework.session.SessionIdGenerator;

/**
 * The settings that {@link RedisHashSessionRepository} and
 * {@link ReactiveRedisHashSessionRepository} share, with their setters: both read and
 * write sessions the same way.
 */
abstract class RedisHashSessionRepositorySupport {

	final SessionSettings settings = new SessionSettings(LogFactory.getLog(getClass()));

	/**
	 * Set the idle timeout of new sessions. A negative duration means they never expire
	 * from inactivity.
	 * @param defaultMaxInactiveInterval the idle timeout
	 */
	public void setDefaultMaxInactiveInterval(Duration defaultMaxInactiveInterval) {
		this.settings.setDefaultMaxInactiveInterval(defaultMaxInactiveInterval);
	}

	/**
	 * Set the maximum lifetime of a session from its creation, whatever its activity.
	 * @param maxLifetime the maximum lifetime, at least one second, or {@code null} for none
	 */
	public void setMaxLifetime(@Nullable Duration maxLifetime) {
		this.settings.setMaxLifetime(maxLifetime);
	}

	/**
	 * Set the save mode.
	 * @param saveMode the save mode
	 */
	public void setSaveMode(SaveMode saveMode) {
		this.settings.setSaveMode(saveMode);
	}

	/**
	 * Set the codec that encodes attribute values.
	 * @param codec the codec
	 */
	public void setAttributeCodec(AttributeCodec codec) {
		this.settings.setAttributeCodec(codec);
	}

	/**
	 * Set which decoded attribute values a session's requests on this node share instead
	 * of each decoding its own, as in-memory sessions share their attributes; by default
	 * {@linkplain SharedValueOptions#defaults() those of Spring Security's
	 * {@code SecurityContextImpl}}, which Spring Security reads on every request of a
	 * signed-in user. A request still reads its session from Redis (or from the near
	 * cache); it reuses a value only while the attribute's stored bytes are the ones the
	 * value was decoded from. A shared value changed in place and not set again is seen by
	 * the session's next requests on this node, not by Redis or the other nodes.
	 * Reusing values outside the near cache needs Caffeine on the classpath.
	 * @param options the options, or {@code null} for each request to decode its own
	 * values
	 */
	public void setSharedValues(@Nullable SharedValueOptions options) {
		this.settings.setSharedValues(options);
	}

	/**
	 * Set the generator of session IDs. With the default
	 * {@link SecureRandomSessionIdGenerator}, only IDs of its form (43 base64url
	 * characters) are looked up in Redis; with any other generator, IDs must match
	 * {@code [A-Za-z0-9_-]{16,128}}. An ID of another form, from a cookie for example,
	 * is treated as absent without a Redis command.
	 * @param sessionIdGenerator the generator
	 */
	public void setSessionIdGenerator(SessionIdGenerator sessionIdGenerator) {
		this.settings.setSessionIdGenerator(sessionIdGenerator);
	}

	/**
	 * Set whether sessions are indexed by principal name, for finding the sessions of a
	 * user (Spring Security's session registries).
	 * @param principalIndexEnabled whether the principal index is kept
	 */
	public void setPrincipalIndexEnabled(boolean principalIndexEnabled) {
		this.settings.setPrincipalIndexEnabled(principalIndexEnabled);
	}

	/**
	 * Set whether scripts may touch several keys at once. They may on one server or with
	 * Sentinel; on a Redis Cluster, or behind a proxy that refuses multi-key scripts, an
	 * ID change takes the old session out first and then writes the new one. Once set,
	 * this wins over finding out whether the connection factory connects to a cluster.
	 * @param multiKeyScripts whether multi-key scripts are used
	 */
	public void setMultiKeyScripts(boolean multiKeyScripts) {
		this.settings.setMultiKeyScripts(multiKeyScripts);
	}

	/**
	 * Set the maximum size of a session hash in bytes (field names and values); a save
	 * that would exceed it fails with {@link SessionSizeExceededException} before
	 * anything is written.
	 * @param maxSessionSize the maximum size in bytes, or 0 for no limit
	 */
	public void setMaxSessionSize(long maxSessionSize) {
		this.settings.setMaxSessionSize(maxSessionSize);
	}

	/**
	 * Set a listener told of every attribute that could not be decoded, for metrics.
	 * @param decodeFailureListener the listener
	 */
	public void setDecodeFailureListener(Consumer<AttributeDecodingException> decodeFailureListener) {
		this.settings.setDecodeFailureListener(decodeFailureListener);
	}

	/**
	 * Set the clock for timestamps written by the application.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.settings.setClock(clock);
	}

	/**
	 * Return the idle timeout of new sessions.
	 * @return the idle timeout; negative for none
	 */
	public Duration getDefaultMaxInactiveInterval() {
		return this.settings.defaultMaxInactiveInterval();
	}

	/**
	 * Return the maximum lifetime of a session.
	 * @return the maximum lifetime, or {@code null} for none
	 */
	public @Nullable Duration getMaxLifetime() {
		return this.settings.maxLifetime();
	}

	/**
	 * Return the codec that encodes attribute values.
	 * @return the codec
	 */
	public AttributeCodec getAttributeCodec() {
		return this.settings.attributeCodec();
	}

	/**
	 * Return whether sessions are indexed by principal name.
	 * @return whether the principal index is kept
	 */
	public boolean isPrincipalIndexEnabled() {
		return this.settings.principalIndexEnabled();
	}

	/**
	 * Return the maximum size of a session hash in bytes.
	 * @return the maximum size, or 0 for no limit
	 */
	public long getMaxSessionSize() {
		return this.settings.maxSessionSize();
	}

	/**
	 * Return which decoded values a session's requests share.
	 * @return the options, or {@code null} when each request decodes its own values
	 */
	public @Nullable SharedValueOptions getSharedValues() {
		return this.settings.sharedValueOptions();
	}

	/**
	 * Return the save mode.
	 * @return the save mode
	 */
	public SaveMode getSaveMode() {
		return this.settings.saveMode();
	}

	/**
	 * Return how many attribute values could not be decoded since the repository was
	 * created.
	 * @return the number of decode failures
	 */
	public long getDecodeFailureCount() {
		return this.settings.decodeFailureCount();
	}

}
