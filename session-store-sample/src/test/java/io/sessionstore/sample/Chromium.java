package io.sessionstore.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.opentest4j.TestAbortedException;

/**
 * Headless Chromium from the operating system's packages, driven through the system's
 * chromedriver: nothing is downloaded.
 */
final class Chromium {

	private static final File BROWSER = new File("/usr/bin/chromium");

	private static final File DRIVER = new File("/usr/bin/chromedriver");

	private Chromium() {
	}

	static ChromeDriver start() {
		if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
			throw new TestAbortedException("No Chromium found at " + BROWSER + " and " + DRIVER
					+ "; install it with: apt-get install chromium chromium-driver");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1200,1400", "--user-data-dir=" + profileDirectory());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

	private static Path profileDirectory() {
		try {
			return Files.createTempDirectory("sample-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
