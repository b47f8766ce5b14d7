package io.sessionstore.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.util.Assert;

/**
 * An {@link AttributeCodec} for applications whose session attributes are
 * {@link Serializable} object graphs that do not map to JSON. Opt in to it only for
 * such legacy graphs: {@link io.sessionstore.redis.json.JsonAttributeCodec} is the default.
 * <p>
 * A {@code String} is stored as its raw UTF-8 text with no type, as with the JSON codec,
 * so it stays readable and the two codecs agree on it. An integer ({@code Long},
 * {@code Integer}, {@code Short}, {@code Byte}) is stored as decimal text with its simple
 * class name as the type, also as with the JSON codec, so that
 * {@link RedisHashSession#incrementAttribute(String, long)} can add to it in Redis. Any
 * other value is stored as the
 * bytes of Java serialization ({@link ObjectOutputStream}), and its type is recorded as
 * {@value #TYPE_PREFIX} followed by its class name, for example
 * {@code java-serialization:com.acme.LegacyCart}, so that {@code attribute_types} shows
 * how the value was written. Decoding accepts only values recorded that way.
 * <p>
 * Deserializing bytes can create any {@code Serializable} class on the class path. By
 * default this codec sets no {@link ObjectInputFilter} of its own, so the JVM-wide
 * filter applies when one is configured (the {@code jdk.serialFilter} property) and
 * every class is accepted otherwise: anyone who can write to Redis can then make the
 * application deserialize arbitrary classes. Always restrict that with
 * {@link Builder#filter(ObjectInputFilter)}, for example
 * {@code ObjectInputFilter.Config.createFilter("com.acme.**;java.base/*;!*")}, unless a
 * JVM-wide filter is set. The Spring Boot starter refuses to start with this codec when
 * neither {@code session-store.jdk.deserialization-filter} nor {@code jdk.serialFilter}
 * is set.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class JdkSerializationAttributeCodec implements AttributeCodec {

	/**
	 * The prefix of the type recorded for a Java-serialized value.
	 */
	public static final String TYPE_PREFIX = "java-serialization:";

	private static final Set<Class<?>> INTEGER_CLASSES = Set.of(Long.class, Integer.class, Short.class, Byte.class);

	private static final Set<String> INTEGER_TYPES = Set.of("Long", "Integer", "Short", "Byte", Long.class.getName(),
			Integer.class.getName(), Short.class.getName(), Byte.class.getName());

	private final ClassLoader classLoader;

	private final @Nullable ObjectInputFilter filter;

	private JdkSerializationAttributeCodec(ClassLoader classLoader, @Nullable ObjectInputFilter filter) {
		this.classLoader = classLoader;
		this.filter = filter;
	}

	/**
	 * Return a codec that loads classes with the class loader of this class and sets no
	 * {@link ObjectInputFilter} of its own.
	 * @return a new codec
	 */
	public static JdkSerializationAttributeCodec withDefaults() {
		return builder().build();
	}

	/**
	 * Return a builder for a codec with a given class loader or filter.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Encode a value: a {@code String} as its UTF-8 text with no type, an integer as
	 * decimal text with its simple class name ({@code Long}, {@code Integer}, …) as the
	 * type, anything else with Java serialization and the type
	 * {@code java-serialization:<class name>}.
	 * @param name the attribute name, for error messages
	 * @param value the value to encode
	 * @return the stored form
	 * @throws AttributeEncodingException if the value, or an object it refers to, is not
	 * serializable
	 */
	@Override
	public EncodedAttribute encode(String name, Object value) {
		Assert.notNull(name, "name must not be null");
		Assert.notNull(value, "value must not be null");
		if (value instanceof String string) {
			return new EncodedAttribute(string.getBytes(StandardCharsets.UTF_8), null);
		}
		if (INTEGER_CLASSES.contains(value.getClass())) {
			return new EncodedAttribute(value.toString().getBytes(StandardCharsets.US_ASCII),
					value.getClass().getSimpleName());
		}
		Class<?> type = (value instanceof Enum<?> constant) ? constant.getDeclaringClass() : value.getClass();
		if (!(value instanceof Serializable)) {
			throw new AttributeEncodingException(name, type, new NotSerializableException(type.getName()));
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
			output.writeObject(value);
		}
		catch (IOException | RuntimeException ex) {
			throw new AttributeEncodingException(name, type, ex);
		}
		return new EncodedAttribute(bytes.toByteArray(), TYPE_PREFIX + type.getName());
	}

	/**
	 * Decode a stored value: with no type, the UTF-8 text as a {@code String}; with an
	 * integer class, by its simple or full name, as the type, the decimal text as that integer; with a
	 * {@code java-serialization:} type, the deserialized object.
	 * @param name the attribute name, for error messages
	 * @param stored the bytes held in the hash field
	 * @param type the recorded type, or {@code null} for a {@code String}
	 * @return the decoded value
	 * @throws AttributeDecodingException if the type was not written by this codec, the
	 * bytes are not a serialized object, a class is missing or incompatible, or the filter
	 * rejects it
	 */
	@Override
	public Object decode(String name, byte[] stored, @Nullable String type) {
		Assert.notNull(name, "name must not be null");
		Assert.notNull(stored, "stored must not be null");
		if (type == null) {
			return new String(stored, StandardCharsets.UTF_8);
		}
		if (INTEGER_TYPES.contains(type)) {
			return decodeInteger(name, stored, type);
		}
		if (!type.startsWith(TYPE_PREFIX)) {
			throw new AttributeDecodingException(name, type,
					"the value was not written with Java serialization (its type does not start with '"
							+ TYPE_PREFIX + "')",
					null);
		}
		try (ObjectInputStream input = new ConfigurableObjectInputStream(new ByteArrayInputStream(stored),
				this.classLoader)) {
			if (this.filter != null) {
				input.setObjectInputFilter(this.filter);
			}
			return input.readObject();
		}
		catch (ClassNotFoundException ex) {
			throw new AttributeDecodingException(name, type, "class not found: " + ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			throw new AttributeDecodingException(name, type, ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					ex);
		}
	}

	private static Object decodeInteger(String name, byte[] stored, String type) {
		String text = new String(stored, StandardCharsets.US_ASCII).trim();
		try {
			return switch (type) {
				case "Integer", "java.lang.Integer" -> Integer.valueOf(text);
				case "Short", "java.lang.Short" -> Short.valueOf(text);
				case "Byte", "java.lang.Byte" -> Byte.valueOf(text);
				default -> Long.valueOf(text);
			};
		}
		catch (NumberFormatException ex) {
			throw new AttributeDecodingException(name, type, "not a decimal integer: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Builds a {@link JdkSerializationAttributeCodec}.
	 */
	public static final class Builder {

		private ClassLoader classLoader = JdkSerializationAttributeCodec.class.getClassLoader();

		private @Nullable ObjectInputFilter filter;

		private Builder() {
		}

		/**
		 * Set the class loader used to resolve the classes in serialized values. Defaults
		 * to the class loader of {@link JdkSerializationAttributeCodec}.
		 * @param classLoader the class loader
		 * @return this builder
		 */
		public Builder classLoader(ClassLoader classLoader) {
			Assert.notNull(classLoader, "classLoader must not be null");
			this.classLoader = classLoader;
			return this;
		}

		/**
		 * Set the filter applied to every value read, which replaces the JVM-wide filter
		 * for this codec's streams (unless a JVM-wide filter factory decides otherwise).
		 * By default no filter is set.
		 * @param filter the filter
		 * @return this builder
		 */
		public Builder filter(ObjectInputFilter filter) {
			Assert.notNull(filter, "filter must not be null");
			this.filter = filter;
			return this;
		}

		/**
		 * Build the codec.
		 * @return a new codec
		 */
		public JdkSerializationAttributeCodec build() {
			return new JdkSerializationAttributeCodec(this.classLoader, this.filter);
		}

	}

}
