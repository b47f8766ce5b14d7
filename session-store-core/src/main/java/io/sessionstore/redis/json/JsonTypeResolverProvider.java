package io.sessionstore.redis.json;

import java.util.Collection;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.TypeResolverBuilder;
import tools.jackson.databind.jsontype.TypeResolverProvider;
import tools.jackson.databind.jsontype.impl.StdTypeResolverBuilder;

/**
 * Gives the class-name type ids that a class declares with {@code @JsonTypeInfo} (as
 * Spring Security's mix-ins do) the short names of {@link JsonTypeAliases}, as
 * {@link JsonTypeResolverBuilder} does for the type ids the codec adds itself.
 */
final class JsonTypeResolverProvider extends TypeResolverProvider {

	private static final long serialVersionUID = 1L;

	private JsonTypeResolverProvider() {
	}

	/**
	 * Return a {@link JsonMapper.Builder} whose mappers use this provider.
	 * @return a new builder
	 */
	static JsonMapper.Builder mapperBuilder() {
		return new ProvidedMapperBuilder();
	}

	@Override
	protected TypeResolverBuilder<?> _constructStdTypeResolverBuilder(MapperConfig<?> config,
			JsonTypeInfo.Value typeInfo, JavaType baseType) {
		if (typeInfo.getIdType() == JsonTypeInfo.Id.CLASS) {
			return new AliasingTypeResolverBuilder(typeInfo);
		}
		return super._constructStdTypeResolverBuilder(config, typeInfo, baseType);
	}

	/**
	 * A {@link StdTypeResolverBuilder} whose class-name ids go through
	 * {@link AliasingTypeIdResolver}.
	 */
	private static final class AliasingTypeResolverBuilder extends StdTypeResolverBuilder {

		AliasingTypeResolverBuilder(JsonTypeInfo.Value typeInfo) {
			super(typeInfo);
		}

		private AliasingTypeResolverBuilder(AliasingTypeResolverBuilder base, Class<?> defaultImpl) {
			super(base, defaultImpl);
		}

		@Override
		public StdTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
			return (this._defaultImpl == defaultImpl) ? this : new AliasingTypeResolverBuilder(this, defaultImpl);
		}

		@Override
		protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
				PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
				boolean forDeser) {
			TypeIdResolver resolver = super.idResolver(ctxt, baseType, subtypeValidator, subtypes, forSer, forDeser);
			boolean classNames = this._idType == JsonTypeInfo.Id.CLASS && this._customIdResolver == null;
			return (classNames) ? new AliasingTypeIdResolver(resolver) : resolver;
		}

	}

	/**
	 * A {@link JsonMapper.Builder} that installs the provider, which Jackson lets only
	 * builders do.
	 */
	private static final class ProvidedMapperBuilder extends JsonMapper.Builder {

		ProvidedMapperBuilder() {
			super(new JsonFactory());
			typeResolverProvider(new JsonTypeResolverProvider());
		}

	}

}
