package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * An attribute as read from the session hash, decoded only when the application first
 * reads it, so a request pays only for the attributes it uses. When it belongs to a
 * session kept by the near cache, it also holds the decoded value that every request
 * served from that copy may share, once one of them has decoded it.
 */
final class UndecodedAttribute {

	private final byte[] value;

	private final @Nullable String type;

	private volatile @Nullable Object sharedValue;

	/**
	 * Create an attribute as read.
	 * @param value the stored bytes
	 * @param type the type recorded in {@code attribute_types}, or {@code null}
	 */
	UndecodedAttribute(byte[] value, @Nullable String type) {
		this.value = value;
		this.type = type;
	}

	byte[] value() {
		return this.value;
	}

	@Nullable String type() {
		return this.type;
	}

	/**
	 * Return the decoded value that the requests reading this attribute share, or
	 * {@code null} when each must decode its own.
	 */
	@Nullable Object sharedValue() {
		return this.sharedValue;
	}

	/**
	 * Let the requests that read this attribute from now on share a value decoded from it.
	 */
	void share(Object decoded) {
		this.sharedValue = decoded;
	}

}
