package io.sessionstore.redis.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson module that {@link JsonAttributeCodec} registers after every other module, so
 * that its settings win: type ids through {@link JsonTypeResolverBuilder}, the codec's
 * {@link JsonTypeValidator} for every type id (also those declared with
 * {@code @JsonTypeInfo}), dates as ISO-8601 text, and the immutable collections of
 * {@code List.of}, {@code Set.of} and {@code Map.of} read back as such.
 */
final class JsonCodecModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	private final transient JsonTypeValidator validator;

	JsonCodecModule(JsonTypeValidator validator) {
		super(JsonCodecModule.class.getName());
		this.validator = validator;
		addImmutable(List.of(), ArrayList.class, JsonCodecModule::copyOfList);
		addImmutable(List.of(1), ArrayList.class, JsonCodecModule::copyOfList);
		addImmutable(Set.of(), LinkedHashSet.class, JsonCodecModule::copyOfSet);
		addImmutable(Set.of(1), LinkedHashSet.class, JsonCodecModule::copyOfSet);
		addImmutable(Map.of(), LinkedHashMap.class, JsonCodecModule::copyOfMap);
		addImmutable(Map.of(1, 1), LinkedHashMap.class, JsonCodecModule::copyOfMap);
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		MapperBuilder<?, ?> builder = (MapperBuilder<?, ?>) context.getOwner();
		builder.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.setDefaultTyping(new JsonTypeResolverBuilder(this.validator))
			.polymorphicTypeValidator(this.validator);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private <T> void addImmutable(T sample, Class<?> mutableType, Function<T, T> copy) {
		Class<T> type = (Class<T>) sample.getClass();
		addDeserializer(type, new ImmutableCollectionDeserializer(type, mutableType, copy));
	}

	private static List<?> copyOfList(List<?> list) {
		return (list.contains(null)) ? Collections.unmodifiableList(list) : List.copyOf(list);
	}

	private static Set<?> copyOfSet(Set<?> set) {
		return (set.contains(null)) ? Collections.unmodifiableSet(set) : Set.copyOf(set);
	}

	private static Map<?, ?> copyOfMap(Map<?, ?> map) {
		return (map.containsKey(null) || map.values().stream().anyMatch(Objects::isNull))
				? Collections.unmodifiableMap(map) : Map.copyOf(map);
	}

	/**
	 * Reads a JDK immutable collection as a mutable one with {@code Object} elements
	 * and copies it.
	 */
	private static final class ImmutableCollectionDeserializer<T> extends StdDeserializer<T> {

		private final Class<?> mutableType;

		private final Function<T, T> copy;

		ImmutableCollectionDeserializer(Class<T> type, Class<?> mutableType, Function<T, T> copy) {
			super(type);
			this.mutableType = mutableType;
			this.copy = copy;
		}

		@Override
		public T deserialize(JsonParser parser, DeserializationContext ctxt) throws JacksonException {
			JavaType type = Map.class.isAssignableFrom(this.mutableType)
					? ctxt.getTypeFactory().constructMapType(castMap(this.mutableType), Object.class, Object.class)
					: ctxt.getTypeFactory().constructCollectionType(castCollection(this.mutableType), Object.class);
			T mutable = ctxt.readValue(parser, type);
			return this.copy.apply(mutable);
		}

		@SuppressWarnings("unchecked")
		private static Class<? extends Map<?, ?>> castMap(Class<?> type) {
			return (Class<? extends Map<?, ?>>) type;
		}

		@SuppressWarnings("unchecked")
		private static Class<? extends java.util.Collection<?>> castCollection(Class<?> type) {
			return (Class<? extends java.util.Collection<?>>) type;
		}

	}

}
