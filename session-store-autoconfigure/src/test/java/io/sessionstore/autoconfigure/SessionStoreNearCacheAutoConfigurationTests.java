package io.sessionstore.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessionstore.redis.NearCacheOptions;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionLookupCacheFilter;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-configuration of the near cache: off unless enabled, its properties mapped onto the
 * repository and checked at startup, its meters, and its connection closed with the
 * application context.
 */
@WithRedis
class SessionStoreNearCacheAutoConfigurationTests {

	private static final RedisServer redis = RedisServers.shared();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner(
			AnnotationConfigServletWebApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionStoreAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"session-store.namespace=session:near-cache-test");

	@Test
	void nearCacheIsOffUnlessEnabled() {
		this.contextRunner.run((context) -> {
			RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
			assertThat(repository.getNearCache()).isNull();
			assertThat(repository.isNearCacheActive()).isFalse();
			RedisHashSession session = repository.createSession();
			repository.save(session);
			assertThat(ttlOf(context, session)).isBetween(1795L, 1800L);
			repository.deleteById(session.getId());
		});
	}

	@Test
	void nearCachePropertiesAreMappedOntoTheRepository() {
		this.contextRunner
			.withPropertyValues("session-store.near-cache.enabled=true", "session-store.near-cache.maximum-entries=500",
					"session-store.near-cache.maximum-size=4MB", "session-store.near-cache.touch-interval=90s")
			.run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				NearCacheOptions options = repository.getNearCache();
				assertThat(options).isNotNull();
				assertThat(options.getMaximumEntries()).isEqualTo(500);
				assertThat(options.getMaximumSize()).isEqualTo(4L * 1024 * 1024);
				assertThat(options.getTouchInterval()).isEqualTo(Duration.ofSeconds(90));
				await().atMost(Duration.ofSeconds(10)).until(repository::isNearCacheActive);
				RedisHashSession session = repository.createSession();
				repository.save(session);
				assertThat(ttlOf(context, session)).isBetween(1885L, 1890L);
				repository.deleteById(session.getId());
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "maximum-entries|0|at least one session",
			"maximum-size|0B|a positive size", "touch-interval|0s|The touch interval must be positive",
			"touch-interval|-5s|The touch interval must be positive" })
	void badNearCacheValueFailsStartupNamingTheProperty(String property, String value, String reason) {
		this.contextRunner
			.withPropertyValues("session-store.near-cache.enabled=true", "session-store.near-cache." + property + "="
					+ value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("Property session-store.near-cache." + property + " with value")
					.hasMessageContaining(reason);
			});
	}

	@Test
	void badNearCacheValuesAreIgnoredWhileItIsOff() {
		this.contextRunner.withPropertyValues("session-store.near-cache.touch-interval=0s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void metersCountNearCacheHitsMissesAndInvalidations() {
		this.contextRunner.withPropertyValues("session-store.near-cache.enabled=true").run((context) -> {
			RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SessionStoreMetrics.class).bindTo(registry);
			await().atMost(Duration.ofSeconds(10)).until(repository::isNearCacheActive);
			RedisHashSession session = repository.createSession();
			session.setAttribute("username", "andrew");
			repository.save(session);

			assertThat(requestFor(context, session.getId())).isNotNull();
			assertThat(requestFor(context, session.getId())).isNotNull();
			context.getBean(StringRedisTemplate.class)
				.opsForHash()
				.put("session:near-cache-test:" + session.getId(), "username", "bob");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry.get("sessionstore.nearcache.invalidations").functionCounter().count() == 1);

			assertThat(registry.get("sessionstore.nearcache.misses").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("sessionstore.nearcache.hits").functionCounter().count()).isEqualTo(1);
			repository.deleteById(session.getId());
		});
	}

	@Test
	void registersNoNearCacheMetersWhileItIsOff() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SessionStoreMetrics.class).bindTo(registry);
			assertThat(registry.find("sessionstore.nearcache.hits").functionCounter()).isNull();
			assertThat(registry.find("sessionstore.sessions.created").functionCounter()).isNotNull();
		});
	}

	@Test
	void closingTheContextClosesTheNearCacheConnection() {
		long before = redis.trackingClients();
		AtomicReference<RedisHashSessionRepository> repository = new AtomicReference<>();
		this.contextRunner.withPropertyValues("session-store.near-cache.enabled=true").run((context) -> {
			repository.set(context.getBean(RedisHashSessionRepository.class));
			await().atMost(Duration.ofSeconds(10)).until(repository.get()::isNearCacheActive);
			assertThat(redis.trackingClients()).isEqualTo(before + 1);
		});
		assertThat(repository.get().isNearCacheActive()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.trackingClients() == before);
	}

	private static long ttlOf(AssertableWebApplicationContext context, RedisHashSession session) {
		Long ttl = context.getBean(StringRedisTemplate.class).getExpire("session:near-cache-test:" + session.getId());
		return (ttl != null) ? ttl : -2;
	}

	/**
	 * Look the session up as the session of a request carrying its cookie, through the
	 * registered lookup filter, as Spring Session's filter would.
	 */
	@SuppressWarnings("unchecked")
	private static RedisHashSession requestFor(AssertableWebApplicationContext context, String id) throws Exception {
		FilterRegistrationBean<SessionLookupCacheFilter> registration = context.getBean("sessionLookupCacheFilterRegistration",
				FilterRegistrationBean.class);
		RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("SESSION", Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8))));
		AtomicReference<RedisHashSession> found = new AtomicReference<>();
		registration.getFilter()
			.doFilter(request, new MockHttpServletResponse(), (req, res) -> found.set(repository.findById(id)));
		return found.get();
	}

}
