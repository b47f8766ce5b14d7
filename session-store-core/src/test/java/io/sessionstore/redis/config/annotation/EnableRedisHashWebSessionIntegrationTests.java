package io.sessionstore.redis.config.annotation;

import java.time.Duration;
import java.util.List;

import io.sessionstore.redis.ReactiveRedisHashSessionRepository;
import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionIdCookieWebSessionIdResolver;
import io.sessionstore.redis.SessionStoreWebExceptionHandler;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EnableRedisHashWebSession} in a WebFlux application without Spring Boot (none is
 * on this module's class path): an application context assembled by
 * {@link WebHttpHandlerBuilder}, served by Reactor Netty and driven over HTTP against a
 * real Redis.
 */
@WithRedis
class EnableRedisHashWebSessionIntegrationTests extends PlainApplicationSessionContract {

	private PlainWebFluxApplication application;

	EnableRedisHashWebSessionIntegrationTests(RedisServer server) {
		super(server);
	}

	@Override
	HttpDriver startApplication(RedisServer redis) {
		return start(SessionConfiguration.class, redis);
	}

	private HttpDriver start(Class<?> configuration, RedisServer redis) {
		this.application = PlainWebFluxApplication.start(this.sessions.properties(redis), configuration);
		return this.application.http();
	}

	@Override
	void stopApplication() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void webSessionManagerReadsTheSessionCookieInEitherFormAndStoreFailuresHaveAHandler() throws Exception {
		start();

		DefaultWebSessionManager manager = this.application.context()
			.getBean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME, DefaultWebSessionManager.class);

		assertThat(manager.getSessionIdResolver()).isInstanceOf(SessionIdCookieWebSessionIdResolver.class);
		assertThat(this.application.context().getBeansOfType(SessionStoreWebExceptionHandler.class)).hasSize(1);
	}

	@Test
	void repositoryIsConfiguredFromTheAnnotationAndTheCustomizers() throws Exception {
		start();

		ReactiveRedisHashSessionRepository repository = this.application.context()
			.getBean(ReactiveRedisHashSessionRepository.class);
		assertThat(repository.getNamespace()).isEqualTo(this.sessions.namespace());
		assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(45));
		assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
		assertThat(repository.getMaxSessionSize()).isEqualTo(4096);
	}

	@Test
	void saveModeAndIdleTimeoutInSecondsOfTheAnnotationAreApplied() throws Exception {
		HttpDriver http = start(AlwaysSaveConfiguration.class, this.server);
		String cookie = http.post("/create", "").sessionCookie();
		http.get("/read", cookie);

		List<MonitoredCommand> commands = this.sessions
			.clientCommands(() -> assertThat(http.get("/read", cookie).body()).isEqualTo("andrew"));

		assertThat(commands).extracting(MonitoredCommand::name).containsExactly("EVALSHA", "EVALSHA");
		assertThat(this.sessions.hash(cookie)).containsEntry("session_ttl", "600");
		assertThat(this.application.context().getBean(ReactiveRedisHashSessionRepository.class).getSaveMode())
			.isEqualTo(SaveMode.ALWAYS);
	}

	@Test
	void sessionWrittenByAServletApplicationIsReadWithTheSameCookie() throws Exception {
		HttpDriver http = start();
		RedisHashSessionRepository servletRepository = new RedisHashSessionRepository(
				this.application.context().getBean(RedisConnectionFactory.class));
		servletRepository.setNamespace(this.sessions.namespace());
		RedisHashSession session = servletRepository.createSession();
		session.setAttribute("username", "andrew");
		servletRepository.save(session);

		assertThat(http.get("/read", session.getId()).body()).isEqualTo("andrew");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@EnableRedisHashWebSession(maxInactiveInterval = "${test.timeout}", redisNamespace = "${test.namespace}",
			retryAfterSeconds = 7)
	@Import({ SessionsInRedis.RedisConfiguration.class, SessionController.class })
	static class SessionConfiguration {

		@Bean
		ReactiveSessionRepositoryCustomizer<ReactiveRedisHashSessionRepository> maxSessionSizeCustomizer() {
			return (repository) -> repository.setMaxSessionSize(4096);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@EnableRedisHashWebSession(maxInactiveIntervalInSeconds = 600, redisNamespace = "${test.namespace}",
			saveMode = SaveMode.ALWAYS)
	@Import({ SessionsInRedis.RedisConfiguration.class, SessionController.class })
	static class AlwaysSaveConfiguration {

	}

	@RestController
	static class SessionController {

		private final ReactiveRedisHashSessionRepository repository;

		SessionController(ReactiveRedisHashSessionRepository repository) {
			this.repository = repository;
		}

		@GetMapping("/read")
		String read(WebSession session) {
			return session.isStarted() ? String.valueOf((Object) session.getAttribute("username")) : "no session";
		}

		@PostMapping("/create")
		String create(WebSession session) {
			session.getAttributes().put("username", "andrew");
			return "created";
		}

		/**
		 * Record the principal, then change the session ID, which Spring Session's
		 * {@code WebSession} saves at once, with the principal.
		 */
		@PostMapping("/rotate")
		Mono<String> rotate(WebSession session) {
			session.getAttributes().put(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
			return session.changeSessionId().thenReturn("rotated");
		}

		@PostMapping("/grow")
		String grow(WebSession session) {
			session.getAttributes().put("payload", "x".repeat(8192));
			return "grown";
		}

		@PostMapping("/logout")
		Mono<String> logout(WebSession session) {
			return session.invalidate().thenReturn("logged out");
		}

		@GetMapping("/sessions-of-andrew")
		Mono<String> sessionsOfAndrew() {
			return this.repository
				.findByIndexNameAndIndexValue(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew")
				.map((found) -> String.valueOf(found.size()));
		}

	}

}
