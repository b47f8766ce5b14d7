package io.sessionstore.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the repository, loaded from the {@code .lua} resources beside this
 * class. Scripts that write a session share the {@code prelude.lua} helpers; the near
 * cache's {@code read.lua}, which writes nothing, stands alone.
 */
final class SessionScripts {

	@SuppressWarnings("rawtypes")
	final RedisScript<List> touch = script("touch.lua", List.class);

	final RedisScript<Long> save = script("save.lua", Long.class);

	@SuppressWarnings("rawtypes")
	final RedisScript<List> take = script("take.lua", List.class);

	@SuppressWarnings("rawtypes")
	final RedisScript<List> delete = script("delete.lua", List.class);

	final RedisScript<Long> increment = script("increment.lua", Long.class);

	final RedisScript<Long> capLifetime = script("cap-lifetime.lua", Long.class);

	final RedisScript<Long> pruneIndex = script("prune-index.lua", Long.class);

	@SuppressWarnings("rawtypes")
	final RedisScript<List> findByIndex = script("find-by-index.lua", List.class);

	@SuppressWarnings("rawtypes")
	final RedisScript<List> indexMembers = script("index.lua", List.class);

	final RedisScript<Long> changeIndex = script("index.lua", Long.class);

	@SuppressWarnings("rawtypes")
	final RedisScript<List> read = RedisScript.of(resource("read.lua"), List.class);

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return RedisScript.of(resource("prelude.lua") + resource(name), resultType);
	}

	private static String resource(String name) {
		try (InputStream stream = SessionScripts.class.getResourceAsStream(name)) {
			if (stream == null) {
				throw new IllegalStateException("Missing script resource " + name);
			}
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
