package io.sessionstore.redis.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.FlashMap;

/**
 * Jackson module for Spring MVC's {@link FlashMap}, which {@code SessionFlashMapManager}
 * keeps in the session as a list. A {@code FlashMap} is a {@code HashMap} with three
 * properties of its own, which Jackson would drop; this module writes it as
 * <pre class="code">
 * {"@class":"org.springframework.web.servlet.FlashMap","targetRequestPath":"/orders",
 *  "targetRequestParams":{"id":["42"]},"expirationTime":1775133296789,
 *  "attributes":{"message":"Order saved"}}
 * </pre>
 * Only registered when Spring MVC is on the class path.
 */
final class JsonFlashMapModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	static final String FLASH_MAP_CLASS_NAME = "org.springframework.web.servlet.FlashMap";

	private static final String TARGET_REQUEST_PATH = "targetRequestPath";

	private static final String TARGET_REQUEST_PARAMS = "targetRequestParams";

	private static final String EXPIRATION_TIME = "expirationTime";

	private static final String ATTRIBUTES = "attributes";

	JsonFlashMapModule() {
		super(JsonFlashMapModule.class.getName());
		addSerializer(FlashMap.class, new FlashMapSerializer());
		addDeserializer(FlashMap.class, new FlashMapDeserializer());
	}

	private static final class FlashMapSerializer extends StdSerializer<FlashMap> {

		FlashMapSerializer() {
			super(FlashMap.class);
		}

		@Override
		public void serialize(FlashMap flashMap, JsonGenerator generator, SerializationContext ctxt)
				throws JacksonException {
			generator.writeStartObject(flashMap);
			writeProperties(flashMap, generator, ctxt);
			generator.writeEndObject();
		}

		@Override
		public void serializeWithType(FlashMap flashMap, JsonGenerator generator, SerializationContext ctxt,
				TypeSerializer typeSerializer) throws JacksonException {
			WritableTypeId typeId = typeSerializer.writeTypePrefix(generator, ctxt,
					typeSerializer.typeId(flashMap, JsonToken.START_OBJECT));
			writeProperties(flashMap, generator, ctxt);
			typeSerializer.writeTypeSuffix(generator, ctxt, typeId);
		}

		private void writeProperties(FlashMap flashMap, JsonGenerator generator, SerializationContext ctxt) {
			if (flashMap.getTargetRequestPath() != null) {
				generator.writeStringProperty(TARGET_REQUEST_PATH, flashMap.getTargetRequestPath());
			}
			if (!flashMap.getTargetRequestParams().isEmpty()) {
				generator.writeName(TARGET_REQUEST_PARAMS);
				generator.writeStartObject();
				for (Map.Entry<String, List<String>> param : flashMap.getTargetRequestParams().entrySet()) {
					generator.writeName(param.getKey());
					generator.writeStartArray();
					for (String value : param.getValue()) {
						generator.writeString(value);
					}
					generator.writeEndArray();
				}
				generator.writeEndObject();
			}
			generator.writeNumberProperty(EXPIRATION_TIME, flashMap.getExpirationTime());
			generator.writeName(ATTRIBUTES);
			ctxt.findTypedValueSerializer(attributesType(ctxt), true)
				.serialize(new LinkedHashMap<>(flashMap), generator, ctxt);
		}

	}

	private static final class FlashMapDeserializer extends StdDeserializer<FlashMap> {

		FlashMapDeserializer() {
			super(FlashMap.class);
		}

		@Override
		public FlashMap deserialize(JsonParser parser, DeserializationContext ctxt) throws JacksonException {
			FlashMap flashMap = new FlashMap();
			JsonToken token = parser.currentToken();
			if (token == JsonToken.START_OBJECT) {
				token = parser.nextToken();
			}
			for (; token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
				String name = parser.currentName();
				parser.nextToken();
				switch (name) {
					case TARGET_REQUEST_PATH -> flashMap.setTargetRequestPath(parser.getValueAsString());
					case TARGET_REQUEST_PARAMS -> flashMap
						.addTargetRequestParams(new LinkedMultiValueMap<>(ctxt.readValue(parser, paramsType(ctxt))));
					case EXPIRATION_TIME -> flashMap.setExpirationTime(parser.getLongValue());
					case ATTRIBUTES -> flashMap.putAll(ctxt.<Map<String, ?>>readValue(parser, attributesType(ctxt)));
					default -> ctxt.handleUnknownProperty(parser, this, flashMap, name);
				}
			}
			if (token != JsonToken.END_OBJECT) {
				ctxt.reportWrongTokenException(this, JsonToken.END_OBJECT, "expected the end of a FlashMap");
			}
			return flashMap;
		}

		@Override
		public Object deserializeWithType(JsonParser parser, DeserializationContext ctxt,
				TypeDeserializer typeDeserializer) throws JacksonException {
			return typeDeserializer.deserializeTypedFromObject(parser, ctxt);
		}

	}

	private static JavaType attributesType(DatabindContext ctxt) {
		return ctxt.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class);
	}

	private static JavaType paramsType(DatabindContext ctxt) {
		TypeFactory types = ctxt.getTypeFactory();
		return types.constructMapType(LinkedHashMap.class, types.constructType(String.class),
				types.constructCollectionType(List.class, String.class));
	}

}
