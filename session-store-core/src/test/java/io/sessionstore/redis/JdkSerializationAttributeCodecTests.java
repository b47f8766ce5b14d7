package io.sessionstore.redis;

import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JdkSerializationAttributeCodecTests {

	private static final String PREFIX = JdkSerializationAttributeCodecTests.class.getName() + "$";

	private final JdkSerializationAttributeCodec codec = JdkSerializationAttributeCodec.withDefaults();

	@Test
	void stringIsStoredAsItsRawUtf8TextWithoutType() {
		AttributeCodec.EncodedAttribute encoded = this.codec.encode("username", "Zoë");

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8).isEqualTo("Zoë");
		assertThat(encoded.type()).isNull();
		assertThat(this.codec.decode("username", "andrew".getBytes(StandardCharsets.UTF_8), null)).isEqualTo("andrew");
	}

	@Test
	void serializableValueIsStoredAsJavaSerializationBytesWithMarkedType() {
		LegacyCart cart = new LegacyCart("andrew", new ArrayList<>(List.of("A-1", "B-7")), new BigDecimal("12.50"));

		AttributeCodec.EncodedAttribute encoded = this.codec.encode("cart", cart);

		assertThat(encoded.type()).isEqualTo("java-serialization:" + PREFIX + "LegacyCart");
		assertThat(Arrays.copyOf(encoded.value(), 2)).containsExactly(0xAC, 0xED);
		assertThat(this.codec.decode("cart", encoded.value(), encoded.type())).isEqualTo(cart)
			.isInstanceOf(LegacyCart.class);
	}

	@Test
	void basicValuesRoundTrip() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("views", 3L);
		map.put("at", Instant.parse("2026-04-02T12:00:00Z"));
		for (Object value : List.of(true, 0.5, new BigDecimal("1.0"), Instant.EPOCH, List.of(1L, "x"), map)) {
			AttributeCodec.EncodedAttribute encoded = this.codec.encode("value", value);

			assertThat(encoded.type()).isEqualTo("java-serialization:" + value.getClass().getName());
			assertThat(this.codec.decode("value", encoded.value(), encoded.type())).isEqualTo(value)
				.hasSameClassAs(value);
		}
	}

	@Test
	void nonSerializableValueIsRejectedWhenEncoding() {
		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.codec.encode("thing", new NotSerializable()))
			.withMessage("Session attribute 'thing' of type " + PREFIX + "NotSerializable cannot be encoded: " + PREFIX
					+ "NotSerializable")
			.satisfies((ex) -> assertThat(ex.getAttributeName()).isEqualTo("thing"));
	}

	@Test
	void nonSerializableObjectInsideASerializableValueIsRejectedWhenEncoding() {
		List<Object> list = new ArrayList<>(List.of(new NotSerializable()));

		assertThatExceptionOfType(AttributeEncodingException.class).isThrownBy(() -> this.codec.encode("list", list))
			.withMessage("Session attribute 'list' of type java.util.ArrayList cannot be encoded: " + PREFIX
					+ "NotSerializable");
	}

	@Test
	void corruptBytesAreReportedWithAttributeAndType() {
		byte[] valid = this.codec.encode("cart", new LegacyCart("andrew", new ArrayList<>(), BigDecimal.ONE)).value();
		String type = "java-serialization:" + PREFIX + "LegacyCart";

		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.codec.decode("cart", "not java".getBytes(StandardCharsets.UTF_8), type))
			.withMessageStartingWith("Session attribute 'cart' of type " + type + " cannot be decoded: "
					+ "StreamCorruptedException: ")
			.satisfies((ex) -> {
				assertThat(ex.getAttributeName()).isEqualTo("cart");
				assertThat(ex.getTypeName()).isEqualTo(type);
			});
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.codec.decode("cart", Arrays.copyOf(valid, valid.length / 2), type))
			.withMessageStartingWith("Session attribute 'cart' of type " + type + " cannot be decoded: ");
	}

	@Test
	void missingClassIsReportedWithAttributeAndType() throws Exception {
		AttributeCodec.EncodedAttribute encoded = this.codec.encode("cart",
				new LegacyCart("andrew", new ArrayList<>(), BigDecimal.ONE));
		try (URLClassLoader withoutTestClasses = new URLClassLoader(new URL[0],
				ClassLoader.getPlatformClassLoader())) {
			JdkSerializationAttributeCodec codec = JdkSerializationAttributeCodec.builder()
				.classLoader(withoutTestClasses)
				.build();

			assertThatExceptionOfType(AttributeDecodingException.class)
				.isThrownBy(() -> codec.decode("cart", encoded.value(), encoded.type()))
				.withMessage("Session attribute 'cart' of type " + encoded.type()
						+ " cannot be decoded: class not found: " + PREFIX + "LegacyCart");
		}
	}

	@Test
	void valueNotWrittenWithJavaSerializationIsRejected() {
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.codec.decode("cart", "{}".getBytes(StandardCharsets.UTF_8), "com.example.Cart"))
			.withMessage("Session attribute 'cart' of type com.example.Cart cannot be decoded: the value was not "
					+ "written with Java serialization (its type does not start with 'java-serialization:')");
	}

	@Test
	void integersAreDecimalTextSoThatRedisCanIncrementThem() {
		assertThat(this.codec.encode("page_views", 3L)).satisfies((encoded) -> {
			assertThat(new String(encoded.value(), StandardCharsets.UTF_8)).isEqualTo("3");
			assertThat(encoded.type()).isEqualTo("Long");
		});
		assertThat(this.codec.decode("page_views", "-12".getBytes(StandardCharsets.UTF_8), "Long")).isEqualTo(-12L);
		assertThat(this.codec.decode("page_views", "-12".getBytes(StandardCharsets.UTF_8), "java.lang.Long"))
			.isEqualTo(-12L);
		assertThat(this.codec.decode("small", "7".getBytes(StandardCharsets.UTF_8), "Integer")).isEqualTo(7);
		assertThat(this.codec.decode("small", "7".getBytes(StandardCharsets.UTF_8), "java.lang.Integer")).isEqualTo(7);
		assertThat(this.codec.encode("small", (short) 7).type()).isEqualTo("Short");
		assertThat(this.codec.decode("tiny", "7".getBytes(StandardCharsets.UTF_8), "Byte")).isEqualTo((byte) 7);
	}

	@Test
	void integerTypeOverTextThatIsNotAnIntegerIsRejected() {
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.codec.decode("page_views", "three".getBytes(StandardCharsets.UTF_8), "java.lang.Long"))
			.withMessageStartingWith("Session attribute 'page_views' of type java.lang.Long cannot be decoded: "
					+ "not a decimal integer");
	}

	@Test
	void configuredFilterRejectsClassesItDoesNotAllow() {
		JdkSerializationAttributeCodec filtered = JdkSerializationAttributeCodec.builder()
			.filter(ObjectInputFilter.Config.createFilter("java.base/*;!*"))
			.build();
		AttributeCodec.EncodedAttribute cart = filtered.encode("cart",
				new LegacyCart("andrew", new ArrayList<>(), BigDecimal.ONE));
		AttributeCodec.EncodedAttribute views = filtered.encode("views", 3L);

		assertThat(filtered.decode("views", views.value(), views.type())).isEqualTo(3L);
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> filtered.decode("cart", cart.value(), cart.type()))
			.withMessage("Session attribute 'cart' of type " + cart.type()
					+ " cannot be decoded: InvalidClassException: filter status: REJECTED");
	}

	@Test
	void builderChecksItsArguments() {
		JdkSerializationAttributeCodec.Builder builder = JdkSerializationAttributeCodec.builder();

		assertThatIllegalArgumentException().isThrownBy(() -> builder.classLoader(null))
			.withMessage("classLoader must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.filter(null))
			.withMessage("filter must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode("value", null))
			.withMessage("value must not be null");
	}

	record LegacyCart(String owner, ArrayList<String> items, BigDecimal total) implements Serializable {
	}

	static class NotSerializable {

	}

}
