package dev.satchel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.store.jdbc.JdbcDatabase;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sliding window against a real H2 database, with a clock moved by hand. */
class LoginThrottleTest {
  private static final LoginThrottle.Policy POLICY = new LoginThrottle.Policy(5, 8, Duration.ofMinutes(15));

  @TempDir Path dataDir;
  private final MutableClock clock = MutableClock.startingNow();
  private JdbcDatabase database;
  private LoginThrottle throttle;

  @BeforeEach
  void open() {
    database = JdbcDatabase.open(JdbcOptions.h2File(dataDir, false), clock);
    throttle = new LoginThrottle(database.dataSource(), clock, POLICY);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private void fail(String user, String address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.recordFailure(user, address);
      clock.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void fifthFailureBlocksUntilTheOldestLeavesTheWindow() {
    fail("ada", "10.0.0.1", 4);
    assertEquals(Optional.empty(), throttle.blockedFor("ada", "10.0.0.2"));

    fail("ada", "10.0.0.1", 1); // failures at minutes 0..4; now minute 5

    assertEquals(Optional.of(Duration.ofMinutes(10)), throttle.blockedFor("ada", "10.0.0.2"));
    clock.advance(Duration.ofMinutes(10));
    assertEquals(Optional.empty(), throttle.blockedFor("ada", "10.0.0.2"), "never a permanent lock");
  }

  @Test
  void addressLimitCoversManyUsernames() {
    for (int i = 0; i < 8; i++) {
      fail("user" + i, "10.0.0.9", 1);
    }

    assertTrue(throttle.blockedFor("someone-new", "10.0.0.9").isPresent());
    assertTrue(throttle.blockedFor("someone-new", "10.0.0.10").isEmpty());
  }

  @Test
  void successClearsTheUsernameButNotTheAddress() {
    fail("ada", "10.0.0.1", 5);
    fail("bob", "10.0.0.1", 3);

    throttle.clearUser("ada");

    assertTrue(throttle.blockedFor("ada", "10.0.0.2").isEmpty());
    assertTrue(throttle.blockedFor("carol", "10.0.0.1").isPresent(), "8 failures from that address remain");
  }

  @Test
  void countsHoldAcrossARestart() {
    fail("ada", "10.0.0.1", 5);
    database.close();

    database = JdbcDatabase.open(JdbcOptions.h2File(dataDir, false), clock);
    throttle = new LoginThrottle(database.dataSource(), clock, POLICY);

    assertTrue(throttle.blockedFor("ada", "10.0.0.1").isPresent());
  }
}
