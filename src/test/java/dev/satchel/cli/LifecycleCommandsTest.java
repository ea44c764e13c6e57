package dev.satchel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcSessionStore;
import dev.satchel.testing.ExpiredRows;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.SessionRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands for a session's life: {@code clearsessions} and {@code print-config}. */
class LifecycleCommandsTest {
  @TempDir Path workingDir;

  private final MutableClock clock = MutableClock.startingNow();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void clearSessionsDeletesAHundredThousandExpiredRowsPrintsTheCountAndKeepsLiveOnes() {
    Path dataDir = workingDir.resolve("data");
    JdbcOptions options = JdbcOptions.h2File(dataDir, false);
    // Opened first to create the schema; held open, as a running server would hold the database.
    try (JdbcSessionStore server = JdbcSessionStore.open(options, clock)) {
      SessionRows rows = SessionRows.of(options);
      ExpiredRows.seed(rows, 100_000, 100, clock.millis());

      int code = run(Map.of("SESSION_STORE", "jdbc"), "clearsessions", "--data-dir", dataDir.toString());

      assertEquals(0, code, err.toString());
      assertEquals("Deleted 100000 expired sessions." + System.lineSeparator(), out.toString());
      assertEquals(0, ExpiredRows.expiredLeft(rows));
      assertEquals(100, ExpiredRows.liveLeft(rows));
    }
  }

  @Test
  void printConfigShowsEveryValueWithItsSourceAndHidesSecrets() throws Exception {
    Path config = workingDir.resolve("satchel.properties");
    Files.writeString(config, "session.idle-timeout=1800\njdbc.password=hunter2-db-password\n");
    int code = run(
        Map.of("SESSION_SECRET", "a-very-secret-value-0123456789-abcdefgh", "SESSION_STORE", "memory"),
        "print-config", "--config", config.toString(), "--data-dir", workingDir.toString());
    assertEquals(0, code, err.toString());
    String printed = out.toString();
    assertTrue(printed.matches("(?s).*session\\.idle-timeout\\s+= 1800\\s+\\(file\\).*"), printed);
    assertTrue(printed.matches("(?s).*session\\.store\\s+= memory\\s+\\(environment\\).*"), printed);
    assertTrue(printed.matches("(?s).*data\\.dir\\s+= \\S+\\s+\\(flag\\).*"), printed);
    assertTrue(printed.matches("(?s).*session\\.cleanup-interval\\s+= 600\\s+\\(default\\).*"), printed);
    assertTrue(printed.matches("(?s).*session\\.secret\\s+= \\(hidden\\)\\s+\\(environment\\).*"), printed);
    assertFalse(printed.contains("a-very-secret-value"), printed);
    assertFalse(printed.contains("hunter2"), printed);
  }

  @Test
  void printConfigRejectsABadValueWithOneLine() {
    int code = run(Map.of("SESSION_CLEANUP_INTERVAL", "-5"), "print-config");
    assertEquals(2, code);
    assertEquals("satchel: session.cleanup-interval: '-5' is not a whole number of seconds from 0 to 2147483647"
        + System.lineSeparator(), err.toString());
  }

  private int run(Map<String, String> env, String... args) {
    var context = new CliContext(env, new Properties(), workingDir, clock);
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), context);
  }
}
