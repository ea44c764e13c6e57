package dev.satchel.store.jdbc;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Another JVM on the same H2 database, for what one process cannot show. Arguments: mode, data dir, clock
 * millis, id to load, id to create.
 *
 * <ul>
 *   <li>{@code share}: runs while the test's store has the database open, as the CLI's clearsessions does
 *       while the server runs; loads, creates, cleans up, closes.
 *   <li>{@code crash}: opens the database durable, creates a session and halts the JVM at once — no
 *       shutdown hooks, no close — as a killed server would.
 * </ul>
 */
public final class SecondProcess {
  private SecondProcess() {}

  public static void main(String[] args) {
    String mode = args[0];
    Path dataDir = Path.of(args[1]);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(Long.parseLong(args[2])), ZoneOffset.UTC);
    long now = clock.millis();
    SessionData created = new SessionData(args[4], Map.of("from", "second process"), now, now, 600, 0);

    JdbcSessionStore store = JdbcSessionStore.open(JdbcOptions.h2File(dataDir, mode.equals("crash")), clock);
    if (mode.equals("crash")) {
      store.save(created, SaveMode.CREATE, created.attributes().keySet());
      Runtime.getRuntime().halt(3);
    }
    try (store) {
      Object user = store.load(args[3]).map(data -> data.attributes().get("user")).orElse("<none>");
      System.out.println("second-process loaded: " + user);
      store.save(created, SaveMode.CREATE, created.attributes().keySet());
      System.out.println("second-process deleted expired: " + store.deleteExpired(now));
    }
  }
}
