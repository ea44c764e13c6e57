package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.FaultProxy;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real server with {@code session.store=jdbc} on PostgreSQL reached through a {@link FaultProxy}: when
 * the database goes away, slows to seconds, hangs, or drops a connection in the middle of a save, pages that
 * need the session answer 503 promptly and with no cookie, the rest of the site keeps working, and once the
 * database is back every session is still there, without a restart.
 */
class PostgresOutageHttpTest extends StoreOutageHttpTest {
  private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?/(.*)$");

  private PostgresSchema schema;

  PostgresOutageHttpTest() {
    super("pg");
  }

  @Test
  void connectionCutInsideALoginsNewRecordLeavesTheVisitorLoggedOutAndTheLoginWorksAfterRestore() {
    cutInsideTheNewIdsFirstWriteThenRestore();
  }

  @Test
  void unreachableDatabaseHostAnswers503WithinTheConnectTimeoutAndRecovers() {
    unreachableThenRestore();
  }

  @Test
  void cutDatabaseAnswers503PromptlyAndEverySessionIsBackAfterRestore() {
    cutThenRestore();
  }

  @Test
  void slowDatabaseAnswers503WithinTheTimeoutAndRecovers() {
    slowThenRestore();
  }

  /** The returning visitor's request failed at its load, before any write: nothing held could count it. */
  @Test
  void hungDatabaseAnswers503WithinTheTimeoutsAndRecovers() {
    hangThenRestore(browser -> {});
  }

  /**
   * The transaction the cut interrupted is rolled back by the server, so here the old name is kept; nothing
   * is read behind the store's back.
   */
  @Test
  void connectionCutInTheMiddleOfASaveLeavesTheOldValueOrTheNewNeverACorruptOne() {
    cutMidSaveThenRestore((browser, marker) -> {});
  }

  @Test
  void configuredCommandTimeoutBoundsHowLongAHungDatabaseHoldsARequest() {
    shorterTimeoutsAnswerSooner("timeouts", Map.of("store.connect-timeout", "1", "store.command-timeout", "1"));
  }

  @Override
  void openStore() {
    ExternalServices.requirePostgres();
    schema = PostgresSchema.create();
  }

  @Override
  void closeStore() {
    if (schema != null) {
      schema.close();
    }
  }

  @Override
  FaultProxy proxyToStore() {
    Matcher m = HOST_PORT.matcher(schema.url());
    assertTrue(m.matches(), schema.url());
    return FaultProxy.to(m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
  }

  @Override
  TestServer serverThrough(FaultProxy via, Map<String, String> more) {
    Matcher m = HOST_PORT.matcher(schema.url());
    assertTrue(m.matches(), schema.url());
    Map<String, String> settings = new HashMap<>(more);
    settings.put("session.store", "jdbc");
    settings.put("jdbc.url", "jdbc:postgresql://127.0.0.1:" + via.port() + "/" + m.group(3));
    settings.put("jdbc.user", schema.user());
    return TestServer.start(settings);
  }

  @Override
  Map<String, String> usersDatabase() {
    // The same schema the store uses, reached directly: users are not what this test cuts.
    return Map.of("jdbc.url", schema.url(), "jdbc.user", schema.user());
  }
}
