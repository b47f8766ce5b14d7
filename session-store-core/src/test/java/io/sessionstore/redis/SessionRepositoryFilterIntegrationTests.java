package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Requests through Spring Session's real {@link SessionRepositoryFilter} and Spring MVC,
 * with {@code @ResponseBody} handlers so that the filter commits the session twice, on a
 * real Redis: the commands each kind of request sends, counted by {@code MONITOR}, and
 * the races between concurrent requests on one session.
 */
@WithRedis
class SessionRepositoryFilterIntegrationTests {

	private final RedisServer server;

	private TestRedisConnections connections;

	private RedisClusterCommands<String, String> cli;

	private RedisHashSessionRepository repository;

	private String namespace;

	private MockMvc mvc;

	SessionRepositoryFilterIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@BeforeEach
	void setUp() {
		this.connections = new TestRedisConnections(this.server);
		this.cli = this.connections.cli();
		this.namespace = "mvc-" + UUID.randomUUID().toString().substring(0, 8);
		this.repository = new RedisHashSessionRepository(this.connections.connectionFactory());
		this.repository.setNamespace(this.namespace);
		this.mvc = mockMvc(new SessionLookupCacheFilter(this.repository), new SessionRepositoryFilter<>(this.repository));
	}

	@AfterEach
	void tearDown() {
		this.connections.close();
	}

	private MockMvc mockMvc(Filter... filters) {
		return MockMvcBuilders.standaloneSetup(new SessionController(this.repository)).addFilters(filters).build();
	}

	@Test
	void readOnlyRequestOnExistingSessionSendsOneCommand() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		perform(get("/read").cookie(cookie));

		List<MonitoredCommand> commands = clientCommands(() -> {
			MvcResult result = perform(get("/read").cookie(cookie));
			assertThat(result.getResponse().getContentAsString()).isEqualTo("andrew");
		});

		assertThat(commands).hasSize(1);
	}

	@Test
	void requestThatSetsOneAttributeSendsTwoCommands() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		perform(post("/set").param("value", "warm").cookie(cookie));

		List<MonitoredCommand> commands = clientCommands(() -> perform(post("/set").param("value", "blue").cookie(cookie)));

		assertThat(commands).hasSize(2);
		assertThat(this.cli.hget(key(cookie), "colour")).isEqualTo("blue");
	}

	@Test
	void requestThatCreatesASessionSendsOneCommand() throws Exception {
		perform(post("/create"));
		List<MvcResult> results = new ArrayList<>();

		List<MonitoredCommand> commands = clientCommands(() -> results.add(perform(post("/create"))));

		assertThat(commands).hasSize(1);
		assertThat(this.cli.hget(key(sessionCookie(results.get(0))), "username")).isEqualTo("andrew");
	}

	@Test
	void staleCookieEndsInANewSessionWithTwoCommands() throws Exception {
		perform(post("/create").cookie(cookieFor(this.repository.createSession().getId())));
		Cookie stale = cookieFor(this.repository.createSession().getId());
		List<MvcResult> results = new ArrayList<>();

		List<MonitoredCommand> commands = clientCommands(() -> results.add(perform(post("/create").cookie(stale))));

		assertThat(commands).hasSize(2);
		Cookie fresh = sessionCookie(results.get(0));
		assertThat(fresh.getValue()).isNotEqualTo(stale.getValue());
		assertThat(this.cli.exists(key(stale))).isZero();
		assertThat(this.cli.hget(key(fresh), "username")).isEqualTo("andrew");
	}

	@Test
	void requestThatChangesTheSessionIdSendsTwoCommands() throws Exception {
		Cookie warmUp = sessionCookie(perform(post("/create")));
		perform(post("/rotate").cookie(warmUp));
		Cookie cookie = sessionCookie(perform(post("/create")));
		List<MvcResult> results = new ArrayList<>();

		List<MonitoredCommand> commands = clientCommands(() -> results.add(perform(post("/rotate").cookie(cookie))));

		assertThat(commands).hasSize(2);
		Cookie rotated = sessionCookie(results.get(0));
		assertThat(rotated.getValue()).isNotEqualTo(cookie.getValue());
		assertThat(this.cli.exists(key(cookie))).isZero();
		assertThat(this.cli.hgetall(key(rotated))).containsEntry("username", "andrew")
			.containsEntry("principal_name", "andrew");
	}

	@Test
	void requestThatInvalidatesTheSessionSendsTwoCommands() throws Exception {
		perform(post("/logout").cookie(sessionCookie(perform(post("/create")))));
		Cookie cookie = sessionCookie(perform(post("/create")));

		List<MonitoredCommand> commands = clientCommands(() -> perform(post("/logout").cookie(cookie)));

		assertThat(commands).hasSize(2);
		assertThat(this.cli.exists(key(cookie))).isZero();
	}

	@Test
	void malformedCookieSendsNoCommand() throws Exception {
		Cookie malformed = new Cookie("SESSION",
				Base64.getEncoder().encodeToString("../../etc:passwd".getBytes(StandardCharsets.UTF_8)));
		Cookie garbage = new Cookie("SESSION", "%%%not-base64");

		List<MonitoredCommand> commands = clientCommands(() -> {
			perform(get("/read").cookie(malformed));
			perform(get("/read").cookie(garbage));
		});

		assertThat(commands).isEmpty();
	}

	@Test
	void requestWithoutCookieThatNeverUsesTheSessionSendsNoCommand() throws Exception {
		assertThat(clientCommands(() -> perform(get("/read")))).isEmpty();
	}

	@Test
	void withoutTheLookupCacheTheFilterChainRepeatsItsLookups() throws Exception {
		MockMvc uncached = mockMvc(new SessionRepositoryFilter<>(this.repository));
		Cookie cookie = sessionCookie(perform(post("/create")));
		uncached.perform(get("/read").cookie(cookie)).andReturn();

		List<MonitoredCommand> commands = clientCommands(() -> uncached.perform(get("/read").cookie(cookie)).andReturn());

		assertThat(commands).hasSizeGreaterThan(1);
	}

	@Test
	void changeOfTimeoutAppliesAtOnce() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));

		perform(post("/ttl").param("seconds", "120").cookie(cookie));

		assertThat(this.cli.ttl(key(cookie))).isBetween(115L, 120L);
		assertThat(this.cli.hget(key(cookie), "session_ttl")).isEqualTo("120");
	}

	@Test
	void readingExtendsTheSession() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		this.cli.expire(key(cookie), 100);

		perform(get("/read").cookie(cookie));

		assertThat(this.cli.ttl(key(cookie))).isGreaterThan(1700L);
	}

	@Test
	void sessionWithTwoSecondTimeoutExpires() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		perform(post("/ttl").param("seconds", "2").cookie(cookie));

		await().atMost(Duration.ofSeconds(6)).until(() -> this.cli.exists(key(cookie)) == 0);
		assertThat(perform(get("/read").cookie(cookie)).getResponse().getContentAsString()).isEqualTo("no session");
	}

	@Test
	void concurrentWritersOfDifferentAttributesAllSurvive() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		List<Callable<MvcResult>> writers = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String name = "attribute" + i;
			writers.add(() -> perform(
					post("/set-typed").param("name", name).param("value", String.valueOf(name.length())).cookie(cookie)));
		}

		runTogether(writers);

		RedisHashSession session = this.repository.findById(sessionId(cookie));
		for (int i = 0; i < 16; i++) {
			assertThat((Object) session.getAttribute("attribute" + i)).isEqualTo(("attribute" + i).length());
		}
	}

	@Test
	void logoutRacingWithConcurrentWritersNeverLeavesTheSession() throws Exception {
		for (int trial = 0; trial < 20; trial++) {
			Cookie cookie = sessionCookie(perform(post("/create")));
			List<Callable<MvcResult>> requests = new ArrayList<>();
			requests.add(() -> perform(post("/logout").cookie(cookie)));
			for (int i = 0; i < 6; i++) {
				requests.add(() -> perform(post("/set").param("value", "late").cookie(cookie)));
			}

			runTogether(requests);

			assertThat(this.cli.exists(key(cookie))).as("session left after logout in trial %d", trial).isZero();
		}
	}

	@Test
	void concurrentIncrementsAreExact() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		List<Callable<MvcResult>> increments = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			increments.add(() -> perform(post("/increment").cookie(cookie)));
		}

		runTogether(increments);

		assertThat(this.cli.hget(key(cookie), "page_views")).isEqualTo("100");
		assertThat(this.cli.hget(key(cookie), "attribute_types")).contains("\"page_views\":\"Long\"");
	}

	@Test
	void changeOfSessionIdKeepsData() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		perform(post("/set").param("value", "green").cookie(cookie));

		Cookie rotated = sessionCookie(perform(post("/rotate").cookie(cookie)));

		assertThat(perform(get("/read").cookie(rotated)).getResponse().getContentAsString()).isEqualTo("andrew");
		assertThat(this.cli.hget(key(rotated), "colour")).isEqualTo("green");
		assertThat(perform(get("/read").cookie(cookie)).getResponse().getContentAsString()).isEqualTo("no session");
	}

	@Test
	void principalLookupReadsEverySessionOfTheUserInOneCommand() throws Exception {
		for (int i = 0; i < 3; i++) {
			RedisHashSession session = this.repository.createSession();
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
			this.repository.save(session);
		}

		this.repository.findByPrincipalName("andrew");

		List<MonitoredCommand> commands = clientCommands(
				() -> assertThat(this.repository.findByPrincipalName("andrew")).hasSize(3));

		assertThat(commands).extracting(MonitoredCommand::name).containsExactly("EVALSHA");
	}

	@Test
	void changeOfSessionIdThenInvalidateInOneRequestRemovesTheSession() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));

		perform(post("/rotate-then-logout").cookie(cookie));

		assertThat(this.cli.exists(key(cookie))).isZero();
		assertThat(this.cli.keys(this.namespace + ":*")).isEmpty();
		assertThat(perform(get("/read").cookie(cookie)).getResponse().getContentAsString()).isEqualTo("no session");
	}

	@Test
	void thousandHostileCookiesSendNoCommandAndTouchNoKey() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		Random random = new Random(42);
		List<Cookie> hostile = new ArrayList<>();
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		while (hostile.size() < 1000) {
			int length = 16 + random.nextInt(113);
			if (length == 43) {
				continue;
			}
			StringBuilder id = new StringBuilder();
			for (int i = 0; i < length; i++) {
				id.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			hostile.add(cookieFor(id.toString()));
		}

		List<MonitoredCommand> commands = clientCommands(() -> {
			for (Cookie one : hostile) {
				MvcResult result = perform(get("/read").cookie(one));
				assertThat(result.getResponse().getStatus()).isEqualTo(200);
				assertThat(result.getResponse().getContentAsString()).isEqualTo("no session");
			}
		});

		assertThat(commands).isEmpty();
		assertThat(this.cli.keys(this.namespace + ":*")).containsExactly(key(cookie));
	}

	private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request).andReturn();
	}

	private List<MonitoredCommand> clientCommands(RedisMonitor.ThrowingRunnable action) throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			return monitor.record(action).stream().filter((command) -> !command.fromScript()).toList();
		}
	}

	private static void runTogether(List<Callable<MvcResult>> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<MvcResult>> results = new ArrayList<>();
			for (Callable<MvcResult> task : tasks) {
				results.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			for (Future<MvcResult> result : results) {
				result.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static Cookie sessionCookie(MvcResult result) {
		Cookie cookie = result.getResponse().getCookie("SESSION");
		assertThat(cookie).as("session cookie").isNotNull();
		return new Cookie(cookie.getName(), cookie.getValue());
	}

	private static Cookie cookieFor(String sessionId) {
		return new Cookie("SESSION", Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8)));
	}

	private static String sessionId(Cookie cookie) {
		return new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
	}

	private String key(Cookie cookie) {
		return this.namespace + ":" + sessionId(cookie);
	}

	@RestController
	static class SessionController {

		private final RedisHashSessionRepository repository;

		SessionController(RedisHashSessionRepository repository) {
			this.repository = repository;
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

		@PostMapping("/set")
		String set(HttpServletRequest request, @RequestParam String value) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.setAttribute("colour", value);
			}
			return "set";
		}

		@PostMapping("/set-typed")
		String setTyped(HttpServletRequest request, @RequestParam String name, @RequestParam int value) {
			request.getSession(false).setAttribute(name, value);
			return "set";
		}

		@PostMapping("/ttl")
		String ttl(HttpServletRequest request, @RequestParam int seconds) {
			request.getSession(false).setMaxInactiveInterval(seconds);
			return "ttl";
		}

		@PostMapping("/increment")
		String increment(HttpServletRequest request) {
			return String.valueOf(this.repository.incrementAttribute(request.getSession(false).getId(), "page_views", 1));
		}

		@PostMapping("/rotate")
		String rotate(HttpServletRequest request) {
			request.changeSessionId();
			request.getSession(false).setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "andrew");
			return "rotated";
		}

		@PostMapping("/rotate-then-logout")
		String rotateThenLogout(HttpServletRequest request) {
			request.changeSessionId();
			request.getSession(false).invalidate();
			return "logged out";
		}

		@PostMapping("/logout")
		String logout(HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			return "logged out";
		}

	}

}
