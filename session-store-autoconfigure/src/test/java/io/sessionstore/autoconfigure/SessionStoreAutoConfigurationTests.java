package io.sessionstore.autoconfigure;

import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessionstore.redis.AttributeCodec;
import io.sessionstore.redis.AttributeCodec.EncodedAttribute;
import io.sessionstore.redis.AttributeDecodingException;
import io.sessionstore.redis.AttributeEncodingException;
import io.sessionstore.redis.JdkSerializationAttributeCodec;
import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.json.JsonAttributeCodec;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionLookupCacheFilter;
import io.sessionstore.redis.SessionStoreExceptionResolver;
import io.sessionstore.redis.SessionStoreUnavailableException;
import io.sessionstore.redis.SharedValueOptions;
import io.sessionstore.testsupport.RedisCluster;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SessionStoreAutoConfiguration}, on a real Redis server.
 */
@WithRedis
class SessionStoreAutoConfigurationTests {

	private static final RedisServer redis = RedisServers.shared();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner(
			AnnotationConfigServletWebApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
				SessionStoreAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port());

	@Test
	void defaultsGiveARedisHashSessionRepositoryBehindSpringSessionsFilter() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisHashSessionRepository.class)
				.hasSingleBean(SessionRepositoryFilter.class);
			RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
			assertSessionsAreStoredUnder(context, "session");
			assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
			assertThat(repository.getMaxLifetime()).isNull();
			assertThat(repository.getFlushMode()).isEqualTo(FlushMode.ON_SAVE);
			assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
			assertThat(repository.getAttributeCodec()).isInstanceOf(JsonAttributeCodec.class);
			assertThat(repository.isPrincipalIndexEnabled()).isEqualTo(true);
			assertThat(repository.isMultiKeyScripts()).isEqualTo(true);
			assertThat(repository.getMaxSessionSize()).isEqualTo(0L);
			assertThat(context).hasSingleBean(PrincipalIndexSweeper.class)
				.doesNotHaveBean(SessionExpiredEventPublisher.class)
				.hasSingleBean(SessionStoreMetrics.class)
				.hasSingleBean(SessionStoreExceptionResolver.class);
		});
	}

	@Test
	void sessionsAreStoredAsHashesUnderTheNamespaceWithSpringSessionTimeoutAsTheirTtl() {
		this.contextRunner.withPropertyValues("session-store.namespace=session:autoconfig-test",
				"spring.session.timeout=7m")
			.run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				RedisHashSession session = repository.createSession();
				session.setAttribute("greeting", "hello");
				repository.save(session);
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				String key = "session:autoconfig-test:" + session.getId();
				assertThat(redis.<String, String>opsForHash().get(key, "greeting")).isEqualTo("hello");
				assertThat(redis.getExpire(key)).isBetween(400L, 420L);
				repository.deleteById(session.getId());
			});
	}

	@Test
	void serverServletSessionTimeoutIsTheIdleTimeoutWhenSpringSessionTimeoutIsUnset() {
		this.contextRunner.withPropertyValues("server.servlet.session.timeout=20m")
			.run((context) -> assertThat(context.getBean(RedisHashSessionRepository.class).getDefaultMaxInactiveInterval())
				.isEqualTo(Duration.ofMinutes(20)));
	}

	@Test
	void everySessionStorePropertyIsMappedOntoTheRepository() {
		this.contextRunner
			.withPropertyValues("session-store.namespace=session:app-a", "session-store.max-lifetime=8h",
					"session-store.flush-mode=immediate", "session-store.save-mode=always",
					"session-store.principal-index.enabled=false", "session-store.multi-key-scripts=false",
					"session-store.max-session-size=64KB")
			.run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				assertSessionsAreStoredUnder(context, "session:app-a");
				assertThat(repository.getMaxLifetime()).isEqualTo(Duration.ofHours(8));
				assertThat(repository.getFlushMode()).isEqualTo(FlushMode.IMMEDIATE);
				assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ALWAYS);
				assertThat(repository.isPrincipalIndexEnabled()).isEqualTo(false);
				assertThat(repository.isMultiKeyScripts()).isEqualTo(false);
				assertThat(repository.getMaxSessionSize()).isEqualTo(64L * 1024);
				assertThat(context).doesNotHaveBean(PrincipalIndexSweeper.class);
			});
	}

	@Test
	void securityContextIsASharedValueByDefaultAndSharedValuesFollowTheirProperties() {
		this.contextRunner.run((context) -> {
			SharedValueOptions options = context.getBean(RedisHashSessionRepository.class).getSharedValues();
			assertThat(options.getTypes()).containsExactly("org.springframework.security.core.context.SecurityContextImpl");
			assertThat(options.getMaximumEntries()).isEqualTo(10_000);
		});
		this.contextRunner
			.withPropertyValues("session-store.shared-values.types=com.example.Cart,com.example.Profile",
					"session-store.shared-values.maximum-entries=500")
			.run((context) -> {
				SharedValueOptions options = context.getBean(RedisHashSessionRepository.class).getSharedValues();
				assertThat(options.getTypes()).containsExactlyInAnyOrder("com.example.Cart", "com.example.Profile");
				assertThat(options.getMaximumEntries()).isEqualTo(500);
			});
		this.contextRunner.withPropertyValues("session-store.shared-values.types=")
			.run((context) -> assertThat(context.getBean(RedisHashSessionRepository.class).getSharedValues().getTypes())
				.isEmpty());
		this.contextRunner.withPropertyValues("session-store.shared-values.enabled=false")
			.run((context) -> assertThat(context.getBean(RedisHashSessionRepository.class).getSharedValues()).isNull());
	}

	@Test
	void negativeNumberOfSharedValuesFailsStartupNamingTheProperty() {
		assertStartupFailsWith("session-store.shared-values.maximum-entries=-1",
				"session-store.shared-values.maximum-entries", "must not be negative");
	}

	@Test
	void jdkCodecIsUsedWhenAskedFor() {
		this.contextRunner
			.withPropertyValues("session-store.codec=jdk",
					"session-store.jdk.deserialization-filter=com.example.**;java.base/*;!*")
			.run((context) -> {
				Object codec = context.getBean(RedisHashSessionRepository.class).getAttributeCodec();
				assertThat(codec).isInstanceOf(JdkSerializationAttributeCodec.class);
				assertThat(field(codec, "filter")).hasToString("com.example.**;java.base/*;!*");
			});
	}

	@Test
	void jdkCodecWithoutADeserializationFilterFailsStartupSayingWhatToSet() {
		assertThat(ObjectInputFilter.Config.getSerialFilter()).isNull();
		this.contextRunner.withPropertyValues("session-store.codec=jdk").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property session-store.jdk.deserialization-filter with value")
				.hasMessageContaining("set session-store.jdk.deserialization-filter to the classes your sessions "
						+ "hold, such as 'com.example.**;java.base/*;!*', or set the JVM-wide jdk.serialFilter; "
						+ "'*' accepts every class");
		});
	}

	@Test
	void jdkCodecWithABlankDeserializationFilterFailsStartupLikeWithoutOne() {
		this.contextRunner.withPropertyValues("session-store.codec=jdk", "session-store.jdk.deserialization-filter= ")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("Property session-store.jdk.deserialization-filter with value")
					.hasMessageContaining("set session-store.jdk.deserialization-filter to the classes your "
							+ "sessions hold");
			});
	}

	@Test
	void jdkCodecAcceptsEveryClassWhenTheFilterIsSetToStarKnowingly() {
		this.contextRunner.withPropertyValues("session-store.codec=jdk", "session-store.jdk.deserialization-filter=*")
			.run((context) -> {
				AttributeCodec codec = (AttributeCodec) context.getBean(RedisHashSessionRepository.class).getAttributeCodec();
				EncodedAttribute cart = codec.encode("cart", new SerializableCart("book"));
				assertThat(codec.decode("cart", cart.value(), cart.type())).isEqualTo(new SerializableCart("book"));
			});
	}

	@Test
	void jdkCodecAppliesTheConfiguredDeserializationFilter() {
		this.contextRunner
			.withPropertyValues("session-store.codec=jdk",
					"session-store.jdk.deserialization-filter=java.base/*;!*")
			.run((context) -> {
				AttributeCodec codec = (AttributeCodec) context.getBean(RedisHashSessionRepository.class).getAttributeCodec();
				EncodedAttribute allowed = codec.encode("visits", 3L);
				assertThat(codec.decode("visits", allowed.value(), allowed.type())).isEqualTo(3L);
				EncodedAttribute filtered = codec.encode("cart", new SerializableCart("book"));
				assertThatExceptionOfType(AttributeDecodingException.class)
					.isThrownBy(() -> codec.decode("cart", filtered.value(), filtered.type()));
			});
	}

	@Test
	void jsonCodecDecodesTheAllowedTypesOnly() {
		this.contextRunner.withPropertyValues("session-store.json.allowed-types=" + Cart.class.getName())
			.run((context) -> {
				AttributeCodec codec = (AttributeCodec) context.getBean(RedisHashSessionRepository.class).getAttributeCodec();
				Cart cart = new Cart(List.of("book", "pen"));
				EncodedAttribute encoded = codec.encode("cart", cart);
				assertThat(codec.decode("cart", encoded.value(), encoded.type())).isEqualTo(cart);
				assertThatExceptionOfType(AttributeEncodingException.class)
					.isThrownBy(() -> codec.encode("wishlist", new Wishlist(List.of("lamp"))));
				assertThatExceptionOfType(AttributeDecodingException.class).isThrownBy(() -> codec.decode("wishlist",
						"{\"items\":[\"lamp\"]}".getBytes(StandardCharsets.UTF_8), Wishlist.class.getName()));
			});
	}

	@Test
	void jsonCodecDecodesTypesOfTheAllowedPackages() {
		this.contextRunner.withPropertyValues("session-store.json.allowed-packages=io.sessionstore.autoconfigure")
			.run((context) -> {
				AttributeCodec codec = (AttributeCodec) context.getBean(RedisHashSessionRepository.class).getAttributeCodec();
				Wishlist wishlist = new Wishlist(List.of("lamp"));
				EncodedAttribute encoded = codec.encode("wishlist", wishlist);
				assertThat(codec.decode("wishlist", encoded.value(), encoded.type())).isEqualTo(wishlist);
			});
	}

	@Test
	void userCustomizersRunAfterThePropertiesAndWin() {
		this.contextRunner.withUserConfiguration(NamespaceCustomizerConfiguration.class)
			.withPropertyValues("session-store.namespace=from-properties", "session-store.flush-mode=immediate")
			.run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				assertSessionsAreStoredUnder(context, "from-customizer");
				assertThat(repository.getFlushMode()).isEqualTo(FlushMode.IMMEDIATE);
			});
	}

	@Test
	void aSessionIdGeneratorBeanIsUsed() {
		this.contextRunner.withUserConfiguration(SessionIdGeneratorConfiguration.class)
			.run((context) -> assertThat(context.getBean(RedisHashSessionRepository.class).createSession().getId())
				.isEqualTo("custom-generated-session-id-0001"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesASessionRepository() {
		this.contextRunner.withUserConfiguration(UserSessionRepositoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionRepository.class)
				.hasSingleBean(MapSessionRepository.class)
				.doesNotHaveBean(RedisHashSessionRepository.class)
				.doesNotHaveBean(SessionRedisConnection.class)
				.doesNotHaveBean(SessionStoreExceptionResolver.class);
			assertThat(context.getBeansOfType(FilterRegistrationBean.class)).isEmpty();
		});
	}

	@Test
	void sessionStoreEnabledFalseSwitchesItOff() {
		this.contextRunner.withPropertyValues("session-store.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisHashSessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void nonWebApplicationGetsNothing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionStoreAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.doesNotHaveBean(RedisHashSessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void reactiveWebApplicationGetsNoServletRepository() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					WebSessionIdResolverAutoConfiguration.class, SessionStoreAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RedisHashSessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void backsOffWithoutSessionStoreCore() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisHashSessionRepository.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SessionRedisConnection.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void backsOffWithoutSpringDataRedis() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SessionRedisConnection.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void backsOffWithoutARedisConnectionFactory() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessionAutoConfiguration.class, SessionStoreAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisHashSessionRepository.class));
	}

	@Test
	void registersNoMetricsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(RedisHashSessionRepository.class)
				.doesNotHaveBean(SessionStoreMetrics.class));
	}

	@Test
	void registersNoExceptionResolverWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HandlerExceptionResolver.class))
			.run((context) -> assertThat(context).hasSingleBean(RedisHashSessionRepository.class)
				.doesNotHaveBean(SessionStoreExceptionResolver.class));
	}

	@Test
	void lookupFilterIsRegisteredJustBeforeSessionRepositoryFilterWithItsDispatcherTypes() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> lookup = lookupFilterRegistration(context);
			DelegatingFilterProxyRegistrationBean sessionFilter = context
				.getBean(DelegatingFilterProxyRegistrationBean.class);
			assertThat(sessionFilter.getOrder()).isEqualTo(SessionRepositoryFilter.DEFAULT_ORDER);
			assertThat(lookup.getOrder()).isEqualTo(SessionLookupCacheFilter.DEFAULT_ORDER)
				.isEqualTo(sessionFilter.getOrder() - 1);
			assertThat(lookup.getFilter()).isInstanceOf(SessionLookupCacheFilter.class);
			assertThat(dispatcherTypes(lookup))
				.isEqualTo(EnumSet.of(DispatcherType.ASYNC, DispatcherType.ERROR, DispatcherType.REQUEST));
		});
	}

	@Test
	void lookupFilterFollowsSpringSessionServletFilterOrderAndDispatcherTypes() {
		this.contextRunner
			.withPropertyValues("spring.session.servlet.filter-order=-200",
					"spring.session.servlet.filter-dispatcher-types=request")
			.run((context) -> {
				FilterRegistrationBean<?> lookup = lookupFilterRegistration(context);
				assertThat(lookup.getOrder()).isEqualTo(-201);
				assertThat(dispatcherTypes(lookup)).isEqualTo(EnumSet.of(DispatcherType.REQUEST));
			});
	}

	@Test
	void sessionCookieCarriesTheRawIdWithBootsCookieAttributes() {
		this.contextRunner.withPropertyValues("server.servlet.session.cookie.name=sid").run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest();
			MockHttpServletResponse response = new MockHttpServletResponse();
			sessionIdResolverOf(context).setSessionId(request, response, "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde");
			assertThat(response.getHeader("Set-Cookie")).startsWith("sid=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde;")
				.contains("; HttpOnly")
				.contains("; SameSite=Lax");
		});
	}

	@Test
	void lookupFilterReadsTheSessionIdFromBootsCookie() {
		this.contextRunner.withPropertyValues("server.servlet.session.cookie.name=sid").run((context) -> {
			HttpSessionIdResolver resolver = sessionIdResolverOf(context);
			MockHttpServletRequest request = new MockHttpServletRequest();
			String id = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
			String base64Id = Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
			request.setCookies(new Cookie("sid", base64Id), new Cookie("SESSION", "other"));
			assertThat(resolver.resolveSessionIds(request)).containsExactly(id);
			request.setCookies(new Cookie("sid", id));
			assertThat(resolver.resolveSessionIds(request)).containsExactly(id);
		});
	}

	@Test
	void lookupFilterUsesTheApplicationsHttpSessionIdResolver() {
		this.contextRunner.withUserConfiguration(HeaderSessionIdConfiguration.class).run((context) -> {
			HttpSessionIdResolver resolver = sessionIdResolverOf(context);
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("X-Auth-Token", "from-header");
			assertThat(resolver).isSameAs(context.getBean(HttpSessionIdResolver.class));
			assertThat(resolver.resolveSessionIds(request)).containsExactly("from-header");
		});
	}

	@Test
	void sessionOperationsUseADedicatedConnectionThatTimesOutQueuedCommandsAndLeavesTheApplicationsFactoryAlone() {
		this.contextRunner.withPropertyValues("spring.data.redis.timeout=45s", "spring.data.redis.client-name=shop")
			.run((context) -> {
				LettuceConnectionFactory application = context.getBean(LettuceConnectionFactory.class);
				RedisConnectionFactory sessions = repositoryConnectionFactory(context);
				assertThat(sessions).isNotSameAs(application).isInstanceOf(LettuceConnectionFactory.class);
				LettuceClientConfiguration configuration = ((LettuceConnectionFactory) sessions)
					.getClientConfiguration();
				assertThat(configuration.getCommandTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(configuration.getClientName()).contains("shop");
				assertThat(configuration.getClientResources()).isEqualTo(application.getClientConfiguration()
					.getClientResources());
				ClientOptions options = configuration.getClientOptions().orElseThrow();
				assertThat(options.getDisconnectedBehavior())
					.isEqualTo(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
				assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
				assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(((LettuceConnectionFactory) sessions).getPort()).isEqualTo(redis.port());
				assertThat(application.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(45));
				assertThat(application.getClientConfiguration().getClientOptions().orElseThrow()
					.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.DEFAULT);
			});
	}

	@Test
	void dedicatedConnectionReachesTheSameRedisClusterAndScriptsTouchOneKeyEach(RedisCluster cluster) {
		this.contextRunner
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodeAddresses()),
					"spring.data.redis.lettuce.cluster.refresh.period=30s")
			.run((context) -> {
				LettuceConnectionFactory sessions = (LettuceConnectionFactory) repositoryConnectionFactory(context);
				assertThat(sessions.getClusterConfiguration()).isNotNull();
				assertThat(sessions.getClusterConfiguration().getClusterNodes()).extracting(Object::toString)
					.containsExactlyInAnyOrderElementsOf(cluster.nodeAddresses());
				ClientOptions options = sessions.getClientConfiguration().getClientOptions().orElseThrow();
				assertThat(options).isInstanceOf(ClusterClientOptions.class);
				assertThat(((ClusterClientOptions) options).getTopologyRefreshOptions().getRefreshPeriod())
					.isEqualTo(Duration.ofSeconds(30));
				assertThat(options.getDisconnectedBehavior())
					.isEqualTo(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
				assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
				assertThat(context.getBean(RedisHashSessionRepository.class).isMultiKeyScripts()).isEqualTo(false);
			});
	}

	@Test
	void dedicatedConnectionToAClusterRefreshesItsTopologyOnLettucesAdaptiveTriggersByDefault(RedisCluster cluster) {
		this.contextRunner
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodeAddresses()))
			.run((context) -> {
				ClusterTopologyRefreshOptions refresh = topologyRefreshOf(repositoryConnectionFactory(context));
				assertThat(refresh.getAdaptiveRefreshTriggers()).containsExactlyInAnyOrder(RefreshTrigger.values());
				assertThat(refresh.isPeriodicRefreshEnabled()).isFalse();
			});
	}

	@Test
	void dedicatedConnectionToAClusterFollowsFailoversWhenTheApplicationsConnectionNeverRefreshesTheTopology(
			RedisCluster cluster) {
		this.contextRunner
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodeAddresses()))
			.withBean(LettuceClientOptionsBuilderCustomizer.class, () -> (builder) -> ((ClusterClientOptions.Builder) builder)
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.disableAllAdaptiveRefreshTriggers()
					.dynamicRefreshSources(false)
					.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(7))
					.build()))
			.run((context) -> {
				LettuceConnectionFactory application = context.getBean(LettuceConnectionFactory.class);
				assertThat(topologyRefreshOf(application).getAdaptiveRefreshTriggers()).isEmpty();
				ClusterTopologyRefreshOptions refresh = topologyRefreshOf(repositoryConnectionFactory(context));
				assertThat(refresh.getAdaptiveRefreshTriggers()).containsExactlyInAnyOrder(RefreshTrigger.values());
				assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(refresh.useDynamicRefreshSources()).isFalse();
				assertThat(refresh.isPeriodicRefreshEnabled()).isFalse();
			});
	}

	@Test
	void dedicatedConnectionToAClusterKeepsAPeriodicRefreshWithoutAdaptiveTriggers(RedisCluster cluster) {
		this.contextRunner
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodeAddresses()),
					"spring.data.redis.lettuce.cluster.refresh.period=15s")
			.withBean(LettuceClientOptionsBuilderCustomizer.class, () -> (builder) -> ((ClusterClientOptions.Builder) builder)
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.disableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(Duration.ofSeconds(15))
					.build()))
			.run((context) -> {
				ClusterTopologyRefreshOptions refresh = topologyRefreshOf(repositoryConnectionFactory(context));
				assertThat(refresh.getAdaptiveRefreshTriggers()).isEmpty();
				assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(15));
			});
	}

	@Test
	void dedicatedConnectionFollowsTheSameSentinelsWithTheirCredentials() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.sentinel.master=sessions",
					"spring.data.redis.sentinel.nodes=127.0.0.1:26379", "spring.data.redis.username=app",
					"spring.data.redis.password=secret", "spring.data.redis.database=3")
			.run((context) -> {
				LettuceConnectionFactory sessions = (LettuceConnectionFactory) repositoryConnectionFactory(context);
				RedisSentinelConfiguration sentinel = sessions.getSentinelConfiguration();
				assertThat(sentinel).isNotNull();
				assertThat(sentinel.getMaster().getName()).isEqualTo("sessions");
				assertThat(sentinel.getSentinels()).extracting(Object::toString).containsExactly("127.0.0.1:26379");
				assertThat(sentinel.getUsername()).isEqualTo("app");
				assertThat(sentinel.getDatabase()).isEqualTo(3);
			});
	}

	@Test
	void dedicatedConnectionKeepsTlsAndThePool() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.ssl.enabled=true", "spring.data.redis.lettuce.pool.enabled=true",
					"spring.data.redis.lettuce.pool.max-active=3")
			.run((context) -> {
				LettuceClientConfiguration configuration = ((LettuceConnectionFactory) repositoryConnectionFactory(
						context))
					.getClientConfiguration();
				assertThat(configuration.isUseSsl()).isTrue();
				assertThat(configuration).isInstanceOf(LettucePoolingClientConfiguration.class);
				assertThat(((LettucePoolingClientConfiguration) configuration).getPoolConfig().getMaxTotal())
					.isEqualTo(3);
				assertThat(configuration.getCommandTimeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void staticMasterReplicaFactoryIsUsedAsItIs() {
		this.contextRunner.withPropertyValues("spring.data.redis.masterreplica.nodes=127.0.0.1:6379,127.0.0.1:6380")
			.run((context) -> assertThat(repositoryConnectionFactory(context))
				.isSameAs(context.getBean(RedisConnectionFactory.class)));
	}

	@Test
	void applicationsConnectionFactoryIsUsedAsItIsWithoutTheLettuceClient() {
		this.contextRunner.withUserConfiguration(UserConnectionFactoryConfiguration.class)
			.withClassLoader(new FilteredClassLoader("io.lettuce.core"))
			.run((context) -> assertThat(repositoryConnectionFactory(context))
				.isSameAs(context.getBean(RedisConnectionFactory.class)));
	}

	@Test
	void commandTimeoutOfSessionOperationsIsConfigurable() {
		this.contextRunner.withPropertyValues("session-store.redis.command-timeout=750ms")
			.run((context) -> assertThat(((LettuceConnectionFactory) repositoryConnectionFactory(context))
				.getClientConfiguration()
				.getCommandTimeout()).isEqualTo(Duration.ofMillis(750)));
	}

	@Test
	void dedicatedConnectionCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("session-store.redis.dedicated-connection=false")
			.run((context) -> assertThat(repositoryConnectionFactory(context))
				.isSameAs(context.getBean(RedisConnectionFactory.class)));
	}

	@Test
	void repositoryTalksToRedisThroughTheDedicatedConnection() {
		this.contextRunner.run((context) -> {
			RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
			context.getBean(SessionRedisConnection.class).destroy();
			assertThatRuntimeException().isThrownBy(() -> repository.findById("0123456789abcdef".repeat(3).substring(0, 43)));
			assertThat(context.getBean(StringRedisTemplate.class).hasKey("session:none")).isFalse();
		});
	}

	@Test
	void dedicatedConnectionReadsFromTheMasterWhateverTheApplicationReadsFrom() {
		this.contextRunner.withPropertyValues("spring.data.redis.lettuce.read-from=replica-preferred")
			.run((context) -> {
				LettuceConnectionFactory application = context.getBean(LettuceConnectionFactory.class);
				assertThat(application.getClientConfiguration().getReadFrom()).isPresent();
				LettuceConnectionFactory sessions = (LettuceConnectionFactory) repositoryConnectionFactory(context);
				assertThat(sessions.getClientConfiguration().getReadFrom()).isEmpty();
			});
	}

	@Test
	void dedicatedConnectionIsClosedWithTheContext() {
		LettuceConnectionFactory[] sessions = new LettuceConnectionFactory[1];
		this.contextRunner.run((context) -> {
			sessions[0] = (LettuceConnectionFactory) repositoryConnectionFactory(context);
			assertThat(sessions[0].isRunning()).isTrue();
		});
		assertThat(sessions[0].isRunning()).isFalse();
	}

	@Test
	void storeUnavailableInsideSpringMvcIsAnswered503WithRetryAfter() {
		this.contextRunner.withPropertyValues("session-store.retry-after=12s").run((context) -> {
			SessionStoreExceptionResolver resolver = context
				.getBean(SessionStoreExceptionResolver.class);
			MockHttpServletResponse response = new MockHttpServletResponse();
			ModelAndView resolved = resolver.resolveException(new MockHttpServletRequest(), response, null,
					new IllegalStateException("wrapped",
							new SessionStoreUnavailableException("Redis is unavailable", new RuntimeException())));
			assertThat(resolved).isNotNull();
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("12");
			assertThat(resolver.resolveException(new MockHttpServletRequest(), new MockHttpServletResponse(), null,
					new IllegalStateException("something else")))
				.isNull();
			assertThat(ReflectionTestUtils.getField(lookupFilterRegistration(context).getFilter(),
					"retryAfterSeconds"))
				.isEqualTo(12);
		});
	}

	@Test
	void metricsCountTheRepositorysSessionEventsAndDecodeFailures() {
		this.contextRunner.run((context) -> {
			RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SessionStoreMetrics.class).bindTo(registry);
			RedisHashSession session = repository.createSession();
			repository.save(session);
			repository.deleteById(session.getId());
			context.publishEvent(new SessionExpiredEvent(repository, session));
			context.publishEvent(new SessionCreatedEvent(new Object(), session));
			assertThat(registry.get("sessionstore.sessions.created").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("sessionstore.sessions.deleted").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("sessionstore.sessions.expired").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("sessionstore.attributes.decode.failures").functionCounter().count())
				.isEqualTo(0);
		});
	}

	@Test
	void principalIndexSweeperRemovesEntriesOfSessionsThatAreGone() {
		this.contextRunner
			.withPropertyValues("session-store.namespace=session:sweep-test",
					"session-store.principal-index.sweep-interval=200ms")
			.run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				RedisHashSession session = repository.createSession();
				session.setAttribute(RedisHashSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "sweep-user");
				repository.save(session);
				assertThat(repository.findByPrincipalName("sweep-user")).containsOnlyKeys(session.getId());
				assertThat(redis.keys("session:sweep-test:index:*")).hasSize(1);
				redis.delete("session:sweep-test:" + session.getId());
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(redis.keys("session:sweep-test:index:*")).isEmpty());
			});
	}

	@Test
	void zeroSweepIntervalStartsTheApplicationAndNeverSchedulesASweep() {
		this.contextRunner.withPropertyValues("session-store.principal-index.sweep-interval=0").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(PrincipalIndexSweeper.class);
			PrincipalIndexSweeper sweeper = context.getBean(PrincipalIndexSweeper.class);
			assertThat(sweeper.isRunning()).isFalse();
			assertThat(field(sweeper, "executor")).isNull();
			context.start();
			assertThat(sweeper.isRunning()).isFalse();
			assertThat(field(sweeper, "executor")).isNull();
		});
	}

	@Test
	void expiredEventsArePublishedFromKeyspaceNotificationsWhenEnabled() {
		try (RedisServer dedicated = RedisServers.startDedicated()) {
			dedicated.command("CONFIG", "SET", "notify-keyspace-events", "Ex");
			this.contextRunner.withUserConfiguration(SessionEventsConfiguration.class)
				.withPropertyValues("spring.data.redis.host=" + dedicated.host(),
						"spring.data.redis.port=" + dedicated.port(), "session-store.expired-events.enabled=true")
				.run((context) -> {
					assertThat(context).hasSingleBean(SessionExpiredEventPublisher.class);
					RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
					RedisHashSession session = repository.createSession();
					session.setMaxInactiveInterval(Duration.ofSeconds(1));
					repository.save(session);
					List<String> expired = context.getBean(SessionEventsConfiguration.class).expiredIds;
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(expired).containsExactly(session.getId()));
				});
		}
	}

	@Test
	void invalidNamespaceFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.namespace=my sessions", "session-store.namespace",
				"use a prefix such as 'session' or 'session:app-a'");
	}

	@Test
	void negativeMaxSessionSizeFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.max-session-size=-1KB", "session-store.max-session-size",
				"must not be negative");
	}

	@Test
	void maxLifetimeUnderOneSecondFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.max-lifetime=500ms", "session-store.max-lifetime",
				"at least one second");
	}

	@Test
	void nonPositiveCommandTimeoutFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.redis.command-timeout=0s", "session-store.redis.command-timeout",
				"must be positive");
	}

	@Test
	void negativeRetryAfterFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.retry-after=-5", "session-store.retry-after", "from 0 seconds up");
	}

	@Test
	void negativeSweepIntervalFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.principal-index.sweep-interval=-1m",
				"session-store.principal-index.sweep-interval", "must not be negative");
	}

	@Test
	void unknownAllowedTypeFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.json.allowed-types=com.example.Missing",
				"session-store.json.allowed-types", "No class named 'com.example.Missing' can be loaded");
	}

	@Test
	void wildcardAllowedPackageFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.json.allowed-packages=com.example.*",
				"session-store.json.allowed-packages", "without wildcards");
	}

	@Test
	void allowingAWholeJavaPackageFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.json.allowed-packages=java.util", "session-store.json.allowed-packages",
				"Package 'java.util' cannot be allowed as a whole: top-level packages and those of Java and of "
						+ "frameworks and libraries hold the classes that deserialization exploits are built from; "
						+ "list the application's own package, such as 'com.example.cart', or single classes in "
						+ "session-store.json.allowed-types instead");
	}

	@Test
	void allowingATopLevelPackageFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.json.allowed-packages=org", "session-store.json.allowed-packages",
				"Package 'org' cannot be allowed as a whole: top-level packages and those of Java and of "
						+ "frameworks and libraries hold the classes that deserialization exploits are built from; "
						+ "list the application's own package, such as 'com.example.cart', or single classes in "
						+ "session-store.json.allowed-types instead");
	}

	@Test
	void allowingAFrameworkPackageFailsStartupSayingWhatToChange() {
		assertStartupFailsWith("session-store.json.allowed-packages=com.example.cart,org.springframework",
				"session-store.json.allowed-packages",
				"Package 'org.springframework' cannot be allowed as a whole: top-level packages and those of Java "
						+ "and of frameworks and libraries hold the classes that deserialization exploits are built "
						+ "from; list the application's own package, such as 'com.example.cart', or single classes "
						+ "in session-store.json.allowed-types instead");
	}

	@Test
	void malformedDeserializationFilterFailsStartupSayingWhatToChange() {
		this.contextRunner
			.withPropertyValues("session-store.codec=jdk", "session-store.jdk.deserialization-filter=maxdepth=deep")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("Property session-store.jdk.deserialization-filter with value 'maxdepth=deep'")
					.hasMessageContaining("write a pattern such as");
			});
	}

	@Test
	void unknownFlushModeFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("session-store.flush-mode=sometimes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'session-store.flush-mode'"));
	}

	private void assertStartupFailsWith(String property, String propertyName, String reason) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property " + propertyName + " with value")
				.hasMessageContaining(reason);
		});
	}

	private static Object field(Object target, String name) {
		return ReflectionTestUtils.getField(target, name);
	}

	private static void assertSessionsAreStoredUnder(AssertableWebApplicationContext context, String namespace) {
		RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
		RedisHashSession session = repository.createSession();
		repository.save(session);
		try {
			assertThat(context.getBean(StringRedisTemplate.class).hasKey(namespace + ":" + session.getId())).isTrue();
		}
		finally {
			repository.deleteById(session.getId());
		}
	}

	private static ClusterTopologyRefreshOptions topologyRefreshOf(RedisConnectionFactory connectionFactory) {
		ClientOptions options = ((LettuceConnectionFactory) connectionFactory).getClientConfiguration()
			.getClientOptions()
			.orElseThrow();
		assertThat(options).isInstanceOf(ClusterClientOptions.class);
		return ((ClusterClientOptions) options).getTopologyRefreshOptions();
	}

	private static RedisConnectionFactory repositoryConnectionFactory(AssertableWebApplicationContext context) {
		return context.getBean(SessionRedisConnection.class).connectionFactory();
	}

	private static FilterRegistrationBean<?> lookupFilterRegistration(AssertableWebApplicationContext context) {
		return context.getBean("sessionLookupCacheFilterRegistration", FilterRegistrationBean.class);
	}

	private static HttpSessionIdResolver sessionIdResolverOf(AssertableWebApplicationContext context) {
		return (HttpSessionIdResolver) field(lookupFilterRegistration(context).getFilter(), "sessionIdResolver");
	}

	@SuppressWarnings("unchecked")
	private static EnumSet<DispatcherType> dispatcherTypes(FilterRegistrationBean<?> registration) {
		return (EnumSet<DispatcherType>) field(registration, "dispatcherTypes");
	}

	record Cart(List<String> items) {
	}

	record Wishlist(List<String> items) {
	}

	record SerializableCart(String item) implements Serializable {
	}

	@Configuration(proxyBeanMethods = false)
	static class NamespaceCustomizerConfiguration {

		@Bean
		SessionRepositoryCustomizer<RedisHashSessionRepository> namespaceCustomizer() {
			return (repository) -> repository.setNamespace("from-customizer");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionIdGeneratorConfiguration {

		@Bean
		SessionIdGenerator sessionIdGenerator() {
			return () -> "custom-generated-session-id-0001";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSessionRepositoryConfiguration {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionFactoryConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory(redis.host(), redis.port());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HeaderSessionIdConfiguration {

		@Bean
		HttpSessionIdResolver httpSessionIdResolver() {
			return HeaderHttpSessionIdResolver.xAuthToken();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionEventsConfiguration {

		final List<String> expiredIds = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<SessionExpiredEvent> expiredListener() {
			return (event) -> this.expiredIds.add(event.getSessionId());
		}

	}

}
