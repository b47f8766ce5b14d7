package io.sessionstore.benchmarks;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.sessionstore.redis.NearCacheOptions;
import io.sessionstore.redis.RedisHashSessionRepository;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * The session repositories compared, each built as an application gets it from its
 * documented configuration.
 */
public enum Store {

	/** This project's {@link RedisHashSessionRepository}, with its defaults (JSON). */
	SESSION_STORE("session-store", "session:", true) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			return new RedisHashSessionRepository(connectionFactory);
		}
	},

	/**
	 * This project's {@link RedisHashSessionRepository} with its near cache on, with the
	 * default {@link NearCacheOptions}, as {@code session-store.near-cache.enabled=true}
	 * sets it up.
	 */
	SESSION_STORE_NEAR_CACHE("session-store, near cache", "session:", true) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			RedisHashSessionRepository repository = new RedisHashSessionRepository(connectionFactory);
			repository.setNearCache(NearCacheOptions.defaults());
			awaitNearCache(repository);
			return repository;
		}
	},

	/** Spring Session's {@link RedisSessionRepository} with its default JDK serialization. */
	SPRING_REDIS_JDK("Spring `RedisSessionRepository`, JDK", SpringSession.KEY_PREFIX, false) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			return new RedisSessionRepository(springSessionTemplate(connectionFactory, null));
		}
	},

	/** Spring Session's {@link RedisSessionRepository} with Jackson, as its JSON sample sets it up. */
	SPRING_REDIS_JSON("Spring `RedisSessionRepository`, JSON", SpringSession.KEY_PREFIX, false) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			return new RedisSessionRepository(springSessionTemplate(connectionFactory, json()));
		}
	},

	/** Spring Session's {@link RedisIndexedSessionRepository} with JDK serialization. */
	SPRING_INDEXED_JDK("Spring `RedisIndexedSessionRepository`, JDK", SpringSession.KEY_PREFIX, true) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			return new RedisIndexedSessionRepository(springSessionTemplate(connectionFactory, null));
		}
	},

	/** Spring Session's {@link RedisIndexedSessionRepository} with Jackson. */
	SPRING_INDEXED_JSON("Spring `RedisIndexedSessionRepository`, JSON", SpringSession.KEY_PREFIX, true) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			return new RedisIndexedSessionRepository(springSessionTemplate(connectionFactory, json()));
		}
	},

	/** Spring Session's {@link MapSessionRepository}: sessions in the JVM's heap, the ceiling. */
	IN_MEMORY("`MapSessionRepository` (in memory)", null, false) {
		@Override
		SessionRepository<?> repository(RedisConnectionFactory connectionFactory) {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}
	};

	private static final Duration NEAR_CACHE_START_TIMEOUT = Duration.ofSeconds(10);

	private final String title;

	private final @Nullable String keyPrefix;

	private final boolean findsByPrincipal;

	Store(String title, @Nullable String keyPrefix, boolean findsByPrincipal) {
		this.title = title;
		this.keyPrefix = keyPrefix;
		this.findsByPrincipal = findsByPrincipal;
	}

	/**
	 * Return how the store is named in reports.
	 * @return the title, in Markdown
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Return whether the store keeps sessions in Redis.
	 * @return whether it uses Redis
	 */
	public boolean usesRedis() {
		return this.keyPrefix != null;
	}

	/**
	 * Return whether the store can find sessions by principal name.
	 * @return whether it implements {@code FindByIndexNameSessionRepository}
	 */
	public boolean findsByPrincipal() {
		return this.findsByPrincipal;
	}

	/**
	 * Return whether the store keeps a near cache of the sessions it has read.
	 * @return whether it has a near cache
	 */
	public boolean hasNearCache() {
		return this == SESSION_STORE_NEAR_CACHE;
	}

	String sessionKey(String sessionId) {
		if (this.keyPrefix == null) {
			throw new IllegalStateException(name() + " keeps no sessions in Redis");
		}
		return this.keyPrefix + sessionId;
	}

	abstract SessionRepository<?> repository(RedisConnectionFactory connectionFactory);

	/**
	 * Wait until the near cache has tracking confirmed, so that what is measured is the
	 * cache and not the reads from Redis it falls back to while it starts.
	 */
	private static void awaitNearCache(RedisHashSessionRepository repository) {
		long deadline = System.nanoTime() + NEAR_CACHE_START_TIMEOUT.toNanos();
		while (!repository.isNearCacheActive()) {
			if (System.nanoTime() - deadline > 0) {
				repository.destroy();
				throw new IllegalStateException("The near cache did not start within " + NEAR_CACHE_START_TIMEOUT
						+ "; see the log");
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the near cache started", ex);
			}
		}
	}

	private static RedisTemplate<String, Object> springSessionTemplate(RedisConnectionFactory connectionFactory,
			@Nullable RedisSerializer<Object> serializer) {
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		if (serializer != null) {
			template.setDefaultSerializer(serializer);
		}
		template.setConnectionFactory(connectionFactory);
		template.setBeanClassLoader(Store.class.getClassLoader());
		template.afterPropertiesSet();
		return template;
	}

	private static RedisSerializer<Object> json() {
		JsonMapper mapper = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(Store.class.getClassLoader()))
			.build();
		return new JacksonJsonRedisSerializer<>(mapper, Object.class);
	}

	private static final class SpringSession {

		private static final String KEY_PREFIX = "spring:session:sessions:";

	}

}
