package io.sessionstore.autoconfigure;

import java.io.ObjectInputFilter;
import java.util.regex.Pattern;

import io.sessionstore.redis.AttributeCodec;
import io.sessionstore.redis.JdkSerializationAttributeCodec;
import io.sessionstore.redis.json.JsonAttributeCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Builds the attribute codec that {@code session-store.codec},
 * {@code session-store.json.*} and {@code session-store.jdk.*} describe. The JDK codec
 * needs a deserialization filter: {@code session-store.jdk.deserialization-filter}, or
 * the JVM-wide one ({@code jdk.serialFilter}); without either it is refused.
 */
final class AttributeCodecs {

	private static final Pattern JAVA_PACKAGE_NAME = Pattern
		.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

	private AttributeCodecs() {
	}

	static AttributeCodec fromProperties(SessionStoreProperties properties, @Nullable ClassLoader classLoader) {
		return fromProperties(properties, classLoader, ObjectInputFilter.Config.getSerialFilter());
	}

	static AttributeCodec fromProperties(SessionStoreProperties properties, @Nullable ClassLoader classLoader,
			@Nullable ObjectInputFilter jvmWideFilter) {
		return switch (properties.getCodec()) {
			case JSON -> json(properties.getJson(), classLoader);
			case JDK -> jdk(properties.getJdk(), classLoader, jvmWideFilter);
		};
	}

	private static AttributeCodec jdk(SessionStoreProperties.Jdk jdk, @Nullable ClassLoader classLoader,
			@Nullable ObjectInputFilter jvmWideFilter) {
		JdkSerializationAttributeCodec.Builder builder = JdkSerializationAttributeCodec.builder();
		String filter = jdk.getDeserializationFilter();
		if (!StringUtils.hasText(filter) && jvmWideFilter == null) {
			throw new InvalidConfigurationPropertyValueException("session-store.jdk.deserialization-filter", filter,
					"With session-store.codec=jdk and no deserialization filter, anyone who can write to Redis "
							+ "could make the application deserialize any class on the class path; set "
							+ "session-store.jdk.deserialization-filter to the classes your sessions hold, such as "
							+ "'com.example.**;java.base/*;!*', or set the JVM-wide jdk.serialFilter; '*' accepts "
							+ "every class");
		}
		if (StringUtils.hasText(filter)) {
			try {
				builder.filter(ObjectInputFilter.Config.createFilter(filter));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("session-store.jdk.deserialization-filter",
						filter, ex.getMessage() + "; write a pattern such as 'com.example.**;java.base/*;!*'");
			}
		}
		if (classLoader != null) {
			builder.classLoader(classLoader);
		}
		return builder.build();
	}

	private static AttributeCodec json(SessionStoreProperties.Json json, @Nullable ClassLoader classLoader) {
		Class<?>[] allowedTypes = json.getAllowedTypes()
			.stream()
			.map((name) -> load(name, classLoader))
			.toArray(Class<?>[]::new);
		JsonAttributeCodec.Builder builder = JsonAttributeCodec.builder().allowTypes(allowedTypes);
		for (String packageName : json.getAllowedPackages()) {
			allowPackage(builder, packageName);
		}
		if (classLoader != null) {
			builder.classLoader(classLoader);
		}
		return builder.build();
	}

	private static void allowPackage(JsonAttributeCodec.Builder builder, String packageName) {
		if (!JAVA_PACKAGE_NAME.matcher(packageName).matches()) {
			throw new InvalidConfigurationPropertyValueException("session-store.json.allowed-packages", packageName,
					"'" + packageName + "' is not a package name; name a package such as 'com.example.cart', "
							+ "without wildcards");
		}
		try {
			builder.allowPackages(packageName);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("session-store.json.allowed-packages", packageName,
					"Package '" + packageName + "' cannot be allowed as a whole: top-level packages and those of "
							+ "Java and of frameworks and libraries hold the classes that deserialization exploits "
							+ "are built from; list the application's own package, such as 'com.example.cart', or "
							+ "single classes in session-store.json.allowed-types instead");
		}
	}

	private static Class<?> load(String name, @Nullable ClassLoader classLoader) {
		try {
			return ClassUtils.forName(name.trim(), classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new InvalidConfigurationPropertyValueException("session-store.json.allowed-types", name,
					"No class named '" + name + "' can be loaded; name an existing class by its fully qualified "
							+ "name, such as 'com.example.cart.Cart'");
		}
	}

}
