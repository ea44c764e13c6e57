package dev.satchel.store.cookie;

import static dev.satchel.store.cookie.CookieStoreServer.cookiePair;
import static dev.satchel.store.cookie.CookieStoreServer.setCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.satchel.servlet.SessionPolicy;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcRevocations;
import dev.satchel.testing.MutableClock;
import dev.satchel.testing.SessionRows;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cookie store behind the real filter on a real server, talked to as a browser would. */
class CookieStoreHttpTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.startingNow();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private JdbcOptions database;

  @BeforeEach
  void database() {
    database = JdbcOptions.h2File(dataDir, false);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void sessionPageCountsVisitsWithTheWholeSessionInTheCookie() throws Exception {
    CookieStoreServer node = node(false, SessionPolicy.defaults());

    HttpResponse<String> first = node.get("/session", null);
    assertEquals(200, first.statusCode());
    assertTrue(first.body().contains("Name: John\nVisits: 1"), first.body());
    String header = setCookie(first);
    assertTrue(header.startsWith("sessionid=c2."), header);
    assertTrue(header.contains("; HttpOnly") && header.contains("; SameSite=Lax") && header.contains("; Path=/"), header);

    HttpResponse<String> second = node.get("/session", cookiePair(first));
    HttpResponse<String> third = node.get("/session", cookiePair(second));
    assertTrue(third.body().contains("Visits: 3"), third.body());

    // No server copy: another node with its own store reads the same cookie and carries on.
    CookieStoreServer otherNode = node(false, SessionPolicy.defaults());
    assertTrue(otherNode.get("/session", cookiePair(third)).body().contains("Visits: 4"));
    assertEquals(0, SessionRows.of(database).count());
  }

  @Test
  void changingAnyCharacterOfTheCookieStartsAFreshSession() throws Exception {
    CookieStoreServer node = node(false, SessionPolicy.defaults());
    HttpResponse<String> first = node.get("/session", null);
    String pair = cookiePair(node.get("/session", cookiePair(first)));
    int valueStart = "sessionid=".length();

    for (int i = valueStart; i < pair.length(); i++) {
      char replacement = pair.charAt(i) == 'A' ? 'B' : 'A';
      String forged = pair.substring(0, i) + replacement + pair.substring(i + 1);

      HttpResponse<String> answer = node.get("/session", forged);

      assertEquals(200, answer.statusCode());
      assertTrue(answer.body().contains("Visits: 1"), "character " + i + ": " + answer.body());
      assertFalse(cookiePair(answer).equals(pair));
    }
  }

  @Test
  void idleExpiryInsideThePayloadHoldsWhenTheBrowserKeepsTheCookie() throws Exception {
    CookieStoreServer node = node(false, new SessionPolicy(60, 0, false));
    String pair = cookiePair(node.get("/session", null));
    clock.advance(Duration.ofSeconds(59));
    pair = cookiePair(node.get("/session", pair));

    clock.advance(Duration.ofSeconds(60)); // the browser ignores Max-Age and sends it anyway

    assertTrue(node.get("/session", pair).body().contains("Visits: 1"));
  }

  @Test
  void absoluteDeadlineInsideThePayloadEndsAnActiveSession() throws Exception {
    CookieStoreServer node = node(false, new SessionPolicy(3600, 120, false));
    String pair = cookiePair(node.get("/session", null));
    clock.advance(Duration.ofSeconds(100));
    HttpResponse<String> active = node.get("/session", pair);
    assertTrue(active.body().contains("Visits: 2"));

    clock.advance(Duration.ofSeconds(20));

    assertTrue(node.get("/session", cookiePair(active)).body().contains("Visits: 1"));
  }

  @Test
  void replayingTheCookieAfterLogoutIsRefusedOnEveryNode() throws Exception {
    CookieStoreServer nodeA = node(false, SessionPolicy.defaults());
    CookieStoreServer nodeB = node(false, SessionPolicy.defaults());
    String kept = cookiePair(nodeA.get("/session", cookiePair(nodeA.get("/session", null))));

    HttpResponse<String> logout = nodeA.get("/logout", kept);
    assertTrue(setCookie(logout).contains("Max-Age=0"), setCookie(logout));

    assertTrue(nodeA.get("/session", kept).body().contains("Visits: 1"));
    assertTrue(nodeB.get("/session", kept).body().contains("Visits: 1"));
  }

  @Test
  void requestedSessionIdIsTheIdInsideTheCookieNeverThePayload() throws Exception {
    CookieStoreServer node = node(false, SessionPolicy.defaults());
    String live = cookiePair(node.get("/session", null));

    String answer = node.get("/requested", live).body();
    assertTrue(answer.matches("[A-Za-z0-9_-]{43} valid=true"), answer);

    node.get("/logout", live);
    assertEquals("null valid=false", node.get("/requested", live).body());
  }

  @Test
  void signingOutEverywhereElseEndsTheOtherDevicesButNotThisOne() throws Exception {
    CookieStoreServer node = node(false, SessionPolicy.defaults());
    String laptop = cookiePair(node.get("/login?user=ann", null));
    String phone = cookiePair(node.get("/login?user=ann", null));
    String bob = cookiePair(node.get("/login?user=bob", null));
    clock.advance(Duration.ofSeconds(5));

    HttpResponse<String> signout = node.get("/signout-others", phone);
    clock.advance(Duration.ofSeconds(5));

    assertTrue(node.get("/session", laptop).body().contains("User: null"));
    assertTrue(node.get("/session", cookiePair(signout)).body().contains("User: ann"));
    assertTrue(node.get("/session", bob).body().contains("User: bob"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/avatar?bytes=4000", "/avatar?bytes=4000&flush=1"})
  void sessionTooLargeForACookieAnswers500AndLosesNothingSilently(String page) throws Exception {
    CookieStoreServer node = node(false, SessionPolicy.defaults());
    String pair = cookiePair(node.get("/session", null));
    ListAppender<ILoggingEvent> logged = CookieSessionStoreTest.capture();

    HttpResponse<String> tooLarge = node.get(page, pair);

    assertEquals(500, tooLarge.statusCode());
    assertTrue(tooLarge.body().contains("too large"), tooLarge.body());
    assertFalse(tooLarge.body().contains("Exception") || tooLarge.body().contains("at dev."), tooLarge.body());
    assertNull(setCookie(tooLarge), "no cookie the browser would drop or truncate");
    List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    assertEquals(1, errors.size());
    String line = errors.get(0).getFormattedMessage();
    assertTrue(line.matches(".*would be \\d{4} bytes, over the \\d{4} that fit.*avatar \\(53\\d\\d bytes\\).*"), line);
    // The session as it was before the refused change is intact.
    assertTrue(node.get("/session", pair).body().contains("Visits: 2"));
  }

  @Test
  void largestCookieWrittenStaysWithin4096Bytes() throws Exception {
    CookieStoreServer node = node(false, SessionPolicy.defaults());
    String pair = cookiePair(node.get("/session", null));
    int largest = 0;
    for (int bytes = 2000; ; bytes += 25) {
      HttpResponse<String> answer = node.get("/avatar?bytes=" + bytes, pair);
      if (answer.statusCode() == 500) {
        break;
      }
      assertEquals(200, answer.statusCode());
      largest = setCookie(answer).length();
    }
    System.out.println("cookie store: largest Set-Cookie written = " + largest + " bytes");
    assertTrue(largest <= 4096, "largest Set-Cookie: " + largest);
    assertTrue(largest > 3900, "the margin wastes no more than ~200 bytes: " + largest);
  }

  @Test
  void encryptedCookieCarriesNoAttributeText() throws Exception {
    String plain = cookiePair(node(false, SessionPolicy.defaults()).get("/session", null));
    String sealed = cookiePair(node(true, SessionPolicy.defaults()).get("/session", null));

    assertTrue(sealed.startsWith("sessionid=e2."), sealed);
    assertTrue(readable(plain).contains("\"name\":\"John\""), "signed only: anyone can read it");
    assertFalse(readable(sealed).contains("John"));
  }

  // ---- helpers ----

  private CookieStoreServer node(boolean encrypt, SessionPolicy policy) throws Exception {
    CookieStoreOptions options = new CookieStoreOptions(encrypt, CookieStoreServer.SECRET, List.of(),
        CookieStoreOptions.maxValueLengthFor("sessionid", "/", Optional.empty()), policy.absoluteTimeoutSeconds());
    CookieSessionStore store = new CookieSessionStore(clock, JdbcRevocations.open(database, clock), options);
    opened.add(store);
    CookieStoreServer server = new CookieStoreServer(store, policy, clock);
    opened.add(server);
    return server;
  }

  /** What the holder of a cookie can see: the value and, unless encrypted, its JSON. */
  private static String readable(String pair) {
    return CookieSessionStoreTest.holderView(pair.substring(pair.indexOf('=') + 1, pair.lastIndexOf('.')));
  }
}
