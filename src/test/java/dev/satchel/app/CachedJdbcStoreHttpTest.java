package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.TestServer;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo over {@code session.store=cached-jdbc}: in-process cache on H2, and Redis in front of PostgreSQL. */
class CachedJdbcStoreHttpTest {

  @Test
  void contractFlowWorksWithTheInProcessCache() {
    try (TestServer server = TestServer.start(Map.of("session.store", "cached-jdbc"))) {
      assertFlow(server.browser());
      assertEquals(200, server.browser().get("/healthz").status());
    }
  }

  @Test
  void contractFlowWorksWithRedisInFront() {
    ExternalServices.requireRedis();
    try (TestServer server =
        TestServer.start(Map.of("session.store", "cached-jdbc", "redis.url", ExternalServices.REDIS_URL))) {
      assertFlow(server.browser());
    }
  }

  @Test
  void unreachableRedisInFrontStillServesEveryPage() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TestServer server = TestServer.start(
        Map.of("session.store", "cached-jdbc", "redis.url", "redis://127.0.0.1:" + closedPort))) {
      assertFlow(server.browser());
      assertEquals(200, server.browser().get("/healthz").status(), "the database answers, so the store is up");
    }
  }

  @Test
  void twoNodesWithRedisInFrontOfPostgresShareSessionsAndLoseNoVisit() throws Exception {
    ExternalServices.requirePostgres();
    ExternalServices.requireRedis();
    try (PostgresSchema schema = PostgresSchema.create();
        TwoNodes nodes = new TwoNodes(Map.of("session.store", "cached-jdbc", "redis.url", ExternalServices.REDIS_URL,
            "jdbc.url", schema.url(), "jdbc.user", schema.user()))) {
      nodes.cookieFromOneNodeWorksOnTheOther();
      nodes.parallelVisitsAlternatingBetweenNodesAreAllCounted(40);
    }
  }

  private static void assertFlow(Browser browser) {
    Page first = browser.get("/session");
    Page second = browser.get("/session");

    assertTrue(first.body().contains("Name: John") && first.body().contains("Visits: 1"), first.body());
    assertTrue(first.setCookie("sessionid").isPresent());
    assertTrue(second.body().contains("Name: John") && second.body().contains("Visits: 2"), second.body());
  }
}
