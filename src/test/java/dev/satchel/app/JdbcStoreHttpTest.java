package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.TestServer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** The demo over the JDBC store: the embedded H2 file database, and a database server that goes away. */
class JdbcStoreHttpTest {
  private static final Map<String, String> JDBC = Map.of("session.store", "jdbc");

  @Test
  void contractFlowWorksOnJdbc() {
    try (TestServer server = TestServer.start(JDBC)) {
      Browser browser = server.browser();

      Page first = browser.get("/session");
      Page second = browser.get("/session");

      assertTrue(first.body().contains("Name: John") && first.body().contains("Visits: 1"), first.body());
      assertTrue(first.setCookie("sessionid").isPresent());
      assertTrue(second.body().contains("Visits: 2"), second.body());
    }
  }

  @Test
  void healthCheckIsOkOnJdbc() {
    try (TestServer server = TestServer.start(JDBC)) {
      Page health = server.browser().get("/healthz");

      assertEquals(200, health.status());
      assertEquals("ok", health.body());
      assertTrue(health.setCookies().isEmpty());
    }
  }

  @Test
  void parallelVisitsAreAllCountedOnJdbc() throws Exception {
    try (TestServer server = TestServer.start(JDBC)) {
      Browser browser = server.browser();
      browser.get("/session");
      int parallel = 16;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Page>> pages = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          pages.add(pool.submit(() -> browser.get("/session", Map.of("Accept", "application/json"))));
        }
        for (Future<Page> page : pages) {
          assertEquals(200, page.get(30, TimeUnit.SECONDS).status());
        }
      } finally {
        pool.shutdownNow();
      }

      assertTrue(browser.get("/session").body().contains("Visits: " + (parallel + 2)), "no visit lost");
    }
  }

  @Test
  void lostDatabaseMakesHealthCheckFailAndPagesAnswer503() throws SQLException {
    Server database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    String url = "jdbc:h2:tcp://localhost:" + database.getPort() + "/mem:satchel-health;DB_CLOSE_DELAY=-1";
    try (TestServer server = TestServer.start(Map.of("session.store", "jdbc", "jdbc.url", url))) {
      Browser browser = server.browser();
      assertEquals(200, browser.get("/healthz").status());
      assertTrue(browser.get("/session").body().contains("Visits: 1"));

      database.stop();

      Page health = browser.get("/healthz");
      assertEquals(503, health.status());
      assertEquals("store unavailable", health.body());
      Page page = browser.get("/session");
      assertEquals(503, page.status(), page.body());
      assertTrue(page.setCookies().isEmpty(), "no cookie from a failed request: " + page.setCookies());
    } finally {
      database.stop();
    }
  }
}
