package io.sessionstore.starter;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.sessionstore.redis.SecureRandomSessionIdGenerator;
import io.sessionstore.springsession.SpringSessionReactiveRepository;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.webflux.WebFluxTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis round trips per exchange of one WebFlux application with Spring Security, counted
 * with {@code MONITOR} as the commands its client sends (a script is one), after warm-up:
 * with the starter, and with Spring Session's {@code ReactiveRedisSessionRepository}
 * ({@code @EnableRedisWebSession}) on the same Redis server. The table is printed and
 * written to {@code target/webflux-round-trips.md}. WebFlux loads the session once per
 * exchange (the exchange caches it, and Spring Security's exchange decorators ask it), so
 * the read that also slides the expiry is the only command of a read-only exchange. A
 * logout here clears the security context, which Spring Security does by changing the
 * session ID, and then invalidates the session: load, rename, delete.
 * <pre>
 * ./mvnw -pl session-store-spring-boot-starter -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=WebFluxRoundTripsIntegrationTests -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 */
class WebFluxRoundTripsIntegrationTests {

	private static final RedisServer redis = RedisServers.startDedicated();

	private static final Map<Exchange, List<MonitoredCommand>> sessionStore = new EnumMap<>(Exchange.class);

	private static final Map<Exchange, List<MonitoredCommand>> springSession = new EnumMap<>(Exchange.class);

	@BeforeAll
	static void measure() throws Exception {
		try (ConfigurableApplicationContext application = start(WebFluxTestApplication.class)) {
			measure(port(application), sessionStore);
		}
		try (ConfigurableApplicationContext application = start(WebFluxTestApplication.class,
				SpringSessionReactiveRepository.class)) {
			measure(port(application), springSession);
		}
		report();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void sessionStoreSendsWhatItsBudgetAllows() {
		assertThat(counts(sessionStore)).containsExactlyInAnyOrderEntriesOf(Map.of(Exchange.READ_ONLY, 1,
				Exchange.WRITE, 2, Exchange.CREATE, 1, Exchange.UNKNOWN_COOKIE, 1, Exchange.MALFORMED_COOKIE, 0,
				Exchange.LOGIN, 2, Exchange.LOGOUT, 3));
		assertThat(sessionStore.get(Exchange.READ_ONLY)).singleElement()
			.satisfies((command) -> assertThat(command.name()).isEqualTo("EVALSHA"));
	}

	@Test
	void springSessionsReactiveRepositorySendsMoreForEveryExchangeThatCarriesACookie() {
		Map<Exchange, Integer> theirs = counts(springSession);
		assertThat(theirs.get(Exchange.READ_ONLY)).isEqualTo(4);
		assertThat(names(springSession.get(Exchange.READ_ONLY))).containsExactly("HGETALL", "EXISTS", "HSET",
				"EXPIRE");
		assertThat(theirs.get(Exchange.MALFORMED_COOKIE)).isEqualTo(2);
		assertThat(names(springSession.get(Exchange.MALFORMED_COOKIE))).containsExactly("HGETALL", "DEL");
		Map<Exchange, Integer> ours = counts(sessionStore);
		for (Exchange exchange : List.of(Exchange.READ_ONLY, Exchange.WRITE, Exchange.UNKNOWN_COOKIE,
				Exchange.MALFORMED_COOKIE, Exchange.LOGIN)) {
			assertThat(ours.get(exchange)).as(exchange.description).isLessThan(theirs.get(exchange));
		}
	}

	private static void measure(int port, Map<Exchange, List<MonitoredCommand>> counts) throws Exception {
		for (Exchange exchange : Exchange.values()) {
			exchange.prepare(port).run();
			RedisMonitor.ThrowingRunnable counted = exchange.prepare(port);
			try (RedisMonitor monitor = RedisMonitor.attach(redis)) {
				counts.put(exchange, RedisMonitor.clientCommands(monitor.record(counted)));
			}
		}
	}

	private static ConfigurableApplicationContext start(Class<?>... sources) {
		boolean springSession = sources.length > 1;
		return new SpringApplicationBuilder(sources)
			.properties("spring.main.web-application-type=reactive", "server.port=0",
					"server.reactive.session.cookie.name=sid", "spring.security.user.name=andrew",
					"spring.security.user.password=secret", "spring.data.redis.host=" + redis.host(),
					"spring.data.redis.port=" + redis.port(), "session-store.enabled=" + !springSession)
			.run();
	}

	private static int port(ConfigurableApplicationContext application) {
		return ((WebServerApplicationContext) application).getWebServer().getPort();
	}

	private static Map<Exchange, Integer> counts(Map<Exchange, List<MonitoredCommand>> commands) {
		Map<Exchange, Integer> counts = new EnumMap<>(Exchange.class);
		commands.forEach((exchange, sent) -> counts.put(exchange, sent.size()));
		return counts;
	}

	private static List<String> names(List<MonitoredCommand> commands) {
		return commands.stream().map(MonitoredCommand::name).toList();
	}

	private static void report() throws IOException {
		StringBuilder table = new StringBuilder(
				"| exchange (WebFlux, Spring Security) | session-store | Spring `ReactiveRedisSessionRepository` |\n"
						+ "|---|---|---|\n");
		for (Exchange exchange : Exchange.values()) {
			table.append("| ")
				.append(exchange.description)
				.append(" | **")
				.append(sessionStore.get(exchange).size())
				.append("** | ")
				.append(springSession.get(exchange).size())
				.append(" (")
				.append(String.join(", ", names(springSession.get(exchange))))
				.append(") |\n");
		}
		System.out.print(table);
		Files.writeString(Path.of("target", "webflux-round-trips.md"), table);
	}

	/**
	 * The kinds of exchange counted: each sets up what it needs and returns the exchange
	 * whose commands are counted, on the second run.
	 */
	enum Exchange {

		READ_ONLY("read-only on an existing session", (browser) -> {
			browser.post("/public/attribute?name=greeting&value=hello");
			return () -> assertBody(browser.get("/public/attribute?name=greeting"), "hello");
		}),

		WRITE("sets one attribute", (browser) -> {
			browser.post("/public/attribute?name=greeting&value=hello");
			return () -> assertStatus(browser.post("/public/attribute?name=greeting&value=blue"), 200);
		}),

		CREATE("create (no cookie)",
				(browser) -> () -> assertStatus(browser.post("/public/attribute?name=greeting&value=hello"), 200)),

		UNKNOWN_COOKIE("unknown cookie", (browser) -> () -> assertBody(
				browser.withCookieValue(new SecureRandomSessionIdGenerator().generate())
					.get("/public/attribute?name=greeting"),
				"no session")),

		MALFORMED_COOKIE("malformed cookie", (browser) -> () -> assertBody(
				browser.withCookieValue("not:a/session-id").get("/public/attribute?name=greeting"), "no session")),

		LOGIN("log in (ID changed)", (browser) -> {
			browser.post("/public/attribute?name=greeting&value=hello");
			return () -> assertStatus(browser.logIn("andrew", "secret"), 302);
		}),

		LOGOUT("log out (session deleted)", (browser) -> {
			assertStatus(browser.logIn("andrew", "secret"), 302);
			return () -> assertStatus(browser.post("/logout"), 302);
		});

		private final String description;

		private final Function<Browser, RedisMonitor.ThrowingRunnable> setUp;

		Exchange(String description, Function<Browser, RedisMonitor.ThrowingRunnable> setUp) {
			this.description = description;
			this.setUp = setUp;
		}

		RedisMonitor.ThrowingRunnable prepare(int port) {
			return this.setUp.apply(new Browser(port, "sid"));
		}

		private static void assertBody(HttpResponse<String> response, String body) {
			assertThat(response.body()).isEqualTo(body);
		}

		private static void assertStatus(HttpResponse<String> response, int status) {
			assertThat(response.statusCode()).isEqualTo(status);
		}

	}

}
