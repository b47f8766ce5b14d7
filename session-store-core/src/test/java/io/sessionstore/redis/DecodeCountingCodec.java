package io.sessionstore.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.sessionstore.redis.json.JsonAttributeCodec;
import org.jspecify.annotations.Nullable;

/**
 * The default JSON codec, counting the decodes of each attribute.
 */
final class DecodeCountingCodec implements AttributeCodec {

	private final AttributeCodec codec = JsonAttributeCodec.withDefaults();

	private final Map<String, LongAdder> decodes = new ConcurrentHashMap<>();

	@Override
	public EncodedAttribute encode(String name, Object value) {
		return this.codec.encode(name, value);
	}

	@Override
	public Object decode(String name, byte[] stored, @Nullable String type) {
		this.decodes.computeIfAbsent(name, (key) -> new LongAdder()).increment();
		return this.codec.decode(name, stored, type);
	}

	long decodes(String name) {
		LongAdder count = this.decodes.get(name);
		return (count != null) ? count.sum() : 0;
	}

}
