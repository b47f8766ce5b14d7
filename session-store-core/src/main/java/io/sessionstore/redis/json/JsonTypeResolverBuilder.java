package io.sessionstore.redis.json;

import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;
import java.util.TimeZone;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TreeNode;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Decides where {@link JsonAttributeCodec} writes a type id ({@code "@class"}): only
 * where the declared type does not tell which class to create, that is for
 * {@code Object} and for abstract classes and interfaces other than collections and
 * maps (elements and values are judged by their own declared type). The attribute's
 * own class comes from {@code attribute_types}, so a top-level value carries no type
 * id unless its class asks for one.
 * <p>
 * When writing, every type id is checked against the codec's allow-list, so that a
 * value that could not be read back fails when it is stored. Type ids are class names,
 * or the short names of {@link JsonTypeAliases}.
 */
final class JsonTypeResolverBuilder extends DefaultTypeResolverBuilder {

	private static final long serialVersionUID = 1L;

	private static final Set<Class<?>> SELF_DESCRIBING_TYPES = Set.of(TimeZone.class, ZoneId.class);

	private final transient JsonTypeValidator validator;

	JsonTypeResolverBuilder(JsonTypeValidator validator) {
		super(validator, DefaultTyping.OBJECT_AND_NON_CONCRETE, JsonTypeInfo.As.PROPERTY);
		this.validator = validator;
	}

	@Override
	public boolean useForType(JavaType type) {
		JavaType candidate = type;
		while (candidate.isArrayType()) {
			candidate = candidate.getContentType();
		}
		if (candidate.isReferenceType()) {
			candidate = candidate.getReferencedType();
		}
		if (candidate.isPrimitive()) {
			return false;
		}
		if (candidate.isJavaLangObject()) {
			return true;
		}
		return !candidate.isConcrete() && !candidate.isContainerType() && !candidate.isEnumType()
				&& !SELF_DESCRIBING_TYPES.contains(candidate.getRawClass())
				&& !TreeNode.class.isAssignableFrom(candidate.getRawClass());
	}

	@Override
	protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
			PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
			boolean forDeser) {
		TypeIdResolver resolver = super.idResolver(ctxt, baseType, subtypeValidator, subtypes, forSer, forDeser);
		return new AliasingTypeIdResolver((forSer) ? new AllowListCheckingIdResolver(resolver, this.validator) : resolver);
	}

	/**
	 * A {@link TypeIdResolver} that refuses to write the id of a class the codec would
	 * not read back.
	 */
	private static final class AllowListCheckingIdResolver implements TypeIdResolver {

		private final TypeIdResolver delegate;

		private final JsonTypeValidator validator;

		AllowListCheckingIdResolver(TypeIdResolver delegate, JsonTypeValidator validator) {
			this.delegate = delegate;
			this.validator = validator;
		}

		@Override
		public void init(JavaType baseType) {
			this.delegate.init(baseType);
		}

		@Override
		public String idFromValue(DatabindContext ctxt, Object value) throws JacksonException {
			return checkAllowed(this.delegate.idFromValue(ctxt, value), value.getClass());
		}

		@Override
		public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> suggestedType)
				throws JacksonException {
			return checkAllowed(this.delegate.idFromValueAndType(ctxt, value, suggestedType),
					(value != null) ? value.getClass() : suggestedType);
		}

		@Override
		public String idFromBaseType(DatabindContext ctxt) throws JacksonException {
			return this.delegate.idFromBaseType(ctxt);
		}

		@Override
		public JavaType typeFromId(DatabindContext ctxt, String id) throws JacksonException {
			return this.delegate.typeFromId(ctxt, id);
		}

		@Override
		public String getDescForKnownTypeIds() {
			return this.delegate.getDescForKnownTypeIds();
		}

		@Override
		public JsonTypeInfo.Id getMechanism() {
			return this.delegate.getMechanism();
		}

		private String checkAllowed(String id, Class<?> valueType) {
			if (!this.validator.isAllowedId(id, valueType)) {
				throw new IllegalArgumentException(JsonAttributeCodec.notAllowedMessage(id));
			}
			return id;
		}

	}

}
