package dev.satchel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.satchel.testing.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clearsessions} on the Redis store: nothing to delete, and it says why instead of a bare zero. */
class ClearSessionsRedisTest {
  @TempDir Path workingDir;

  @Test
  void clearSessionsOnRedisSaysRedisExpiresSessionsItself() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var context = new CliContext(Map.of("SESSION_STORE", "redis"), new Properties(), workingDir,
        MutableClock.startingNow());

    int code = Main.run(new String[] {"clearsessions", "--data-dir", workingDir.toString()},
        new PrintWriter(out), new PrintWriter(err), context);

    assertEquals(0, code, err.toString());
    assertEquals("Deleted 0 expired sessions. Redis removes expired sessions itself (every session key has a TTL);"
        + " nothing to clear." + System.lineSeparator(), out.toString());
  }
}
