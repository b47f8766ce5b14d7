package io.sessionstore.redis;

/**
 * Thrown when a session attribute value cannot be encoded for storage.
 */
public class AttributeEncodingException extends IllegalArgumentException {

	private final String attributeName;

	/**
	 * Create an exception for the given attribute and value type.
	 * @param attributeName the attribute name
	 * @param valueType the type of the value that could not be encoded
	 * @param cause the cause
	 */
	public AttributeEncodingException(String attributeName, Class<?> valueType, Throwable cause) {
		super("Session attribute '" + attributeName + "' of type " + valueType.getName() + " cannot be encoded: "
				+ cause.getMessage(), cause);
		this.attributeName = attributeName;
	}

	/**
	 * Return the name of the attribute that could not be encoded.
	 * @return the attribute name
	 */
	public String getAttributeName() {
		return this.attributeName;
	}

}
