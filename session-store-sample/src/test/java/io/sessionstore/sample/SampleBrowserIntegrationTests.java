package io.sessionstore.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole sample in headless Chromium on a real Redis, checking Redis directly at each
 * step. Skipped where Chromium is not installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { EmbeddedRedisFallback.ENABLED_PROPERTY + "=false", "logging.level.org.openqa.selenium=error" })
class SampleBrowserIntegrationTests {

	private static final Path SCREENSHOT = Path.of("target/screenshots/sample.png");

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	private final List<Chromium> browsers = new ArrayList<>();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisServer server = RedisServers.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
	}

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(Chromium::close);
	}

	@Test
	void logInCountViewsChangeTheIdleTimeoutAndLogOut() {
		Chromium browser = startBrowser();
		browser.open("/");
		String idBeforeLogin = browser.sessionId();
		assertThat(idBeforeLogin).as("the login form's CSRF token is kept in a session").isNotNull();
		assertThat(hash(idBeforeLogin)).containsKey("created_at").doesNotContainKey("principal_name");

		logIn(browser, "andrew", "60");

		String id = browser.sessionId();
		assertThat(id).isNotEqualTo(idBeforeLogin).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.redis.hasKey(key(idBeforeLogin))).isFalse();
		assertThat(browser.text("id-before")).isEqualTo(masked(idBeforeLogin));
		assertThat(browser.text("id-now")).isEqualTo(masked(id));
		assertThat(browser.pageSource()).doesNotContain(id).doesNotContain(idBeforeLogin);
		assertThat(hash(id)).containsEntry("session_ttl", "60")
			.containsEntry("principal_name", "andrew")
			.containsEntry("username", "andrew")
			.containsKeys("created_at", "last_accessed_at");
		assertThat(this.redis.getExpire(key(id))).isBetween(55L, 60L);
		assertThat(browser.text("fields")).contains("principal_name andrew").contains("session_ttl 60");
		Cookie cookie = browser.sessionCookie();
		assertThat(cookie).isNotNull();
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.isSecure()).as("Secure only over HTTPS").isFalse();

		String lastAccessed = hash(id).get("last_accessed_at");
		Object probe = browser.executeAsync("const done = arguments[arguments.length - 1];"
				+ "fetch('/session-ttl').then((response) => response.text()).then(done);");
		assertThat(probe).asString().matches("\\{\"exists\":true,\"ttl\":(5\\d|60)}");
		assertThat(hash(id).get("last_accessed_at")).as("the probe does not touch the session").isEqualTo(lastAccessed);

		browser.click("count-view");
		await().until(() -> browser.text("page-views").equals("1"));
		browser.click("count-view");
		await().until(() -> browser.text("page-views").equals("2"));
		assertThat(hash(id)).containsEntry("page_views", "2");

		browser.type("ttl-seconds", "120");
		browser.click("change-ttl");
		await().until(() -> browser.text("idle-timeout").equals("120"));
		assertThat(hash(id)).containsEntry("session_ttl", "120");
		assertThat(this.redis.getExpire(key(id))).isBetween(115L, 120L);

		browser.click("logout");
		await().until(() -> browser.has("signed-out"));
		assertThat(this.redis.hasKey(key(id))).isFalse();
		assertThat(browser.sessionCookie()).as("the cookie is cleared and no new session is started").isNull();
	}

	@Test
	void aThreeSecondSessionExpiresAndThePageSaysItIsGone() {
		Chromium browser = startBrowser();
		browser.open("/");
		logIn(browser, "bea", "15");
		String id = browser.sessionId();
		assertThat(hash(id)).containsEntry("session_ttl", "15");

		browser.type("ttl-seconds", "3");
		browser.click("change-ttl");

		await().until(() -> browser.text("idle-timeout").equals("3"));
		await().atMost(Duration.ofSeconds(20)).until(() -> browser.isShown("gone"));
		assertThat(this.redis.hasKey(key(id))).isFalse();
		assertThat(browser.text("ttl")).isEqualTo("0");
		assertThat(browser.element("count-view").isEnabled()).isFalse();
		assertThat(browser.sessionId()).as("showing that the session is gone starts no new one").isEqualTo(id);
	}

	@Test
	void signingOutOtherSessionsEndsOnlyTheOtherSessionsOfTheSameUser() {
		Chromium laptop = startBrowser();
		Chromium phone = startBrowser();
		Chromium someoneElse = startBrowser();
		List.of(laptop, phone, someoneElse).forEach((browser) -> browser.open("/"));
		logIn(phone, "carol", "300");
		logIn(someoneElse, "dave", "300");
		String phoneId = phone.sessionId();
		String someoneElsesId = someoneElse.sessionId();
		String phoneLastAccessed = hash(phoneId).get("last_accessed_at");

		logIn(laptop, "carol", "300");

		String laptopId = laptop.sessionId();
		assertThat(laptop.count("#other-sessions .other-session")).isEqualTo(1);
		assertThat(laptop.text("other-sessions")).contains(masked(phoneId)).doesNotContain(masked(someoneElsesId));
		assertThat(laptop.pageSource()).doesNotContain(phoneId);
		assertThat(hash(phoneId).get("last_accessed_at")).as("listing a session does not touch it")
			.isEqualTo(phoneLastAccessed);
		laptop.click("count-view");
		await().until(() -> laptop.text("page-views").equals("1"));
		laptop.screenshot(SCREENSHOT);

		laptop.click("sign-out-others");

		await().until(() -> laptop.has("no-other-sessions"));
		assertThat(this.redis.hasKey(key(phoneId))).isFalse();
		assertThat(this.redis.hasKey(key(laptopId))).isTrue();
		assertThat(this.redis.hasKey(key(someoneElsesId))).isTrue();
		await().atMost(Duration.ofSeconds(15)).until(() -> phone.isShown("gone"));
		assertThat(phone.sessionId()).isEqualTo(phoneId);
		assertThat(someoneElse.isShown("gone")).isFalse();
	}

	private Chromium startBrowser() {
		Chromium browser = Chromium.start(this.port);
		this.browsers.add(browser);
		return browser;
	}

	private static void logIn(Chromium browser, String username, String ttlSeconds) {
		browser.type("login-username", username);
		new Select(browser.element("login-ttl")).selectByValue(ttlSeconds);
		browser.click("login");
		await().until(() -> browser.has("username"));
		assertThat(browser.text("username")).isEqualTo(username);
	}

	private Map<String, String> hash(String sessionId) {
		return this.redis.<String, String>opsForHash().entries(key(sessionId));
	}

	private static String key(String sessionId) {
		return "session:" + sessionId;
	}

	private static String masked(String sessionId) {
		return sessionId.substring(0, 6) + "…";
	}

}
