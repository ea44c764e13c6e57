package dev.satchel.app;

import static dev.satchel.testing.Logins.csrfToken;
import static dev.satchel.testing.Logins.logIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.ExternalServices;
import dev.satchel.testing.Logins;
import dev.satchel.testing.PostgresSchema;
import dev.satchel.testing.RawRedis;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one store, no sticky sessions: log in on node A, carry on on node B, log out on B — and
 * A no longer knows the session. Users live in PostgreSQL, shared by both nodes, for every store.
 */
class LoginAcrossNodesHttpTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static PostgresSchema schema;
  private RawRedis redis;

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

  @AfterEach
  void cleanUp() {
    if (redis != null) {
      redis.close();
    }
  }

  private static Map<String, String> onPostgres(String store) {
    Map<String, String> settings = new HashMap<>();
    settings.put("session.store", store);
    settings.put("jdbc.url", schema.url());
    settings.put("jdbc.user", schema.user());
    settings.put("auth.bcrypt-cost", Logins.TEST_COST);
    return settings;
  }

  private Map<String, String> withRedis(Map<String, String> settings) {
    ExternalServices.requireRedis();
    redis = new RawRedis(ExternalServices.REDIS_URL);
    settings.put("redis.url", ExternalServices.REDIS_URL);
    settings.put("redis.key-prefix", redis.prefix);
    return settings;
  }

  @Test
  void postgresStore() {
    loginOnOneNodeLogoutOnTheOther(onPostgres("jdbc"), "pg-ada");
  }

  @Test
  void redisStore() {
    loginOnOneNodeLogoutOnTheOther(withRedis(onPostgres("redis")), "redis-ada");
  }

  @Test
  void cachedJdbcStoreWithRedisInFront() {
    loginOnOneNodeLogoutOnTheOther(withRedis(onPostgres("cached-jdbc")), "cached-ada");
  }

  private static void loginOnOneNodeLogoutOnTheOther(Map<String, String> settings, String user) {
    Logins.createUser(settings, user, PASSWORD);
    try (TwoNodes nodes = new TwoNodes(settings)) {
      Browser onA = nodes.a.browser();
      onA.get("/login");
      String anonymous = "sessionid=" + onA.cookie("sessionid").orElseThrow();

      assertEquals(303, logIn(onA, user, PASSWORD).status());
      String loggedIn = "sessionid=" + onA.cookie("sessionid").orElseThrow();
      assertNotEquals(anonymous, loggedIn, "login rotates the session id");
      assertEquals(303, nodes.a.browser().raw("/dashboard", anonymous).status(), "the pre-login id is not logged in");

      Browser onB = nodes.b.browser();
      Page dashboardOnB = onB.raw("/dashboard", loggedIn);
      assertEquals(200, dashboardOnB.status(), "node B knows the session node A logged in");
      assertTrue(dashboardOnB.body().contains(user), dashboardOnB.body());

      Page logout = onB.rawPost("/logout", loggedIn, Map.of("csrf_token", csrfToken(dashboardOnB)));
      assertEquals(303, logout.status());
      assertTrue(logout.setCookie("sessionid").orElseThrow().contains("Max-Age=0"));

      Page replayOnA = nodes.a.browser().raw("/dashboard", loggedIn);
      assertEquals(303, replayOnA.status(), "node A no longer knows the session logged out on B");
      assertTrue(replayOnA.header("Location").orElseThrow().startsWith("/login"));
    }
  }
}
