package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by an {@link AttributeCodec} when a stored value cannot be decoded, for example
 * because its type is not allowed or no longer exists. The repository catches it, leaves
 * the stored value untouched and omits the attribute from the loaded session.
 */
public class AttributeDecodingException extends RuntimeException {

	private final String attributeName;

	private final @Nullable String typeName;

	/**
	 * Create an exception for the given attribute and recorded type.
	 * @param attributeName the attribute name
	 * @param typeName the recorded type name, or {@code null} if none
	 * @param message what went wrong
	 * @param cause the cause, or {@code null}
	 */
	public AttributeDecodingException(String attributeName, @Nullable String typeName, String message,
			@Nullable Throwable cause) {
		super("Session attribute '" + attributeName + "'" + ((typeName != null) ? " of type " + typeName : "")
				+ " cannot be decoded: " + message, cause);
		this.attributeName = attributeName;
		this.typeName = typeName;
	}

	/**
	 * Return the name of the attribute that could not be decoded.
	 * @return the attribute name
	 */
	public String getAttributeName() {
		return this.attributeName;
	}

	/**
	 * Return the type name recorded for the attribute.
	 * @return the type name, or {@code null} if none was recorded
	 */
	public @Nullable String getTypeName() {
		return this.typeName;
	}

}
