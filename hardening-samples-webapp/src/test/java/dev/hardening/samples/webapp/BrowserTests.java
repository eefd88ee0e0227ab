package dev.hardening.samples.webapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library in a real browser: Debian's headless Chromium, driven through Debian's
 * ChromeDriver. Every page must load its stylesheet, script and logo with nothing refused by a
 * Content Security Policy and no failed load in the console; Swagger UI must render the API's
 * operations; a missing page shows the library's own 404 page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Long enough for a slow CI machine; a page that renders at all renders in well under it. */
	private static final Duration RENDER_WAIT = Duration.ofSeconds(30);

	private static @Nullable ChromeDriverService service;

	private static @Nullable ChromeDriver browser;

	@LocalServerPort
	private int port;

	/** Why the browser did not start, or {@code null} when it did. */
	private static @Nullable String absent;

	@BeforeAll
	static void startBrowser() {
		String missing = (Files.isExecutable(CHROMIUM) ? "" : " " + CHROMIUM)
				+ (Files.isExecutable(CHROMEDRIVER) ? "" : " " + CHROMEDRIVER);
		if (!missing.isEmpty()) {
			absent = "The browser test needs Debian's packages chromium and chromium-driver (missing:" + missing
					+ "); install them with: apt-get install chromium chromium-driver";
			if ("true".equals(System.getenv("CI"))) {
				fail(absent + ". On CI, .ci/run installs them.");
			}
			return;
		}
		// The driver and browser are given by path, so Selenium Manager is never needed; should
		// anything start it, it stays offline (it reads SE_* system properties as its settings).
		System.setProperty("SE_OFFLINE", "true");
		service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024",
				"--disable-background-networking", "--no-first-run");
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
		if (service != null) {
			service.stop();
			service = null;
		}
	}

	@BeforeEach
	void freshVisitor() {
		assumeTrue(absent == null, absent);
		browser().get(url("/favicon.ico"));
		browser().manage().deleteAllCookies();
		console();
	}

	@Test
	void theHomePageLoadsItsStylesheetScriptAndLogo() {
		browser().get(url("/"));

		assertThat(browser().getTitle()).isEqualTo("Catalogue · Library");
		assertThat(browser().findElements(By.cssSelector("table.books tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
		assertLaidOutAndClean("/");
	}

	@Test
	void theLoginFormSignsInAndTheBookFormShowsItsMessages() {
		browser().get(url("/login"));
		assertThat(browser().getTitle()).isEqualTo("Sign in · Library");
		assertLaidOutAndClean("/login");

		browser().findElement(By.id("username")).sendKeys(Site.USER);
		browser().findElement(By.id("password")).sendKeys(Site.PASSWORD);
		browser().findElement(By.cssSelector("form.card button[type=submit]")).click();
		waitFor("the catalogue after signing in", ExpectedConditions.titleIs("Catalogue · Library"));
		assertThat(browser().findElement(By.cssSelector(".site-nav")).getText()).contains("reader");
		assertLaidOutAndClean("/ after signing in");

		browser().get(url("/books/new"));
		assertThat(browser().getTitle()).isEqualTo("Add a book · Library");
		assertLaidOutAndClean("/books/new");

		browser().findElement(By.id("author")).sendKeys("Anonymous");
		browser().findElement(By.cssSelector("form.card button[type=submit]")).click();
		waitFor("the form's messages", ExpectedConditions.presenceOfElementLocated(By.cssSelector(".field-error")));
		assertThat(browser().findElements(By.cssSelector(".field-error"))).extracting(WebElement::getText)
			.contains("Give the book a title.", "Give the year it was first published.");
		assertThat(browser().findElement(By.id("title")).getCssValue("border-top-color"))
			.as("app.css marks an invalid field")
			.isEqualTo("rgba(164, 38, 44, 1)");
		assertLaidOutAndClean("the form shown again");

		browser().findElement(By.id("title")).sendKeys("Parable of the Sower");
		browser().findElement(By.id("author")).clear();
		browser().findElement(By.id("author")).sendKeys("Octavia E. Butler");
		browser().findElement(By.id("year")).sendKeys("1993");
		browser().findElement(By.cssSelector("form.card button[type=submit]")).click();
		waitFor("the new book's page", ExpectedConditions.titleIs("Parable of the Sower · Library"));
		assertThat(browser().findElement(By.cssSelector(".notice")).getText()).isEqualTo("The book is in the catalogue.");
		assertLaidOutAndClean("the new book's page");
	}

	@Test
	void swaggerUiRendersTheApisOperations() {
		browser().get(url("/swagger-ui/index.html"));

		waitFor("Swagger UI's operations", ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 3));
		assertThat(browser().findElements(By.cssSelector(".opblock-summary-path")))
			.extracting((path) -> path.getAttribute("data-path"))
			.contains("/api/books", "/api/books/{id}");
		assertClean("/swagger-ui/index.html", console());
	}

	@Test
	void aMissingPageShowsTheLibrarysNotFoundPage() {
		String missing = url("/no/such/page");
		browser().get(missing);

		assertThat(browser().getTitle()).as("the page shown for %s: %s", missing, shown())
			.isEqualTo("Page not found · Library");
		assertThat(browser().findElement(By.tagName("h1")).getText()).isEqualTo("This page is not on our shelves");
		assertThat(browser().findElement(By.cssSelector(".error-status")).getText()).isEqualTo("404 Not Found");
		// the browser reports the page's own 404 status in the console; that one is expected
		assertLaidOutAndClean("/no/such/page", (entry) -> !entry.getMessage().startsWith(missing + " "));
	}

	private void assertLaidOutAndClean(String page) {
		assertLaidOutAndClean(page, (entry) -> true);
	}

	/** The layout's stylesheet applied, its script ran, its logo loaded, and the console is clean. */
	private void assertLaidOutAndClean(String page, Predicate<LogEntry> relevant) {
		List<LogEntry> console = console().stream().filter(relevant).toList();
		WebElement header = browser().findElement(By.cssSelector("header.site-header"));
		WebElement logo = browser().findElement(By.cssSelector("img.brand-logo"));
		assertThat(header.getCssValue("background-color")).as("app.css applied on %s; console: %s", page, text(console))
			.isEqualTo("rgba(23, 63, 95, 1)");
		assertThat(browser().findElement(By.tagName("html")).getAttribute("data-scripts"))
			.as("app.js ran on %s; console: %s", page, text(console))
			.isEqualTo("on");
		assertThat(browser().findElement(By.id("script-status")).getText()).isEqualTo("Scripts are on.");
		assertThat(((JavascriptExecutor) browser())
			.executeScript("return arguments[0].complete && arguments[0].naturalWidth;", logo))
			.as("logo.png loaded on %s; console: %s", page, text(console))
			.isEqualTo(64L);
		assertClean(page, console);
	}

	private static void assertClean(String page, List<LogEntry> console) {
		assertThat(console).as("Content Security Policy violations on %s", page)
			.filteredOn((entry) -> entry.getMessage().contains("Content Security Policy")
					|| entry.getMessage().contains("Refused to"))
			.extracting(LogEntry::getMessage)
			.isEmpty();
		assertThat(console).as("failed loads on %s", page)
			.filteredOn((entry) -> entry.getMessage().contains("Failed to load resource")
					|| entry.getMessage().contains("net::ERR_"))
			.extracting(LogEntry::getMessage)
			.isEmpty();
		assertThat(console).as("script errors on %s", page)
			.filteredOn((entry) -> entry.getMessage().contains("Uncaught"))
			.extracting(LogEntry::getMessage)
			.isEmpty();
	}

	private void waitFor(String what, ExpectedCondition<?> condition) {
		try {
			new WebDriverWait(browser(), RENDER_WAIT).until(condition);
		}
		catch (TimeoutException ex) {
			fail("No " + what + " on " + browser().getCurrentUrl() + "; console: " + text(console()), ex);
		}
	}

	/** The start of what the browser shows, for failure messages. */
	private static String shown() {
		String text = browser().findElement(By.tagName("body")).getText();
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/** The console entries since the last call: the browser hands each entry out once. */
	private static List<LogEntry> console() {
		return browser().manage().logs().get(LogType.BROWSER).getAll();
	}

	private static String text(List<LogEntry> entries) {
		return entries.isEmpty() ? "(empty)"
				: String.join(" | ", entries.stream().map((entry) -> entry.getLevel() + " " + entry.getMessage()).toList());
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static ChromeDriver browser() {
		if (browser == null) {
			throw new IllegalStateException("The browser did not start");
		}
		return browser;
	}

}
