package io.sessionstore.redis.config.annotation;

import java.util.List;
import java.util.Map;

import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application contexts that the annotations configure, on a real Redis: the
 * connection factory they choose, the attributes they refuse, and the beans of the
 * application that they respect.
 */
@WithRedis
class SessionAnnotationConfigurationIntegrationTests {

	private final RedisServer server;

	private final SessionsInRedis sessions;

	SessionAnnotationConfigurationIntegrationTests(RedisServer server) {
		this.server = server;
		this.sessions = new SessionsInRedis(server);
	}

	@Test
	void servletSessionsUseTheQualifiedConnectionFactoryOverTheApplicationsOwn() {
		try (AnnotationConfigApplicationContext context = context(QualifiedServletConfiguration.class)) {
			RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
			RedisHashSession session = repository.createSession();
			session.setAttribute("username", "andrew");
			repository.save(session);

			assertThat(this.sessions.hash(session.getId())).containsEntry("username", "andrew");
		}
	}

	@Test
	void reactiveSessionsUseTheQualifiedConnectionFactoryOverTheApplicationsOwn() {
		try (AnnotationConfigApplicationContext context = context(QualifiedReactiveConfiguration.class)) {
			ReactiveRedisHashSessionRepository repository = context.getBean(ReactiveRedisHashSessionRepository.class);
			RedisHashSession session = repository.createSession().block();
			session.setAttribute("username", "andrew");
			repository.save(session).block();

			assertThat(this.sessions.hash(session.getId())).containsEntry("username", "andrew");
		}
	}

	@Test
	void idleTimeoutThatIsNoDurationFailsTheStartWithWhatToSet() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> context(UnparsableTimeoutConfiguration.class))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("Invalid maxInactiveInterval 'soon' of @EnableRedisHashHttpSession: use a duration such as "
					+ "'30m' or 'PT30M'");
	}

	@Test
	void idleTimeoutSetTwiceFailsTheStart() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> context(TwoTimeoutsConfiguration.class))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("Invalid maxInactiveInterval '10m' of @EnableRedisHashWebSession: set either "
					+ "maxInactiveInterval or maxInactiveIntervalInSeconds, not both");
	}

	@Test
	void namespacePlaceholderThatResolvesToNothingFailsTheStart() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> context(EmptyNamespaceConfiguration.class))
			.havingRootCause()
			.withMessage("Invalid redisNamespace '${test.empty}' of @EnableRedisHashHttpSession: it must not be empty");
	}

	@Test
	void principalIndexSwitchedOffByACustomizerIsNeverSwept() {
		try (AnnotationConfigApplicationContext context = context(NoPrincipalIndexConfiguration.class)) {
			PrincipalIndexSweeper sweeper = context.getBean(PrincipalIndexSweeper.class);

			assertThat(context.getBean(RedisHashSessionRepository.class).isPrincipalIndexEnabled()).isFalse();
			assertThat(sweeper.isRunning()).isFalse();
			assertThat(sweeper.getInterval()).isZero();
		}
	}

	@Test
	void applicationsSessionIdResolverServesTheLookupCacheTooSoThatAReadCostsOneCommand() throws Exception {
		try (AnnotationConfigApplicationContext context = context(HeaderResolverConfiguration.class)) {
			Filter filter = context.getBean("springSessionRepositoryFilter", Filter.class);
			MockHttpServletResponse created = new MockHttpServletResponse();
			filter.doFilter(new MockHttpServletRequest(), created,
					(request, response) -> ((HttpServletRequest) request).getSession().setAttribute("username", "andrew"));
			String sessionId = created.getHeader("X-Auth-Token");
			assertThat(this.sessions.hash(sessionId)).containsEntry("username", "andrew");
			Object[] username = new Object[1];
			FilterChain reader = (request, response) -> username[0] = ((HttpServletRequest) request).getSession(false)
				.getAttribute("username");
			filter.doFilter(withToken(sessionId), new MockHttpServletResponse(), reader);

			List<MonitoredCommand> commands = this.sessions
				.clientCommands(() -> filter.doFilter(withToken(sessionId), new MockHttpServletResponse(), reader));

			assertThat(username[0]).isEqualTo("andrew");
			assertThat(commands).hasSize(1);
		}
	}

	private static MockHttpServletRequest withToken(String sessionId) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Auth-Token", sessionId);
		return request;
	}

	private AnnotationConfigApplicationContext context(Class<?> configuration) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		Map<String, Object> properties = this.sessions.properties(this.server);
		properties.put("test.empty", "");
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		context.register(configuration);
		context.refresh();
		return context;
	}

	/**
	 * The application's own connection factory, on a port where no Redis listens, beside
	 * the one qualified for sessions.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TwoConnectionFactories {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("localhost", 1));
		}

		@Bean
		@SessionStoreRedisConnectionFactory
		LettuceConnectionFactory sessionStoreRedisConnectionFactory(@Value("${test.redis.host}") String host,
				@Value("${test.redis.port}") int port) {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(redisNamespace = "${test.namespace}")
	@Import(TwoConnectionFactories.class)
	static class QualifiedServletConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashWebSession(redisNamespace = "${test.namespace}")
	@Import(TwoConnectionFactories.class)
	static class QualifiedReactiveConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(maxInactiveInterval = "soon")
	@Import(SessionsInRedis.RedisConfiguration.class)
	static class UnparsableTimeoutConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashWebSession(maxInactiveInterval = "10m", maxInactiveIntervalInSeconds = 600)
	@Import(SessionsInRedis.RedisConfiguration.class)
	static class TwoTimeoutsConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(redisNamespace = "${test.empty}")
	@Import(SessionsInRedis.RedisConfiguration.class)
	static class EmptyNamespaceConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(redisNamespace = "${test.namespace}", principalIndexSweepInterval = "1ms")
	@Import(SessionsInRedis.RedisConfiguration.class)
	static class NoPrincipalIndexConfiguration {

		@Bean
		SessionRepositoryCustomizer<RedisHashSessionRepository> noPrincipalIndex() {
			return (repository) -> repository.setPrincipalIndexEnabled(false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(redisNamespace = "${test.namespace}")
	@Import(SessionsInRedis.RedisConfiguration.class)
	static class HeaderResolverConfiguration {

		@Bean
		HttpSessionIdResolver httpSessionIdResolver() {
			return HeaderHttpSessionIdResolver.xAuthToken();
		}

	}

}
