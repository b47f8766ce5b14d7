package io.sessionstore.redis.json;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.type.TypeFactory;

/**
 * The allow-list of {@link JsonAttributeCodec}: decides which class names found in
 * stored JSON (and in {@code attribute_types}) may be loaded and instantiated.
 * <p>
 * A name is allowed when it is one of Java's basic value and collection types, one of
 * the application's types, or lies in one of the application's packages. Names under
 * {@code java.}, {@code jakarta.servlet.} and {@code org.springframework.security.}
 * are also passed to Spring Security's validator when Spring Security is present;
 * any other name is denied before its class is loaded.
 */
final class JsonTypeValidator extends PolymorphicTypeValidator.Base {

	private static final long serialVersionUID = 1L;

	static final Set<String> BASIC_TYPES = Set.of(
			"java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
			"java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.math.BigDecimal",
			"java.math.BigInteger", "java.util.UUID", "java.util.Locale", "java.util.Currency", "java.util.TimeZone",
			"java.util.Date", "java.util.Optional", "java.net.URI", "java.time.Instant", "java.time.Duration",
			"java.time.Period", "java.time.LocalDate", "java.time.LocalTime", "java.time.LocalDateTime",
			"java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.ZonedDateTime", "java.time.Year",
			"java.time.YearMonth", "java.time.MonthDay", "java.time.ZoneOffset", "java.time.ZoneRegion",
			"java.time.DayOfWeek", "java.time.Month", "java.util.ArrayList", "java.util.LinkedList",
			"java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.HashMap",
			"java.util.LinkedHashMap", "java.util.TreeMap", "java.util.concurrent.CopyOnWriteArrayList",
			"java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.ConcurrentHashMap",
			"java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
			"java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
			"java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
			"java.util.Arrays$ArrayList", "java.util.Collections$UnmodifiableCollection",
			"java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
			"java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableMap",
			"java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
			"java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
			"java.util.Collections$SingletonMap");

	private static final List<String> DELEGATED_PREFIXES = List.of("java.", "jakarta.servlet.",
			"org.springframework.security.");

	private static final String PRIMITIVE = "<primitive>";

	private static final String OBJECT = "java.lang.Object";

	private static final JavaType OBJECT_TYPE = TypeFactory.unknownType();

	private final Set<String> typeNames;

	private final List<String> packagePrefixes;

	private final transient @Nullable PolymorphicTypeValidator delegate;

	private final transient TypeFactory typeFactory;

	/**
	 * Create a validator.
	 * @param typeNames the allowed class names, including the basic types
	 * @param packagePrefixes allowed package prefixes, each ending with {@code .}
	 * @param delegate Spring Security's validator, or {@code null}
	 * @param typeFactory the type factory used to present classes to the delegate
	 */
	JsonTypeValidator(Set<String> typeNames, List<String> packagePrefixes, @Nullable PolymorphicTypeValidator delegate,
			TypeFactory typeFactory) {
		this.typeNames = Set.copyOf(typeNames);
		this.packagePrefixes = List.copyOf(packagePrefixes);
		this.delegate = delegate;
		this.typeFactory = typeFactory;
	}

	@Override
	public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
		if (isAllowedName(subClassName)) {
			return Validity.ALLOWED;
		}
		return isDelegated(subClassName) ? Validity.INDETERMINATE : Validity.DENIED;
	}

	@Override
	public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
		return isAllowed(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
	}

	/**
	 * Return whether values of the given class may be stored and read back.
	 * @param type the class
	 * @return whether it is allowed
	 */
	boolean isAllowed(Class<?> type) {
		if (isAllowedName(type.getName())) {
			return true;
		}
		Class<?> component = type;
		while (component.isArray()) {
			component = component.getComponentType();
		}
		return this.delegate != null && isDelegated(component.getName()) && this.delegate
			.validateSubType(null, OBJECT_TYPE, this.typeFactory.constructType(component)) == Validity.ALLOWED;
	}

	/**
	 * Return whether a type id that Jackson generated for a value may be written, so
	 * that it is read back. The id is the name of the value's class or of one of its
	 * superclasses ({@code java.util.TimeZone} for {@code sun.util.calendar.ZoneInfo}).
	 * @param id the type id
	 * @param valueType the class of the value
	 * @return whether it is allowed
	 */
	boolean isAllowedId(String id, Class<?> valueType) {
		int generic = id.indexOf('<');
		String name = (generic > 0) ? id.substring(0, generic) : id;
		if (isAllowedName(name)) {
			return true;
		}
		for (Class<?> type = valueType; type != null; type = type.getSuperclass()) {
			if (type.getName().equals(name)) {
				return isAllowed(type);
			}
		}
		return false;
	}

	/**
	 * Return whether the given class name is allowed by name alone, without loading it.
	 * Array names ({@code [Lcom.acme.Item;}) are judged by their component type; arrays of
	 * primitives and of {@code Object} are allowed.
	 * @param className the class name
	 * @return whether it is allowed
	 */
	boolean isAllowedName(String className) {
		String name = componentName(className);
		if (name.equals(PRIMITIVE) || (name.equals(OBJECT) && !name.equals(className))) {
			return true;
		}
		if (this.typeNames.contains(name)) {
			return true;
		}
		for (String prefix : this.packagePrefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether the given class name may be judged by Spring Security's validator.
	 * @param className the class name
	 * @return whether the name is passed on
	 */
	boolean isDelegated(String className) {
		if (this.delegate == null) {
			return false;
		}
		String name = componentName(className);
		for (String prefix : DELEGATED_PREFIXES) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String componentName(String className) {
		int dimensions = 0;
		while (dimensions < className.length() && className.charAt(dimensions) == '[') {
			dimensions++;
		}
		if (dimensions == 0) {
			return className;
		}
		String element = className.substring(dimensions);
		if (element.length() == 1 && "ZBCSIJFD".contains(element)) {
			return PRIMITIVE;
		}
		if (element.length() > 2 && element.charAt(0) == 'L' && element.endsWith(";")) {
			return element.substring(1, element.length() - 1);
		}
		return "";
	}

}
