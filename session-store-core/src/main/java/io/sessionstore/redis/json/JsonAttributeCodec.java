package io.sessionstore.redis.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.sessionstore.redis.AttributeCodec;
import io.sessionstore.redis.AttributeDecodingException;
import io.sessionstore.redis.AttributeEncodingException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The default {@link AttributeCodec}: stores a {@code String} as its raw UTF-8 text and
 * any other value as JSON, with its class recorded as the attribute's type.
 * <p>
 * Stored values read well in {@code redis-cli}:
 * <pre class="code">
 * username   = andrew                                  (type: none)
 * page_views = 3                                       (type: Long)
 * total      = 12.50                                   (type: BigDecimal)
 * cart       = {"items":[{"sku":"A-1","quantity":2}]}  (type: com.acme.Cart)
 * </pre>
 * Numbers are plain decimal text, so {@code HINCRBY} works on integer ones; dates are
 * ISO-8601 text. The attribute's own class comes from the recorded type, so the JSON
 * carries a type id ({@code "@class"}, or a {@code ["Long",3]} pair for a
 * scalar) only where a declared type does not tell which class to create: inside
 * {@code List<Object>} or {@code Map<String, Object>}, and for fields whose type is
 * abstract or an interface. Records, final classes and the elements of typed
 * collections carry none. A field whose declared type is a concrete class is read as
 * that class, so declare fields that hold subclasses with an abstract type or an
 * interface.
 * <p>
 * A type is recorded by its class name, except for Java's boxed numbers and the
 * classes that Spring Security and Spring MVC keep in sessions: those are recorded by
 * their simple name ({@code Long}, {@code SecurityContextImpl},
 * {@code UsernamePasswordAuthenticationToken}, {@code SimpleGrantedAuthority},
 * {@code User}, {@code FlashMap}, …), in {@code attribute_types} and as type ids alike.
 * That keeps a signed-in user's session small; class names are read as well.
 * <p>
 * A class named in stored data (recorded type or type id) is loaded and created only
 * when it is allowed: Java's basic value and collection types ({@code String}, boxed
 * primitives, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, {@code Locale}, {@code TimeZone},
 * {@code java.time} types, the {@code java.util} lists, sets and maps, including those
 * of {@code List.of} and {@code Collections.unmodifiableList}), the types and packages
 * the application names, Spring Security's own types when Spring Security is present
 * (through its {@code SecurityJacksonModules} and their validator), and Spring MVC's
 * {@code FlashMap} when Spring MVC is present. Any other class fails decoding with an
 * {@link AttributeDecodingException}, and fails encoding with an
 * {@link AttributeEncodingException} so that it is noticed when the value is stored.
 * Java serialization is never used.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @see #withDefaults()
 * @see #builder()
 */
public final class JsonAttributeCodec implements AttributeCodec {

	private final JsonMapper mapper;

	private final JsonTypeValidator validator;

	private final ClassLoader classLoader;

	private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

	private JsonAttributeCodec(JsonMapper mapper, JsonTypeValidator validator, ClassLoader classLoader) {
		this.mapper = mapper;
		this.validator = validator;
		this.classLoader = classLoader;
	}

	/**
	 * Return a codec that allows Java's basic types and, where present, Spring
	 * Security's types and Spring MVC's {@code FlashMap}, loading classes with the class
	 * loader of this class.
	 * @return a new codec
	 */
	public static JsonAttributeCodec withDefaults() {
		return builder().build();
	}

	/**
	 * Return a builder for a codec that also allows the application's own types.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Encode a value: a {@code String} as its UTF-8 text with no type, anything else as
	 * JSON with its class (its class name or short name) as the type.
	 * @param name the attribute name, for error messages
	 * @param value the value to encode
	 * @return the stored form
	 * @throws AttributeEncodingException if the value's class is not allowed or Jackson
	 * cannot write the value
	 */
	@Override
	public EncodedAttribute encode(String name, Object value) {
		Assert.notNull(name, "name must not be null");
		Assert.notNull(value, "value must not be null");
		if (value instanceof String string) {
			return new EncodedAttribute(string.getBytes(StandardCharsets.UTF_8), null);
		}
		Class<?> type = storedType(value);
		if (!this.validator.isAllowed(type)) {
			throw new AttributeEncodingException(name, type,
					new IllegalArgumentException(notAllowedMessage(type.getName())));
		}
		try {
			byte[] json = this.mapper.writerFor(type).writeValueAsBytes(value);
			return new EncodedAttribute(json, JsonTypeAliases.storedType(type.getName()));
		}
		catch (RuntimeException ex) {
			throw new AttributeEncodingException(name, type, unwrap(ex));
		}
	}

	/**
	 * Decode a stored value: with no type, the UTF-8 text as a {@code String}; with a
	 * type, the JSON as an instance of that class, provided that it and every class
	 * named inside the JSON are allowed.
	 * @param name the attribute name, for error messages
	 * @param stored the bytes held in the hash field
	 * @param type the recorded class name or short name, or {@code null} for a {@code String}
	 * @return the decoded value
	 * @throws AttributeDecodingException if a class is not allowed or missing, or the
	 * JSON does not match it
	 */
	@Override
	public Object decode(String name, byte[] stored, @Nullable String type) {
		Assert.notNull(name, "name must not be null");
		Assert.notNull(stored, "stored must not be null");
		if (type == null) {
			return new String(stored, StandardCharsets.UTF_8);
		}
		ObjectReader reader = reader(name, type);
		Object value;
		try {
			value = reader.readValue(stored);
		}
		catch (JacksonException ex) {
			throw new AttributeDecodingException(name, type, ex.getOriginalMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw new AttributeDecodingException(name, type, String.valueOf(ex.getMessage()), ex);
		}
		if (value == null) {
			throw new AttributeDecodingException(name, type, "the stored value is null", null);
		}
		return value;
	}

	private ObjectReader reader(String name, String storedType) {
		ObjectReader reader = this.readers.get(storedType);
		if (reader != null) {
			return reader;
		}
		String type = JsonTypeAliases.className(storedType);
		if (!this.validator.isAllowedName(type) && !this.validator.isDelegated(type)) {
			throw new AttributeDecodingException(name, type, notAllowedMessage(type), null);
		}
		Class<?> resolved;
		try {
			resolved = ClassUtils.forName(type, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new AttributeDecodingException(name, type, "class not found", ex);
		}
		if (!this.validator.isAllowed(resolved)) {
			throw new AttributeDecodingException(name, type, notAllowedMessage(type), null);
		}
		return this.readers.computeIfAbsent(storedType, (key) -> this.mapper.readerFor(resolved));
	}

	private static Class<?> storedType(Object value) {
		if (value instanceof Enum<?> constant) {
			return constant.getDeclaringClass();
		}
		return (value instanceof TimeZone) ? TimeZone.class : value.getClass();
	}

	static String notAllowedMessage(String typeName) {
		return "type " + typeName + " is not allowed; allow it with JsonAttributeCodec.builder().allowTypes(...)"
				+ " or allowPackages(...)";
	}

	private static Throwable unwrap(RuntimeException ex) {
		Throwable cause = ex;
		while (cause instanceof JacksonException && cause.getCause() instanceof IllegalArgumentException) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Builds a {@link JsonAttributeCodec}. Every method adds to or replaces what earlier
	 * calls set; {@link #build()} can be called more than once.
	 */
	public static final class Builder {

		/**
		 * Root packages of Java and of well-known frameworks and libraries, whose classes
		 * deserialization exploits are built from: a package that is one of them, lies
		 * inside one or contains one cannot be allowed as a whole.
		 */
		private static final List<String> FRAMEWORK_PACKAGES = List.of("java", "javax", "jakarta", "jdk", "sun",
				"com.sun", "org.springframework", "tools.jackson", "com.fasterxml", "org.apache", "org.hibernate",
				"org.codehaus", "ch.qos", "io.netty", "io.lettuce", "io.micrometer", "redis.clients", "org.slf4j",
				"org.yaml", "com.google", "org.aspectj", "net.bytebuddy", "org.jboss", "org.eclipse", "org.glassfish",
				"com.mchange", "com.zaxxer", "groovy", "org.mozilla", "org.python", "clojure", "kotlin", "scala",
				"reactor", "org.thymeleaf", "org.bouncycastle", "javassist", "org.objenesis", "com.thoughtworks",
				"com.caucho", "com.alibaba", "org.dom4j", "org.h2", "org.hsqldb", "org.postgresql", "com.mysql",
				"org.mariadb", "freemarker", "ognl", "bsh", "org.w3c", "org.xml", "org.ietf", "org.omg");

		private final Set<String> typeNames = new HashSet<>();

		private final List<String> packagePrefixes = new ArrayList<>();

		private ClassLoader classLoader = JsonAttributeCodec.class.getClassLoader();

		private Consumer<JsonMapper.Builder> mapperCustomizer = (builder) -> {
		};

		private Builder() {
		}

		/**
		 * Allow the given classes (exactly these, not their subclasses) to be stored and
		 * read back, at the top level of an attribute and anywhere inside one.
		 * @param types the classes to allow
		 * @return this builder
		 */
		public Builder allowTypes(Class<?>... types) {
			Assert.notNull(types, "types must not be null");
			for (Class<?> type : types) {
				Assert.notNull(type, "types must not contain null");
				this.typeNames.add(type.getName());
			}
			return this;
		}

		/**
		 * Allow every class in the given packages and their sub-packages, for example
		 * {@code "com.acme.shop"} for {@code com.acme.shop.Cart} and
		 * {@code com.acme.shop.order.Order}.
		 * <p>
		 * Name the application's own packages. A top-level package (such as
		 * {@code org} or {@code com}) is refused, and so is a package that is, lies
		 * inside or contains the package of Java or of a well-known framework or library
		 * (such as {@code java}, {@code org.springframework}, {@code tools.jackson} or
		 * {@code org.apache}): such packages hold the classes that deserialization
		 * exploits are built from. Allow single classes of theirs with
		 * {@link #allowTypes(Class...)}.
		 * @param packageNames the package names
		 * @return this builder
		 * @throws IllegalArgumentException if a package name is empty, or names a
		 * package that cannot be allowed as a whole
		 */
		public Builder allowPackages(String... packageNames) {
			Assert.notNull(packageNames, "packageNames must not be null");
			for (String packageName : packageNames) {
				Assert.hasText(packageName, "packageNames must not contain an empty name");
				String name = packageName.endsWith(".") ? packageName.substring(0, packageName.length() - 1)
						: packageName;
				String refusal = refusal(name);
				Assert.isTrue(refusal == null, () -> "package " + packageName + " cannot be allowed as a whole: "
						+ refusal + "; allow the application's own package, such as com.example.cart, or single "
						+ "classes with allowTypes(...)");
				this.packagePrefixes.add(name + ".");
			}
			return this;
		}

		private static @Nullable String refusal(String packageName) {
			for (String root : FRAMEWORK_PACKAGES) {
				if (packageName.equals(root) || packageName.startsWith(root + ".")) {
					return "it is part of " + root + ", which holds classes that deserialization exploits are "
							+ "built from";
				}
				if (root.startsWith(packageName + ".")) {
					return "it contains " + root + ", which holds classes that deserialization exploits are "
							+ "built from";
				}
			}
			if (packageName.indexOf('.') < 0) {
				return "a top-level package spans the classes of many libraries";
			}
			return null;
		}

		/**
		 * Set the class loader used to load the classes named in stored data. Defaults
		 * to the class loader of {@link JsonAttributeCodec}; set the application's class
		 * loader when its classes are not visible from there.
		 * @param classLoader the class loader
		 * @return this builder
		 */
		public Builder classLoader(ClassLoader classLoader) {
			Assert.notNull(classLoader, "classLoader must not be null");
			this.classLoader = classLoader;
			return this;
		}

		/**
		 * Customize the Jackson {@link JsonMapper}, for example to add a module with
		 * mix-ins for the application's types. Customizers run in the order they are
		 * added, after the codec's own configuration. The codec's type-id handling, its
		 * validator and ISO-8601 dates are applied last and cannot be changed here.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder mapper(Consumer<JsonMapper.Builder> customizer) {
			Assert.notNull(customizer, "customizer must not be null");
			this.mapperCustomizer = this.mapperCustomizer.andThen(customizer);
			return this;
		}

		/**
		 * Build the codec.
		 * @return a new codec
		 */
		public JsonAttributeCodec build() {
			TypeFactory typeFactory = TypeFactory.createDefaultInstance().withClassLoader(this.classLoader);
			JsonMapper.Builder builder = JsonMapper.builder()
				.typeFactory(typeFactory)
				.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
				.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
				.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
				.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
				.enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID);
			Set<String> allowed = new HashSet<>(JsonTypeValidator.BASIC_TYPES);
			allowed.addAll(this.typeNames);
			JsonSecurityModules security = null;
			if (isPresent(JsonSecurityModules.MODULES_CLASS_NAME)) {
				security = JsonSecurityModules.load(this.classLoader);
				builder.addModules(security.modules());
			}
			if (isPresent(JsonFlashMapModule.FLASH_MAP_CLASS_NAME)) {
				builder.addModule(new JsonFlashMapModule());
				allowed.add(JsonFlashMapModule.FLASH_MAP_CLASS_NAME);
			}
			JsonTypeValidator validator = new JsonTypeValidator(allowed, this.packagePrefixes,
					(security != null) ? security.validator() : null, typeFactory);
			this.mapperCustomizer.accept(builder);
			builder.addModule(new JsonCodecModule(validator));
			return new JsonAttributeCodec(builder.build(), validator, this.classLoader);
		}

		private boolean isPresent(String className) {
			return ClassUtils.isPresent(className, JsonAttributeCodec.class.getClassLoader())
					&& ClassUtils.isPresent(className, this.classLoader);
		}

	}

}
