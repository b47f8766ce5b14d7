package io.sessionstore.autoconfigure;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sessionstore.redis.RedisHashSessionRepository;

import org.springframework.context.ApplicationListener;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

/**
 * Counts the repository's session events and attribute decode failures, and the near
 * cache's hits, misses and invalidations when it is on, and binds the counts to every
 * {@link MeterRegistry} of the application.
 */
final class SessionStoreMetrics implements MeterBinder, ApplicationListener<AbstractSessionEvent> {

	private final RedisHashSessionRepository repository;

	private final LongAdder created = new LongAdder();

	private final LongAdder deleted = new LongAdder();

	private final LongAdder expired = new LongAdder();

	SessionStoreMetrics(RedisHashSessionRepository repository) {
		this.repository = repository;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("sessionstore.sessions.created", this.created, LongAdder::sum)
			.description("Sessions created")
			.register(registry);
		FunctionCounter.builder("sessionstore.sessions.deleted", this.deleted, LongAdder::sum)
			.description("Sessions deleted (invalidated) by the application")
			.register(registry);
		FunctionCounter.builder("sessionstore.sessions.expired", this.expired, LongAdder::sum)
			.description("Sessions expired in Redis, when expired events are enabled")
			.register(registry);
		FunctionCounter
			.builder("sessionstore.attributes.decode.failures", this.repository,
					RedisHashSessionRepository::getDecodeFailureCount)
			.description("Attribute values that could not be decoded and were left out of their session")
			.register(registry);
		if (this.repository.getNearCache() != null) {
			FunctionCounter
				.builder("sessionstore.nearcache.hits", this.repository, RedisHashSessionRepository::getNearCacheHitCount)
				.description("Lookups of a request's own session served from the near cache, without a round trip")
				.register(registry);
			FunctionCounter
				.builder("sessionstore.nearcache.misses", this.repository,
						RedisHashSessionRepository::getNearCacheMissCount)
				.description("Lookups of a request's own session that went to Redis although the near cache is on")
				.register(registry);
			FunctionCounter
				.builder("sessionstore.nearcache.invalidations", this.repository,
						RedisHashSessionRepository::getNearCacheInvalidationCount)
				.description("Session keys that Redis reported changed to the near cache")
				.register(registry);
		}
	}

	@Override
	public void onApplicationEvent(AbstractSessionEvent event) {
		if (event.getSource() != this.repository) {
			return;
		}
		if (event instanceof SessionCreatedEvent) {
			this.created.increment();
		}
		else if (event instanceof SessionExpiredEvent) {
			this.expired.increment();
		}
		else if (event instanceof SessionDeletedEvent) {
			this.deleted.increment();
		}
	}

}
