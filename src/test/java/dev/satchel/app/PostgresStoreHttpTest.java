package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo over PostgreSQL (a schema of its own), on one node and on two nodes sharing the database. */
class PostgresStoreHttpTest {
  private static PostgresSchema schema;

  @BeforeAll
  static void createSchema() {
    ExternalServices.requirePostgres();
    schema = PostgresSchema.create();
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  private static Map<String, String> postgres() {
    return Map.of("session.store", "jdbc", "jdbc.url", schema.url(), "jdbc.user", schema.user());
  }

  @Test
  void contractFlowWorksOnPostgres() {
    try (TestServer server = TestServer.start(postgres())) {
      Browser browser = server.browser();

      Page first = browser.get("/session");
      Page second = browser.get("/session");

      assertTrue(first.body().contains("Name: John") && first.body().contains("Visits: 1"), first.body());
      assertTrue(first.setCookie("sessionid").isPresent());
      assertTrue(second.body().contains("Name: John") && second.body().contains("Visits: 2"), second.body());
    }
  }

  @Test
  void twoNodesOnOneDatabaseShareSessionsAndLoseNoVisit() throws Exception {
    try (TwoNodes nodes = new TwoNodes(postgres())) {
      nodes.cookieFromOneNodeWorksOnTheOther();
      nodes.parallelVisitsAlternatingBetweenNodesAreAllCounted(40);
    }
  }
}
