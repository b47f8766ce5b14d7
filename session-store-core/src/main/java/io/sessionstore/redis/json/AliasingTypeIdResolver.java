package io.sessionstore.redis.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.TypeIdResolver;

/**
 * A class-name {@link TypeIdResolver} that writes the short names of
 * {@link JsonTypeAliases} and reads them as well as class names; resolving, and the
 * allow-list check that comes with it, is left to the class-name resolver it wraps.
 */
final class AliasingTypeIdResolver implements TypeIdResolver {

	private final TypeIdResolver classNames;

	AliasingTypeIdResolver(TypeIdResolver classNames) {
		this.classNames = classNames;
	}

	@Override
	public void init(JavaType baseType) {
		this.classNames.init(baseType);
	}

	@Override
	public String idFromValue(DatabindContext ctxt, Object value) throws JacksonException {
		return JsonTypeAliases.storedType(this.classNames.idFromValue(ctxt, value));
	}

	@Override
	public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> suggestedType)
			throws JacksonException {
		return JsonTypeAliases.storedType(this.classNames.idFromValueAndType(ctxt, value, suggestedType));
	}

	@Override
	public String idFromBaseType(DatabindContext ctxt) throws JacksonException {
		return JsonTypeAliases.storedType(this.classNames.idFromBaseType(ctxt));
	}

	@Override
	public JavaType typeFromId(DatabindContext ctxt, String id) throws JacksonException {
		return this.classNames.typeFromId(ctxt, JsonTypeAliases.className(id));
	}

	@Override
	public String getDescForKnownTypeIds() {
		return this.classNames.getDescForKnownTypeIds();
	}

	@Override
	public JsonTypeInfo.Id getMechanism() {
		return this.classNames.getMechanism();
	}

}
