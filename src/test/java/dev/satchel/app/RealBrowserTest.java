package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login flow and the session demo in a real, headless Chromium. Selenium gets the system's chromium and
 * chromedriver by path, so it never tries to download a driver. Screenshots go to target/screenshots, or to
 * the directory named by {@code -Dsatchel.screenshots.dir=docs/images} when refreshing the README's.
 */
class RealBrowserTest {
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path profile;
  private TestServer server;
  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    ExternalServices.Chromium chromium = ExternalServices.requireChromium();
    server = TestServer.start(Map.of("session.store", "jdbc", "auth.bcrypt-cost", Logins.TEST_COST));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromium.driver().toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.browser().toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--user-data-dir=" + profile.toAbsolutePath());
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(760, 640));
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private String url(String path) {
    return server.uri(path).toString();
  }

  private void submitLogin(String username, String password) {
    driver.findElement(By.id("username")).clear();
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
  }

  @Test
  void logInStayLoggedInAcrossAReloadAndLogOut() throws IOException {
    Logins.createUser(server.dataDir(), "ada", PASSWORD);

    driver.get(url("/login"));
    assertEquals("Sign in · Satchel", driver.getTitle());
    screenshot("login.png");
    submitLogin("ada", PASSWORD);

    wait.until(ExpectedConditions.urlToBe(url("/dashboard")));
    assertTrue(driver.findElement(By.tagName("h1")).getText().contains("Hello, ada"));
    screenshot("dashboard.png");

    driver.navigate().refresh();
    assertEquals(url("/dashboard"), driver.getCurrentUrl());
    assertEquals("ada", driver.findElement(By.id("username")).getText());

    Object cookies = ((JavascriptExecutor) driver).executeScript("return document.cookie;");
    assertFalse(String.valueOf(cookies).contains("sessionid"), "HttpOnly: scripts never see the session cookie");
    assertTrue(driver.manage().getCookieNamed("sessionid") != null, "the browser does hold it");

    driver.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlToBe(url("/login")));

    driver.get(url("/dashboard"));
    assertEquals(url("/login?next=%2Fdashboard"), driver.getCurrentUrl());
  }

  @Test
  void failedLoginShowsTheErrorByTheFormAndKeepsTheName() throws IOException {
    Logins.createUser(server.dataDir(), "grace", PASSWORD);
    driver.get(url("/login?next=%2Fsession"));

    submitLogin("grace", "not it");

    // The answer is the login page again, at the same address, so wait for the error as a user would: the click
    // need not wait for the answer, and on a busy host (CI, once) the old page was still there at once.
    assertEquals("Invalid username or password.",
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error"))).getText());
    assertEquals("grace", driver.findElement(By.id("username")).getAttribute("value"));
    assertEquals("", driver.findElement(By.id("password")).getAttribute("value"));
    screenshot("login-error.png");

    submitLogin("grace", PASSWORD);
    wait.until(ExpectedConditions.urlToBe(url("/session")));
  }

  @Test
  void sessionDemoCountsVisitsAcrossPageLoads() {
    driver.get(url("/session"));
    driver.navigate().refresh();
    driver.get(url("/session"));

    assertTrue(driver.getPageSource().contains("Visits: 3"), driver.getPageSource());

    driver.findElement(By.id("name")).sendKeys("Zoë");
    driver.findElement(By.cssSelector("form.row button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Name: Zoë"));
    assertTrue(driver.getPageSource().contains("Visits: 4"), driver.getPageSource());
  }

  private void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("satchel.screenshots.dir", "target/screenshots"));
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
