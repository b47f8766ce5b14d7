package io.sessionstore.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.opentest4j.TestAbortedException;

import org.springframework.util.FileSystemUtils;

/**
 * One headless Chromium from the operating system's packages, with a profile of its own,
 * driven through the system's chromedriver: nothing is downloaded. Each instance is a
 * separate browser with its own cookies.
 */
final class Chromium implements AutoCloseable {

	static final String COOKIE_NAME = "sid";

	private static final File BROWSER = new File("/usr/bin/chromium");

	private static final File DRIVER = new File("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final Path profile;

	private final String baseUrl;

	private Chromium(ChromeDriver driver, Path profile, String baseUrl) {
		this.driver = driver;
		this.profile = profile;
		this.baseUrl = baseUrl;
	}

	/**
	 * Start a browser for the application at the given port, or abort the test where no
	 * Chromium is installed.
	 * @param port the application's port
	 * @return the browser
	 */
	static Chromium start(int port) {
		if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
			throw new TestAbortedException("No Chromium found at " + BROWSER + " and " + DRIVER
					+ "; install it with: apt-get install chromium chromium-driver");
		}
		Path profile = createProfileDirectory();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1200,1300", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return new Chromium(driver, profile, "http://localhost:" + port);
	}

	void open(String path) {
		this.driver.get(this.baseUrl + path);
	}

	WebElement element(String id) {
		return this.driver.findElement(By.id(id));
	}

	boolean has(String id) {
		return !this.driver.findElements(By.id(id)).isEmpty();
	}

	boolean isShown(String id) {
		return has(id) && element(id).isDisplayed();
	}

	String text(String id) {
		return element(id).getText();
	}

	void click(String id) {
		element(id).click();
	}

	void type(String id, String text) {
		WebElement input = element(id);
		input.clear();
		input.sendKeys(text);
	}

	int count(String cssSelector) {
		return this.driver.findElements(By.cssSelector(cssSelector)).size();
	}

	String pageSource() {
		return this.driver.getPageSource();
	}

	/**
	 * Run a script that ends by calling its last argument, and return what it passed.
	 * @param script the script
	 * @return the script's result
	 */
	@Nullable Object executeAsync(String script) {
		return this.driver.executeAsyncScript(script);
	}

	@Nullable Cookie sessionCookie() {
		return this.driver.manage().getCookieNamed(COOKIE_NAME);
	}

	/**
	 * Return the session ID that the cookie carries: the raw ID.
	 * @return the session ID, or {@code null} without a cookie
	 */
	@Nullable String sessionId() {
		Cookie cookie = sessionCookie();
		return (cookie != null) ? cookie.getValue() : null;
	}

	/**
	 * Save a screenshot of the whole page, growing the window to the page's height.
	 * @param file where to save it, as PNG
	 */
	void screenshot(Path file) {
		Object chromeHeight = this.driver.executeScript("return window.outerHeight - window.innerHeight");
		Object pageHeight = this.driver.executeScript("return document.documentElement.scrollHeight");
		Dimension size = this.driver.manage().window().getSize();
		this.driver.manage()
			.window()
			.setSize(new Dimension(size.getWidth(), ((Number) chromeHeight).intValue() + ((Number) pageHeight).intValue()));
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try {
				FileSystemUtils.deleteRecursively(this.profile);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static Path createProfileDirectory() {
		try {
			return Files.createTempDirectory("sample-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
