package io.sessionstore.redis.config.annotation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.sessionstore.redis.PrincipalIndexSweeper;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionStoreExceptionResolver;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EnableRedisHashHttpSession} in a Spring application without Spring Boot (none is
 * on this module's class path), in an embedded Tomcat with Spring MVC, its filter
 * registered through a {@code DelegatingFilterProxy}, driven over HTTP against a real
 * Redis.
 */
@WithRedis
class EnableRedisHashHttpSessionIntegrationTests {

	private final RedisServer server;

	private final String namespace = "plain-" + UUID.randomUUID().toString().substring(0, 8);

	private final Map<String, Object> properties = new HashMap<>();

	@TempDir
	Path baseDir;

	private PlainServletApplication application;

	EnableRedisHashHttpSessionIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@AfterEach
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
		start(SessionConfiguration.class);

		assertThat(this.application.filterClassName("springSessionRepositoryFilter"))
			.isEqualTo(DelegatingFilterProxy.class.getName());
		assertThat(this.application.rootContext().getBean("springSessionRepositoryFilter"))
			.isInstanceOf(SessionRepositoryFilter.class)
			.isInstanceOf(LookupCachingSessionRepositoryFilter.class);
		assertThat(this.application.rootContext().getBeansOfType(jakarta.servlet.Filter.class)).hasSize(1);
	}

	@Test
	void sessionIsCreatedWithAnHttpOnlySameSiteLaxCookieAndReadBack() throws Exception {
		start(SessionConfiguration.class);

		PlainServletApplication.Exchange created = this.application.post("/create", "");

		assertThat(created.status()).isEqualTo(200);
		assertThat(created.setCookie()).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
		String cookie = created.sessionCookie();
		assertThat(this.application.get("/read", cookie).body()).isEqualTo("andrew");
		assertThat(hash(cookie)).containsEntry("username", "andrew");
		assertThat(this.application.rootContext().getBean(CountingListener.class).created).hasValue(1);
	}

	@Test
	void cookieCarriesTheRawSessionIdAndItsBase64FormIsStillRead() throws Exception {
		start(SessionConfiguration.class);
		String cookie = this.application.post("/create", "").sessionCookie();

		String base64 = Base64.getEncoder().encodeToString(cookie.getBytes(StandardCharsets.US_ASCII));

		assertThat(cookie).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.server.command("EXISTS", this.namespace + ":" + cookie)).isEqualTo("1");
		assertThat(this.application.get("/read", base64).body()).isEqualTo("andrew");
	}

	@Test
	void readOnlyRequestOnAnExistingSessionSendsOneCommand() throws Exception {
		start(SessionConfiguration.class);
		String cookie = this.application.post("/create", "").sessionCookie();
		this.application.get("/read", cookie);

		List<MonitoredCommand> commands = clientCommands(
				() -> assertThat(this.application.get("/read", cookie).body()).isEqualTo("andrew"));

		assertThat(commands).hasSize(1);
	}

	@Test
	void changeOfSessionIdKeepsTheDataUnderTheNewIdOnly() throws Exception {
		start(SessionConfiguration.class);
		String cookie = this.application.post("/create", "").sessionCookie();

		PlainServletApplication.Exchange rotated = this.application.post("/rotate", cookie);

		String newCookie = rotated.sessionCookie();
		assertThat(newCookie).isNotEqualTo(cookie);
		assertThat(this.server.command("EXISTS", key(cookie))).isEqualTo("0");
		assertThat(hash(newCookie)).containsEntry("username", "andrew").containsEntry("principal_name", "andrew");
		assertThat(this.application.get("/read", newCookie).body()).isEqualTo("andrew");
		assertThat(this.application.get("/read", cookie).body()).isEqualTo("no session");
	}

	@Test
	void invalidatedSessionIsRemovedFromRedisAndItsCookieCleared() throws Exception {
		start(SessionConfiguration.class);
		String cookie = this.application.post("/create", "").sessionCookie();

		PlainServletApplication.Exchange loggedOut = this.application.post("/logout", cookie);

		assertThat(loggedOut.setCookie()).startsWith("SESSION=;").contains("Max-Age=0");
		assertThat(this.server.command("EXISTS", key(cookie))).isEqualTo("0");
		assertThat(this.application.get("/read", cookie).body()).isEqualTo("no session");
		assertThat(this.application.rootContext().getBean(CountingListener.class).destroyed).hasValue(1);
	}

	@Test
	void malformedCookiesSendNoCommand() throws Exception {
		start(SessionConfiguration.class);
		String malformed = Base64.getEncoder().encodeToString("../../etc:passwd".getBytes(StandardCharsets.UTF_8));

		List<MonitoredCommand> commands = clientCommands(() -> {
			assertThat(this.application.get("/read", malformed).body()).isEqualTo("no session");
			assertThat(this.application.get("/read", "..%2F..%2Fetc:passwd").body()).isEqualTo("no session");
			assertThat(this.application.get("/read", "%%%not-base64").body()).isEqualTo("no session");
			assertThat(this.application.get("/read", "a".repeat(42)).body()).isEqualTo("no session");
		});

		assertThat(commands).isEmpty();
	}

	@Test
	void annotationAttributesWithPlaceholdersShapeTheHash() throws Exception {
		start(SessionConfiguration.class);

		String cookie = this.application.post("/create", "").sessionCookie();

		Map<String, String> hash = hash(cookie);
		assertThat(hash).containsEntry("session_ttl", "2700").containsKeys("created_at", "last_accessed_at");
		assertThat(Long.parseLong(this.server.command("TTL", key(cookie)))).isBetween(2690L, 2700L);
		RedisHashSessionRepository repository = this.application.rootContext()
			.getBean(RedisHashSessionRepository.class);
		assertThat(repository.getNamespace()).isEqualTo(this.namespace);
		assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(45));
		assertThat(repository.getFlushMode()).isEqualTo(FlushMode.ON_SAVE);
		assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
	}

	@Test
	void flushModeAndSaveModeOfTheAnnotationAreApplied() throws Exception {
		start(ImmediateSessionConfiguration.class);

		PlainServletApplication.Exchange created = this.application.post("/create-and-look", "");

		assertThat(created.body()).isEqualTo("in Redis before the response: andrew");
		assertThat(hash(created.sessionCookie())).containsEntry("session_ttl", "600");
		RedisHashSessionRepository repository = this.application.rootContext()
			.getBean(RedisHashSessionRepository.class);
		assertThat(repository.getFlushMode()).isEqualTo(FlushMode.IMMEDIATE);
		assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ALWAYS);
	}

	@Test
	void customizerBeansAreAppliedAfterTheAnnotation() throws Exception {
		start(SessionConfiguration.class);
		String cookie = this.application.post("/create", "").sessionCookie();

		PlainServletApplication.Exchange tooLarge = this.application.post("/grow", cookie);

		assertThat(this.application.rootContext().getBean(RedisHashSessionRepository.class).getMaxSessionSize())
			.isEqualTo(4096);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(hash(cookie)).doesNotContainKey("payload").containsEntry("username", "andrew");
	}

	@Test
	void principalIndexIsSweptAtTheIntervalOfTheAnnotation() throws Exception {
		this.properties.put("test.sweep-interval", "200ms");
		start(SessionConfiguration.class);
		String cookie = this.application.post("/rotate", this.application.post("/create", "").sessionCookie())
			.sessionCookie();
		String indexPattern = this.namespace + ":index:*";
		assertThat(this.server.command("KEYS", indexPattern)).isNotEmpty();
		PrincipalIndexSweeper sweeper = this.application.rootContext().getBean(PrincipalIndexSweeper.class);
		assertThat(sweeper.getInterval()).isEqualTo(Duration.ofMillis(200));
		assertThat(sweeper.isRunning()).isTrue();

		this.server.command("DEL", key(cookie));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.command("KEYS", indexPattern).isEmpty());
	}

	@Test
	void unavailableRedisIsAnswered503WithRetryAfterByTheFilterAndInsideSpringMvc() throws Exception {
		try (RedisServer dedicated = RedisServers.startDedicated()) {
			start(SessionConfiguration.class, dedicated);
			String cookie = this.application.post("/create", "").sessionCookie();
			assertThat(this.application.rootContext().getBean(SessionStoreExceptionResolver.class)).isNotNull();

			dedicated.stop();

			PlainServletApplication.Exchange read = this.application.get("/read", cookie);
			assertThat(read.status()).isEqualTo(503);
			assertThat(read.headers().get("Retry-After")).containsExactly("7");
			PlainServletApplication.Exchange insideMvc = this.application.get("/sessions-of-andrew", "");
			assertThat(insideMvc.status()).isEqualTo(503);
			assertThat(insideMvc.headers().get("Retry-After")).containsExactly("7");
			dedicated.start();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.application.get("/read", cookie).status() == 200);
		}
	}

	private void start(Class<?> rootConfiguration) throws Exception {
		start(rootConfiguration, this.server);
	}

	private void start(Class<?> rootConfiguration, RedisServer redis) throws Exception {
		Map<String, Object> properties = new HashMap<>();
		properties.put("test.redis.host", redis.host());
		properties.put("test.redis.port", redis.port());
		properties.put("test.namespace", this.namespace);
		properties.put("test.timeout", "45m");
		properties.put("test.sweep-interval", "10m");
		properties.putAll(this.properties);
		this.application = PlainServletApplication.start(this.baseDir, properties, rootConfiguration,
				WebConfiguration.class);
	}

	private List<MonitoredCommand> clientCommands(RedisMonitor.ThrowingRunnable action) throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			return RedisMonitor.clientCommands(monitor.record(action));
		}
	}

	private Map<String, String> hash(String cookie) {
		String[] lines = this.server.command("HGETALL", key(cookie)).split("\n");
		Map<String, String> hash = new HashMap<>();
		for (int i = 0; i + 1 < lines.length; i += 2) {
			hash.put(lines[i], lines[i + 1]);
		}
		return hash;
	}

	private String key(String cookie) {
		return this.namespace + ":" + cookie;
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(@Value("${test.redis.host}") String host,
				@Value("${test.redis.port}") int port) {
			LettuceClientConfiguration client = LettuceClientConfiguration.builder()
				.commandTimeout(Duration.ofSeconds(1))
				.clientOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build())
				.build();
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port), client);
		}

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
