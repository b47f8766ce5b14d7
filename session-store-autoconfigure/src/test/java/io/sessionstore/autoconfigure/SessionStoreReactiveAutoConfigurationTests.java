package io.sessionstore.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.RequestedSessionIdsWebFilter;
import io.sessionstore.redis.SessionIdCookieWebSessionIdResolver;
import io.sessionstore.redis.SessionStoreWebExceptionHandler;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.session.ReactiveMapSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.HeaderWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStoreReactiveAutoConfiguration}, on a real Redis server, beside
 * Spring Boot's own WebFlux auto-configurations.
 */
@WithRedis
class SessionStoreReactiveAutoConfigurationTests {

	private static final RedisServer redis = RedisServers.shared();

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				WebSessionIdResolverAutoConfiguration.class, WebFluxAutoConfiguration.class,
				SessionStoreReactiveAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port());

	@Test
	void defaultsGiveAReactiveRedisHashSessionRepositoryBehindTheWebSessionManager() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveRedisHashSessionRepository.class)
				.hasSingleBean(SessionStoreWebExceptionHandler.class)
				.hasSingleBean(RequestedSessionIdsWebFilter.class)
				.doesNotHaveBean(RedisHashSessionRepository.class);
			ReactiveRedisHashSessionRepository repository = context.getBean(ReactiveRedisHashSessionRepository.class);
			assertThat(repository.getNamespace()).isEqualTo("session");
			assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
			assertThat(repository.getMaxLifetime()).isNull();
			assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
			assertThat(repository.isPrincipalIndexEnabled()).isTrue();
			assertThat(repository.getMaxSessionSize()).isZero();
			DefaultWebSessionManager manager = (DefaultWebSessionManager) context.getBean(WebSessionManager.class);
			assertThat(manager.getSessionStore()).isInstanceOf(SpringSessionWebSessionStore.class);
			assertThat(manager.getSessionIdResolver()).isInstanceOf(SessionIdCookieWebSessionIdResolver.class)
				.isSameAs(context.getBean(WebSessionIdResolver.class));
		});
	}

	@Test
	void sessionsAreStoredAsHashesUnderTheNamespaceWithSpringSessionTimeoutAsTheirTtl() {
		this.contextRunner.withPropertyValues("session-store.namespace=session:reactive-autoconfig-test",
				"spring.session.timeout=7m")
			.run((context) -> {
				ReactiveRedisHashSessionRepository repository = context
					.getBean(ReactiveRedisHashSessionRepository.class);
				RedisHashSession session = repository.createSession().block();
				session.setAttribute("greeting", "hello");
				repository.save(session).block();
				String key = "session:reactive-autoconfig-test:" + session.getId();
				assertThat(redis.command("HGET", key, "greeting")).isEqualTo("hello");
				assertThat(redis.command("HGET", key, "session_ttl")).isEqualTo("420");
			});
	}

	@Test
	void serverReactiveSessionTimeoutIsTheFallbackIdleTimeout() {
		this.contextRunner.withPropertyValues("server.reactive.session.timeout=9m")
			.run((context) -> assertThat(context.getBean(ReactiveRedisHashSessionRepository.class)
				.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(9)));
	}

	@Test
	void sessionStorePropertiesAreMappedOntoTheRepository() {
		this.contextRunner
			.withPropertyValues("session-store.max-lifetime=8h", "session-store.save-mode=always",
					"session-store.max-session-size=64KB", "session-store.principal-index.enabled=false",
					"session-store.shared-values.maximum-entries=500")
			.run((context) -> {
				ReactiveRedisHashSessionRepository repository = context
					.getBean(ReactiveRedisHashSessionRepository.class);
				assertThat(repository.getSharedValues().getMaximumEntries()).isEqualTo(500);
				assertThat(repository.getMaxLifetime()).isEqualTo(Duration.ofHours(8));
				assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ALWAYS);
				assertThat(repository.getMaxSessionSize()).isEqualTo(64 * 1024);
				assertThat(repository.isPrincipalIndexEnabled()).isFalse();
			});
	}

	@Test
	void cookieWithOnlyItsNameSetIsHttpOnlyAndSameSiteLaxAndCarriesTheRawId() {
		this.contextRunner.withPropertyValues("server.reactive.session.cookie.name=sid").run((context) -> {
			ResponseCookie cookie = sessionCookie(context, "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde");
			assertThat(cookie.getName()).isEqualTo("sid");
			assertThat(cookie.getValue()).isEqualTo("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde");
			assertThat(cookie.isHttpOnly()).isTrue();
			assertThat(cookie.getSameSite()).isEqualTo("Lax");
			assertThat(cookie.getPath()).isEqualTo("/");
			assertThat(cookie.isSecure()).isFalse();
		});
	}

	@Test
	void cookieAttributesThatAreSetApply() {
		this.contextRunner
			.withPropertyValues("server.reactive.session.cookie.same-site=strict",
					"server.reactive.session.cookie.secure=true", "server.reactive.session.cookie.http-only=false",
					"server.reactive.session.cookie.domain=example.com", "server.reactive.session.cookie.path=/app",
					"server.reactive.session.cookie.max-age=1h")
			.run((context) -> {
				ResponseCookie cookie = sessionCookie(context, "id");
				assertThat(cookie.getName()).isEqualTo("SESSION");
				assertThat(cookie.getSameSite()).isEqualTo("Strict");
				assertThat(cookie.isSecure()).isTrue();
				assertThat(cookie.isHttpOnly()).isFalse();
				assertThat(cookie.getDomain()).isEqualTo("example.com");
				assertThat(cookie.getPath()).isEqualTo("/app");
				assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofHours(1));
			});
	}

	@Test
	void applicationsOwnWebSessionIdResolverIsUsed() {
		this.contextRunner.withUserConfiguration(HeaderResolverConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WebSessionIdResolver.class)
				.doesNotHaveBean(SessionIdCookieWebSessionIdResolver.class);
			DefaultWebSessionManager manager = (DefaultWebSessionManager) context.getBean(WebSessionManager.class);
			assertThat(manager.getSessionIdResolver()).isInstanceOf(HeaderWebSessionIdResolver.class);
			assertThat(manager.getSessionStore()).isInstanceOf(SpringSessionWebSessionStore.class);
		});
	}

	@Test
	void onlyTheSessionThatTheExchangeNamesThroughTheWebSessionManagersResolverIsTouchedWhenFound() {
		this.contextRunner.withUserConfiguration(HeaderResolverConfiguration.class).run((context) -> {
			ReactiveRedisHashSessionRepository repository = context.getBean(ReactiveRedisHashSessionRepository.class);
			RequestedSessionIdsWebFilter filter = context.getBean(RequestedSessionIdsWebFilter.class);
			RedisHashSession own = repository.createSession().block();
			RedisHashSession other = repository.createSession().block();
			repository.save(own).then(repository.save(other)).block();
			redis.command("EXPIRE", "session:" + own.getId(), "300");
			redis.command("EXPIRE", "session:" + other.getId(), "300");
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.get("/").header("SESSION", own.getId()));

			filter.filter(exchange, (filtered) -> repository.findById(own.getId())
				.then(repository.findById(other.getId()))
				.then())
				.block();

			assertThat(Long.parseLong(redis.command("TTL", "session:" + own.getId()))).isGreaterThan(1700L);
			assertThat(Long.parseLong(redis.command("TTL", "session:" + other.getId()))).isBetween(290L, 300L);
		});
	}

	@Test
	void applicationsOwnRequestedSessionIdsFilterIsUsed() {
		this.contextRunner.withUserConfiguration(RequestedSessionIdsFilterConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RequestedSessionIdsWebFilter.class)
				.hasBean("ownRequestedSessionIdsWebFilter"));
	}

	@Test
	void applicationsOwnCustomizersRunAfterThePropertiesAndWin() {
		this.contextRunner.withUserConfiguration(NamespaceCustomizerConfiguration.class)
			.withPropertyValues("session-store.namespace=from-properties")
			.run((context) -> assertThat(context.getBean(ReactiveRedisHashSessionRepository.class).getNamespace())
				.isEqualTo("from-customizer"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAReactiveSessionRepository() {
		this.contextRunner.withUserConfiguration(MapRepositoryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ReactiveSessionRepository.class)
				.doesNotHaveBean(ReactiveRedisHashSessionRepository.class)
				.doesNotHaveBean(SessionRedisConnection.class)
				.doesNotHaveBean(SessionStoreWebExceptionHandler.class)
				.doesNotHaveBean(RequestedSessionIdsWebFilter.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("session-store.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveRedisHashSessionRepository.class)
				.doesNotHaveBean(SessionIdCookieWebSessionIdResolver.class));
	}

	@Test
	void backsOffWithoutSessionStoreCore() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ReactiveRedisHashSessionRepository.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SessionRedisConnection.class)
				.doesNotHaveBean(SessionIdCookieWebSessionIdResolver.class));
	}

	@Test
	void servletApplicationGetsNoReactiveRepository() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionStoreReactiveAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveRedisHashSessionRepository.class));
	}

	@Test
	void flushModeImmediateIsRefusedAtStartupSayingWhy() {
		this.contextRunner.withPropertyValues("session-store.flush-mode=immediate").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property session-store.flush-mode with value 'IMMEDIATE' is invalid")
				.hasMessageContaining("WebFlux applications save sessions when the response is committed; remove "
						+ "the property or set it to 'on-save'");
		});
	}

	@Test
	void nearCacheIsRefusedAtStartupSayingWhy() {
		this.contextRunner.withPropertyValues("session-store.near-cache.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("The near cache is not available to WebFlux applications; remove the property");
		});
	}

	@Test
	void invalidNamespaceIsRefusedAtStartupLikeForServletApplications() {
		this.contextRunner.withPropertyValues("session-store.namespace=a{b}").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property session-store.namespace with value 'a{b}' is invalid")
				.hasMessageContaining("use a prefix such as 'session' or 'session:app-a'");
		});
	}

	private static ResponseCookie sessionCookie(AssertableReactiveWebApplicationContext context, String id) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		context.getBean(WebSessionIdResolver.class).setSessionId(exchange, id);
		return exchange.getResponse().getCookies().values().iterator().next().get(0);
	}

	@Configuration(proxyBeanMethods = false)
	static class HeaderResolverConfiguration {

		@Bean
		HeaderWebSessionIdResolver webSessionIdResolver() {
			return new HeaderWebSessionIdResolver();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RequestedSessionIdsFilterConfiguration {

		@Bean
		RequestedSessionIdsWebFilter ownRequestedSessionIdsWebFilter() {
			return new RequestedSessionIdsWebFilter(new HeaderWebSessionIdResolver());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamespaceCustomizerConfiguration {

		@Bean
		ReactiveSessionRepositoryCustomizer<ReactiveRedisHashSessionRepository> namespaceCustomizer() {
			return (repository) -> repository.setNamespace("from-customizer");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MapRepositoryConfiguration {

		@Bean
		ReactiveMapSessionRepository sessionRepository() {
			return new ReactiveMapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}
