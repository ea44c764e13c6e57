package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.auth.Accounts;
import dev.satchel.auth.Authenticator;
import dev.satchel.auth.LoginThrottle;
import dev.satchel.auth.Passwords;
import dev.satchel.auth.Users;
import dev.satchel.store.jdbc.JdbcDatabase;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.Browser;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark-style measurements, not timed assertions: an unknown user must cost about what a wrong password
 * costs (a ratio of medians within 0.5–2.0, a wide margin for a noisy machine), and the time of one login
 * at the default bcrypt cost is logged for the record.
 */
class LoginTimingTest {
  private static final Logger log = LoggerFactory.getLogger(LoginTimingTest.class);
  private static final int ROUNDS = 9;

  @TempDir Path dataDir;

  @Test
  void unknownUserCostsAboutWhatAWrongPasswordCosts() {
    Clock clock = Clock.systemUTC();
    try (JdbcDatabase database = JdbcDatabase.open(JdbcOptions.h2File(dataDir, false), clock);
        var sessions = new MemorySessionStore(clock)) {
      Users users = new Users(database.dataSource(), clock);
      Passwords passwords = new Passwords(12);
      new Accounts(users, passwords, sessions).create("ada", "the right password");
      // Limits far above the rounds: this measures the check, not the throttle's early 429.
      var throttle = new LoginThrottle(database.dataSource(), clock,
          new LoginThrottle.Policy(1000, 1000, Duration.ofMinutes(1)));
      var authenticator = new Authenticator(users, passwords, throttle);
      authenticator.authenticate("warm-up", "x", "127.0.0.1");

      long[] unknown = new long[ROUNDS];
      long[] wrong = new long[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        // Interleaved, so drift in machine load hits both alike.
        unknown[i] = time(() -> assertInstanceOf(Authenticator.Failure.class,
            authenticator.authenticate("nobody", "a wrong password", "127.0.0.1")));
        wrong[i] = time(() -> assertInstanceOf(Authenticator.Failure.class,
            authenticator.authenticate("ada", "a wrong password", "127.0.0.1")));
      }
      double ratio = (double) median(unknown) / median(wrong);
      log.info("bcrypt cost 12, {} rounds: unknown user median {} ms, wrong password median {} ms, ratio {}",
          ROUNDS, median(unknown) / 1_000_000, median(wrong) / 1_000_000, String.format("%.2f", ratio));
      assertTrue(ratio >= 0.5 && ratio <= 2.0, "unknown/wrong time ratio " + ratio);
    }
  }

  @Test
  void oneLoginAtTheDefaultCost() {
    try (TestServer server = TestServer.start(Map.of("auth.bcrypt-cost", "12"))) {
      Logins.createUser(server.dataDir(), "ada", "the right password");
      // The first login re-hashes the cost-10 test hash at 12; the measured ones check a cost-12 hash.
      assertEquals(303, Logins.logIn(server.browser(), "ada", "the right password").status());
      long[] logins = new long[5];
      for (int i = 0; i < logins.length; i++) {
        Browser browser = server.browser();
        String token = Logins.csrfToken(browser.get("/login"));
        logins[i] = time(() -> assertEquals(303, browser.postForm("/login",
            Map.of("csrf_token", token, "username", "ada", "password", "the right password")).status()));
      }
      log.info("One login (POST /login over HTTP, bcrypt cost 12): median {} ms of {}; all {}",
          median(logins) / 1_000_000, logins.length, Arrays.toString(Arrays.stream(logins).map(n -> n / 1_000_000).toArray()));
    }
  }

  private static long time(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return System.nanoTime() - start;
  }

  private static long median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
