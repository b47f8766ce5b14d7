package io.sessionstore.redis.config.annotation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionStoreExceptionResolver;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.context.AbstractHttpSessionApplicationInitializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.support.AbstractAnnotationConfigDispatcherServletInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EnableRedisHashHttpSession} in a Spring MVC application without Spring Boot
 * (none is on this module's class path), in an embedded Tomcat, its filter registered
 * through a {@code DelegatingFilterProxy} by Spring Session's
 * {@code AbstractHttpSessionApplicationInitializer}, driven over HTTP against a real
 * Redis. The application has a catch-all {@code @ExceptionHandler} that answers 500, as
 * many do.
 */
@WithRedis
class EnableRedisHashHttpSessionIntegrationTests extends PlainApplicationSessionContract {

	private final Map<String, Object> properties = new HashMap<>();

	@TempDir
	Path baseDir;

	private PlainServletApplication application;

	EnableRedisHashHttpSessionIntegrationTests(RedisServer server) {
		super(server);
	}

	@Override
	HttpDriver startApplication(RedisServer redis) throws Exception {
		return start(SessionConfiguration.class, redis);
	}

	private HttpDriver start(Class<?> rootConfiguration, RedisServer redis) throws Exception {
		Map<String, Object> properties = this.sessions.properties(redis);
		properties.put("test.sweep-interval", "10m");
		properties.putAll(this.properties);
		this.application = PlainServletApplication.start(this.baseDir, properties, rootConfiguration,
				WebConfiguration.class);
		return this.application.http();
	}

	@Override
	void stopApplication() throws Exception {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void springBootIsNotOnTheClassPath() {
		assertThat(ClassUtils.isPresent("org.springframework.boot.SpringApplication", null)).isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.boot.autoconfigure.EnableAutoConfiguration", null))
			.isFalse();
	}

	@Test
	void oneDelegatingFilterProxyRunsTheLookupCacheAndSpringSessionsFilter() throws Exception {
		start();

		assertThat(this.application.filterClassName("springSessionRepositoryFilter"))
			.isEqualTo(DelegatingFilterProxy.class.getName());
		assertThat(this.application.rootContext().getBean("springSessionRepositoryFilter"))
			.isInstanceOf(SessionRepositoryFilter.class)
			.isInstanceOf(LookupCachingSessionRepositoryFilter.class);
		assertThat(this.application.rootContext().getBeansOfType(Filter.class)).hasSize(1);
		assertThat(this.application.rootContext().getBeansOfType(SessionStoreExceptionResolver.class)).hasSize(1);
	}

	@Test
	void repositoryIsConfiguredFromTheAnnotationAndTheCustomizers() throws Exception {
		start();

		RedisHashSessionRepository repository = this.application.rootContext()
			.getBean(RedisHashSessionRepository.class);
		assertThat(repository.getNamespace()).isEqualTo(this.sessions.namespace());
		assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(45));
		assertThat(repository.getFlushMode()).isEqualTo(FlushMode.ON_SAVE);
		assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
		assertThat(repository.getMaxSessionSize()).isEqualTo(4096);
	}

	@Test
	void httpSessionListenersHearOfCreatedAndDestroyedSessions() throws Exception {
		HttpDriver http = start();
		CountingListener listener = this.application.rootContext().getBean(CountingListener.class);

		http.post("/logout", http.post("/create", "").sessionCookie());

		assertThat(listener.created).hasValue(1);
		assertThat(listener.destroyed).hasValue(1);
	}

	@Test
	void flushModeSaveModeAndIdleTimeoutInSecondsOfTheAnnotationAreApplied() throws Exception {
		HttpDriver http = start(ImmediateSessionConfiguration.class, this.server);

		HttpDriver.Exchange created = http.post("/create-and-look", "");

		assertThat(created.body()).isEqualTo("in Redis before the response: andrew");
		assertThat(this.sessions.hash(created.sessionCookie())).containsEntry("session_ttl", "600");
		RedisHashSessionRepository repository = this.application.rootContext()
			.getBean(RedisHashSessionRepository.class);
		assertThat(repository.getFlushMode()).isEqualTo(FlushMode.IMMEDIATE);
		assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ALWAYS);
	}

	@Test
	void principalIndexIsSweptAtTheIntervalOfTheAnnotation() throws Exception {
		this.properties.put("test.sweep-interval", "200ms");
		HttpDriver http = start();
		String cookie = http.post("/rotate", http.post("/create", "").sessionCookie()).sessionCookie();
		String indexPattern = this.sessions.namespace() + ":index:*";
		assertThat(this.server.command("KEYS", indexPattern)).isNotEmpty();
		PrincipalIndexSweeper sweeper = this.application.rootContext().getBean(PrincipalIndexSweeper.class);
		assertThat(sweeper.getInterval()).isEqualTo(Duration.ofMillis(200));
		assertThat(sweeper.isRunning()).isTrue();

		this.server.command("DEL", this.sessions.key(cookie));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.command("KEYS", indexPattern).isEmpty());
	}

	@Test
	void initializerOfTheReadmeRegistersTheFilterWithARootContextOfItsOwn() throws Exception {
		ReadmeSessionConfig.redisPort = this.server.port();
		try (PlainServletApplication deployed = PlainServletApplication.deploy(this.baseDir,
				ReadmeSessionInitializer.class, DispatcherInitializer.class)) {
			HttpDriver http = deployed.http();
			String cookie = http.post("/create", "").sessionCookie();
			String key = "session:" + cookie;
			try {
				assertThat(http.get("/read", cookie).body()).isEqualTo("andrew");
				assertThat(this.server.command("HGET", key, "username")).isEqualTo("andrew");
				assertThat(this.server.command("HGET", key, "session_ttl")).isEqualTo("2700");
				assertThat(deployed.filterClassName("springSessionRepositoryFilter"))
					.isEqualTo(DelegatingFilterProxy.class.getName());
			}
			finally {
				this.server.command("DEL", key);
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Import(SessionsInRedis.RedisConfiguration.class)
	static class RedisConfiguration {

		@Bean
		CountingListener countingListener() {
			return new CountingListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(maxInactiveInterval = "${test.timeout}", redisNamespace = "${test.namespace}",
			principalIndexSweepInterval = "${test.sweep-interval}", retryAfterSeconds = 7)
	@Import(RedisConfiguration.class)
	static class SessionConfiguration {

		@Bean
		SessionRepositoryCustomizer<RedisHashSessionRepository> maxSessionSizeCustomizer() {
			return (repository) -> repository.setMaxSessionSize(4096);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(maxInactiveIntervalInSeconds = 600, redisNamespace = "${test.namespace}",
			flushMode = FlushMode.IMMEDIATE, saveMode = SaveMode.ALWAYS)
	@Import(RedisConfiguration.class)
	static class ImmediateSessionConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@Import({ SessionController.class, CatchAllAdvice.class })
	static class WebConfiguration {

	}

	/**
	 * The README's {@code SessionConfig}, but for the port of the test's Redis: a
	 * deployed application's initializers are created by the container, so the test hands
	 * the port over in a static field.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableRedisHashHttpSession(maxInactiveInterval = "45m")
	static class ReadmeSessionConfig {

		static volatile int redisPort;

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory("localhost", redisPort);
		}

	}

	/**
	 * The README's {@code SessionInitializer}.
	 */
	static class ReadmeSessionInitializer extends AbstractHttpSessionApplicationInitializer {

		ReadmeSessionInitializer() {
			super(ReadmeSessionConfig.class);
		}

	}

	/**
	 * The application's own {@code DispatcherServlet}, in a context whose parent is the
	 * root context the session initializer created.
	 */
	static class DispatcherInitializer extends AbstractAnnotationConfigDispatcherServletInitializer {

		@Override
		protected Class<?> @Nullable [] getRootConfigClasses() {
			return null;
		}

		@Override
		protected Class<?>[] getServletConfigClasses() {
			return new Class<?>[] { WebConfiguration.class };
		}

		@Override
		protected String[] getServletMappings() {
			return new String[] { "/" };
		}

	}

	static class CountingListener implements HttpSessionListener {

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger destroyed = new AtomicInteger();

		@Override
		public void sessionCreated(HttpSessionEvent event) {
			this.created.incrementAndGet();
		}

		@Override
		public void sessionDestroyed(HttpSessionEvent event) {
			this.destroyed.incrementAndGet();
		}

	}

	@RestController
	static class SessionController {

		private final RedisHashSessionRepository repository;

		private final StringRedisTemplate redis;

		SessionController(RedisHashSessionRepository repository, RedisConnectionFactory connectionFactory) {
			this.repository = repository;
			this.redis = new StringRedisTemplate(connectionFactory);
		}

		@GetMapping("/read")
		String read(HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			return (session != null) ? String.valueOf(session.getAttribute("username")) : "no session";
		}

		@PostMapping("/create")
		String create(HttpServletRequest request) {
			request.getSession().setAttribute("username", "andrew");
			return "created";
		}

		@PostMapping("/create-and-look")
		String createAndLook(HttpServletRequest request) {
			HttpSession session = request.getSession();
			session.setAttribute("username", "andrew");
			Object stored = this.redis.opsForHash()
				.get(this.repository.getNamespace() + ":" + session.getId(), "username");
			return "in Redis before the response: " + stored;
		}

		@PostMapping("/rotate")
		String rotate(HttpServletRequest request) {
			request.changeSessionId();
			request.getSession(false).setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
			return "rotated";
		}

		@PostMapping("/grow")
		String grow(HttpServletRequest request) {
			request.getSession(false).setAttribute("payload", "x".repeat(8192));
			return "grown";
		}

		@PostMapping("/logout")
		String logout(HttpServletRequest request) {
			request.getSession(false).invalidate();
			return "logged out";
		}

		@GetMapping("/sessions-of-andrew")
		String sessionsOfAndrew() {
			return String.valueOf(this.repository.findByPrincipalName("andrew").size());
		}

	}

	/**
	 * What many applications have: every exception turned into a 500.
	 */
	@RestControllerAdvice
	static class CatchAllAdvice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> anyFailure(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("failed");
		}

	}

}
