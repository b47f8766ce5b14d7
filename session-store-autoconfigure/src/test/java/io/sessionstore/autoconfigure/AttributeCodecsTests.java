package io.sessionstore.autoconfigure;

import java.io.ObjectInputFilter;

import io.sessionstore.redis.AttributeCodec;
import io.sessionstore.redis.JdkSerializationAttributeCodec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AttributeCodecs}.
 */
class AttributeCodecsTests {

	private final SessionStoreProperties properties = new SessionStoreProperties();

	@Test
	void jdkCodecWithoutItsOwnFilterIsBuiltWhenTheJvmWideFilterIsSet() {
		this.properties.setCodec(SessionStoreProperties.Codec.JDK);

		AttributeCodec codec = AttributeCodecs.fromProperties(this.properties, getClass().getClassLoader(),
				ObjectInputFilter.Config.createFilter("com.example.**;java.base/*;!*"));

		assertThat(codec).isInstanceOf(JdkSerializationAttributeCodec.class);
		assertThat(ReflectionTestUtils.getField(codec, "filter")).isNull();
	}

	@Test
	void jdkCodecWithNeitherItsOwnFilterNorTheJvmWideOneIsRefused() {
		this.properties.setCodec(SessionStoreProperties.Codec.JDK);

		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> AttributeCodecs.fromProperties(this.properties, getClass().getClassLoader(), null))
			.withMessage("Property session-store.jdk.deserialization-filter with value 'null' is invalid: With "
					+ "session-store.codec=jdk and no deserialization filter, anyone who can write to Redis could "
					+ "make the application deserialize any class on the class path; set "
					+ "session-store.jdk.deserialization-filter to the classes your sessions hold, such as "
					+ "'com.example.**;java.base/*;!*', or set the JVM-wide jdk.serialFilter; '*' accepts every "
					+ "class");
	}

	@Test
	void jsonCodecNeedsNoDeserializationFilter() {
		assertThat(AttributeCodecs.fromProperties(this.properties, getClass().getClassLoader(), null))
			.isNotInstanceOf(JdkSerializationAttributeCodec.class);
	}

}
