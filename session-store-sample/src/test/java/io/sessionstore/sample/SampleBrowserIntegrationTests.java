package io.sessionstore.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
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
 * step.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.embedded-redis.enabled=false")
class SampleBrowserIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	private ChromeDriver browser;

	private ChromeDriver otherBrowser;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisServer server = RedisServers.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
	}

	@AfterEach
	void closeBrowsers() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.otherBrowser != null) {
			this.otherBrowser.quit();
		}
	}

	@Test
	void wholeLifecycleOfARedisSession() throws Exception {
		this.browser = Chromium.start();
		this.browser.get(url("/"));
		String idBeforeLogin = sessionId(this.browser);

		logIn(this.browser, "andrew", "60");

		String id = sessionId(this.browser);
		assertThat(id).isNotEqualTo(idBeforeLogin).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.redis.hasKey("session:" + idBeforeLogin)).isFalse();
		assertThat(text(this.browser, "id-before")).isEqualTo(idBeforeLogin.substring(0, 6) + "…");
		assertThat(text(this.browser, "id-now")).isEqualTo(id.substring(0, 6) + "…");
		assertThat(this.browser.getPageSource()).doesNotContain(id);
		Map<Object, Object> hash = this.redis.opsForHash().entries("session:" + id);
		assertThat(hash).containsEntry("session_ttl", "60").containsEntry("principal_name", "andrew").containsKey("created_at");
		assertThat(this.browser.findElement(By.cssSelector("#fields tr[data-field='principal_name']")).getText())
			.contains("andrew");
		Cookie cookie = this.browser.manage().getCookieNamed("sid");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		Files.createDirectories(Path.of("target/screenshots"));
		Files.write(Path.of("target/screenshots/sample.png"), this.browser.getScreenshotAs(OutputType.BYTES));

		this.browser.findElement(By.id("count-view")).click();
		await().until(() -> text(this.browser, "page-views").equals("1"));
		this.browser.findElement(By.id("count-view")).click();
		await().until(() -> text(this.browser, "page-views").equals("2"));
		assertThat(this.redis.opsForHash().get("session:" + id, "page_views")).isEqualTo("2");

		changeTimeout(this.browser, "120");
		await().until(() -> "120".equals(this.redis.opsForHash().get("session:" + id, "session_ttl")));
		assertThat(this.redis.getExpire("session:" + id)).isBetween(110L, 120L);

		this.browser.findElement(By.id("logout")).click();
		await().until(() -> !this.browser.findElements(By.id("signed-out")).isEmpty());
		assertThat(this.redis.hasKey("session:" + id)).isFalse();
		Cookie afterLogout = this.browser.manage().getCookieNamed("sid");
		assertThat((afterLogout != null) ? sessionId(this.browser) : null).isNotEqualTo(id);
	}

	@Test
	void shortSessionExpiresAndThePageSaysItIsGone() {
		this.browser = Chromium.start();
		this.browser.get(url("/"));
		logIn(this.browser, "bea", "15");
		String id = sessionId(this.browser);

		changeTimeout(this.browser, "3");

		await().until(() -> "3".equals(this.redis.opsForHash().get("session:" + id, "session_ttl")));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.browser.findElement(By.id("gone")).isDisplayed());
		assertThat(this.redis.hasKey("session:" + id)).isFalse();
		assertThat(text(this.browser, "ttl")).isEqualTo("0");
	}

	@Test
	void signingOutOtherSessionsEndsOnlyTheOtherSessionsOfTheSameUser() {
		this.browser = Chromium.start();
		this.otherBrowser = Chromium.start();
		ChromeDriver stranger = Chromium.start();
		try {
			for (WebDriver driver : new WebDriver[] { this.browser, this.otherBrowser, stranger }) {
				driver.get(url("/"));
			}
			logIn(this.otherBrowser, "carol", "300");
			logIn(stranger, "dave", "300");
			logIn(this.browser, "carol", "300");
			String otherId = sessionId(this.otherBrowser);
			String strangerId = sessionId(stranger);
			String id = sessionId(this.browser);
			assertThat(this.browser.findElements(By.cssSelector("#other-sessions li.mono"))).hasSize(1);

			this.browser.findElement(By.id("sign-out-others")).click();

			await().until(() -> !this.redis.hasKey("session:" + otherId));
			assertThat(this.redis.hasKey("session:" + id)).isTrue();
			assertThat(this.redis.hasKey("session:" + strangerId)).isTrue();
			await().until(() -> !this.browser.findElements(By.id("no-other-sessions")).isEmpty());
			await().atMost(Duration.ofSeconds(15))
				.until(() -> this.otherBrowser.findElement(By.id("gone")).isDisplayed());
		}
		finally {
			stranger.quit();
		}
	}

	private void logIn(WebDriver driver, String username, String ttlSeconds) {
		driver.findElement(By.id("login-username")).sendKeys(username);
		new Select(driver.findElement(By.id("login-ttl"))).selectByValue(ttlSeconds);
		driver.findElement(By.id("login")).click();
		await().until(() -> !driver.findElements(By.id("username")).isEmpty());
		assertThat(text(driver, "username")).isEqualTo(username);
	}

	private static void changeTimeout(WebDriver driver, String seconds) {
		driver.findElement(By.id("ttl-seconds")).clear();
		driver.findElement(By.id("ttl-seconds")).sendKeys(seconds);
		driver.findElement(By.id("change-ttl")).click();
	}

	private static String text(WebDriver driver, String id) {
		return driver.findElement(By.id(id)).getText();
	}

	private static String sessionId(WebDriver driver) {
		Cookie cookie = driver.manage().getCookieNamed("sid");
		assertThat(cookie).as("sid cookie").isNotNull();
		return new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
