package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisMonitor.MonitoredCommand;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Requests through Spring Session's real {@link SessionRepositoryFilter} and Spring MVC
 * with the near cache on: the commands each kind of request sends, counted by
 * {@code MONITOR}.
 */
@WithRedis
class NearCacheFilterIntegrationTests {

	private final RedisServer server;

	private NearCacheNode node;

	private String namespace;

	private MockMvc mvc;

	NearCacheFilterIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@BeforeEach
	void setUp() {
		this.namespace = "mvc-near-" + UUID.randomUUID().toString().substring(0, 8);
		this.node = new NearCacheNode(this.server, this.namespace,
				NearCacheOptions.builder().touchInterval(Duration.ofSeconds(1)).build());
		RedisHashSessionRepository repository = this.node.repository();
		this.mvc = MockMvcBuilders.standaloneSetup(new SessionRepositoryFilterIntegrationTests.SessionController(repository))
			.addFilters(new SessionLookupCacheFilter(repository), new SessionRepositoryFilter<>(repository))
			.build();
		this.server.command("SCRIPT", "LOAD", new SessionScripts().touch.getScriptAsString());
		Cookie warmUp = sessionCookie(perform(post("/create")));
		perform(get("/read").cookie(warmUp));
		perform(post("/set").param("value", "warm").cookie(warmUp));
	}

	@AfterEach
	void tearDown() {
		this.node.close();
	}

	@Test
	void firstReadOnlyRequestOnANodeSendsOneCommandAndTheNextNone() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));

		List<MonitoredCommand> first = clientCommands(() -> assertThat(read(cookie)).isEqualTo("andrew"));
		List<MonitoredCommand> second = clientCommands(() -> assertThat(read(cookie)).isEqualTo("andrew"));

		assertThat(first).extracting(MonitoredCommand::name).containsExactly("EVALSHA");
		assertThat(second).isEmpty();
	}

	@Test
	void requestThatSetsOneAttributeOnACachedSessionSendsOneCommand() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		read(cookie);

		List<MonitoredCommand> commands = clientCommands(() -> perform(post("/set").param("value", "blue").cookie(cookie)));

		assertThat(commands).extracting(MonitoredCommand::name).containsExactly("EVALSHA");
		assertThat(this.node.holds(sessionId(cookie))).isFalse();
		assertThat(clientCommands(() -> read(cookie))).hasSize(1);
		assertThat(clientCommands(() -> read(cookie))).isEmpty();
	}

	@Test
	void readOnlyRequestOnceTheTouchIntervalHasPassedTouchesInOneCommand() throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		read(cookie);
		String key = this.namespace + ":" + sessionId(cookie);
		Instant lastAccessed = Instant.parse(this.server.command("HGET", key, "last_accessed_at"));
		await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(lastAccessed.plusSeconds(1)));

		List<MonitoredCommand> commands = clientCommands(() -> assertThat(read(cookie)).isEqualTo("andrew"));

		assertThat(commands).extracting(MonitoredCommand::name).containsExactly("EVALSHA");
		assertThat(Instant.parse(this.server.command("HGET", key, "last_accessed_at"))).isAfter(lastAccessed);
		assertThat(Long.parseLong(this.server.command("TTL", key))).isBetween(1795L, 1801L);
	}

	@Test
	void readOnlyRequestOnASessionNotCachedHereAndNotAccessedForLongerThanTheTouchIntervalSendsTwoCommands()
			throws Exception {
		Cookie cookie = sessionCookie(perform(post("/create")));
		String key = this.namespace + ":" + sessionId(cookie);
		Instant lastAccessed = Instant.parse(this.server.command("HGET", key, "last_accessed_at"));
		await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(lastAccessed.plusSeconds(1)));

		List<MonitoredCommand> commands = clientCommands(() -> assertThat(read(cookie)).isEqualTo("andrew"));

		assertThat(commands).extracting(MonitoredCommand::name).containsExactly("EVALSHA", "EVALSHA");
		assertThat(this.node.holds(sessionId(cookie))).isFalse();
		assertThat(Instant.parse(this.server.command("HGET", key, "last_accessed_at"))).isAfter(lastAccessed);
	}

	private String read(Cookie cookie) throws Exception {
		return perform(get("/read").cookie(cookie)).getResponse().getContentAsString();
	}

	private MvcResult perform(MockHttpServletRequestBuilder request) {
		try {
			return this.mvc.perform(request).andReturn();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<MonitoredCommand> clientCommands(RedisMonitor.ThrowingRunnable action) throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
			return RedisMonitor.clientCommands(monitor.record(action));
		}
	}

	private static Cookie sessionCookie(MvcResult result) {
		Cookie cookie = result.getResponse().getCookie("SESSION");
		assertThat(cookie).as("session cookie").isNotNull();
		return new Cookie(cookie.getName(), cookie.getValue());
	}

	private static String sessionId(Cookie cookie) {
		return new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
	}

}
