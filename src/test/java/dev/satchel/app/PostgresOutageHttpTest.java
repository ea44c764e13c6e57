package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.FaultProxy;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real server with {@code session.store=jdbc} on PostgreSQL reached through a {@link FaultProxy}: when
 * the database goes away or slows to seconds, pages that need the session answer 503 promptly and with no
 * cookie, the rest of the site keeps working, and once the database is back every session is still there.
 */
class PostgresOutageHttpTest {
  /** A hang guard only: the figures measured are in docs/reliability.md. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?/(.*)$");

  private PostgresSchema schema;
  private FaultProxy proxy;
  private TestServer server;

  @BeforeEach
  void start() {
    ExternalServices.requirePostgres();
    schema = PostgresSchema.create();
    Matcher m = HOST_PORT.matcher(schema.url());
    assertTrue(m.matches(), schema.url());
    proxy = FaultProxy.to(m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3);
    server = TestServer.start(Map.of("session.store", "jdbc", "jdbc.url", viaProxy, "jdbc.user", schema.user()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void cutDatabaseAnswers503PromptlyAndEverySessionIsBackAfterRestore() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    assertVisits(browser.get("/session"), 2);

    proxy.cut();
    Page outage = timed("cut: GET /session", () -> browser.get("/session"));
    assertEquals(503, outage.status(), outage.body());
    assertTrue(outage.setCookies().isEmpty(), "no cookie on a failed request: " + outage.setCookies());
    Page health = timed("cut: GET /healthz", () -> browser.get("/healthz"));
    assertEquals(503, health.status(), health.body());
    assertEquals(200, browser.get("/").status(), "the front page does not need the session");
    // A new visitor has nothing to load: the request fails at its save, and must not get a cookie either.
    Page failedSave = timed("cut: GET /session, new visitor", () -> server.browser().get("/session"));
    assertEquals(503, failedSave.status(), failedSave.body());
    assertTrue(failedSave.setCookies().isEmpty(), "no cookie on a failed save: " + failedSave.setCookies());

    proxy.restore();
    assertEquals(200, untilHealthy(browser), "healthy again without a restart");
    assertVisits(browser.get("/session"), 3);
    assertNoThreadStuck(browser, 4);
  }

  @Test
  void slowDatabaseAnswers503WithinTheTimeoutAndRecovers() {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);

    proxy.slow(Duration.ofSeconds(5));
    Page slow = timed("slow 5 s: GET /session", () -> browser.get("/session"));
    assertEquals(503, slow.status(), slow.body());
    assertTrue(slow.setCookies().isEmpty(), "no cookie on a failed request: " + slow.setCookies());
    assertEquals(200, browser.get("/").status(), "the front page does not need the session");
    Page health = timed("slow 5 s: GET /healthz", () -> browser.get("/healthz"));
    assertEquals(503, health.status(), health.body());

    proxy.restore();
    assertEquals(200, untilHealthy(browser), "healthy again without a restart");
    // The slow request failed before its save, so the count continues from the last saved visit.
    assertVisits(browser.get("/session"), 2);
    assertNoThreadStuck(browser, 3);
  }

  /** Twenty quick requests after recovery all succeed: no request thread or pooled connection is left stuck. */
  private static void assertNoThreadStuck(Browser browser, int nextVisit) {
    for (int i = 0; i < 20; i++) {
      assertVisits(browser.get("/session"), nextVisit + i);
    }
  }

  private static int untilHealthy(Browser browser) {
    long start = System.nanoTime();
    long deadline = start + BOUND.toNanos();
    int status;
    do {
      status = browser.get("/healthz").status();
    } while (status != 200 && System.nanoTime() < deadline);
    System.out.printf("[reliability] restore: /healthz %d after %d ms%n", status, (System.nanoTime() - start) / 1_000_000);
    return status;
  }

  private static Page timed(String what, Supplier<Page> request) {
    long start = System.nanoTime();
    Page page = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf("[reliability] %s -> %d in %d ms%n", what, page.status(), took.toMillis());
    assertTrue(took.compareTo(BOUND) < 0, what + " took " + took + ", over the hang guard " + BOUND);
    return page;
  }

  private static void assertVisits(Page page, int visits) {
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("Visits: " + visits), "expected Visits: " + visits + " in " + page.body());
  }
}
