package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * Turns session attribute values into the bytes stored in one hash field and back.
 * <p>
 * An encoded value comes with an optional type name, recorded in the session's
 * {@code attribute_types} field. A value encoded without a type name must decode from
 * its bytes alone (the default codec uses this for plain {@code String} values).
 *
 * @see io.sessionstore.redis.json.JsonAttributeCodec
 * @see JdkSerializationAttributeCodec
 */
public interface AttributeCodec {

	/**
	 * Encode an attribute value.
	 * @param name the attribute name, for error messages
	 * @param value the value to encode
	 * @return the stored form
	 * @throws AttributeEncodingException if the value cannot be encoded
	 */
	EncodedAttribute encode(String name, Object value);

	/**
	 * Decode a stored attribute value.
	 * @param name the attribute name, for error messages
	 * @param stored the bytes held in the hash field
	 * @param type the type name recorded for the attribute, or {@code null} if none
	 * @return the decoded value
	 * @throws AttributeDecodingException if the value cannot be decoded
	 */
	Object decode(String name, byte[] stored, @Nullable String type);

	/**
	 * An encoded attribute value.
	 * @param value the bytes to store in the attribute's hash field
	 * @param type the type name to record in {@code attribute_types}, or {@code null}
	 * when the value decodes from its bytes alone
	 */
	record EncodedAttribute(byte[] value, @Nullable String type) {
	}

}
