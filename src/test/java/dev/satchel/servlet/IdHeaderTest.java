package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionIds;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API clients without a cookie jar carry the signed id in {@code X-Session-Token}; browsers keep the cookie. */
class IdHeaderTest {
  private static final String HEADER = "X-Session-Token";
  private final MutableClock clock = MutableClock.startingNow();
  private FilterHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = SessionFilterTest.routes(
        FilterHarness.builder(new MemorySessionStore(clock), clock).idHeader(HEADER)).start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void clientThatSendsTheHeaderGetsItsIdBackInTheHeaderNotAsACookie() throws Exception {
    HttpResponse<String> first = harness.getWithHeaders("/count", HEADER, "");
    assertEquals("visits=1 new=true", first.body());
    String token = first.headers().firstValue(HEADER).orElse(null);
    assertNotNull(token, "the new session's signed id comes back in the header");
    assertNull(sessionCookie(first), "no cookie for a header client");

    HttpResponse<String> second = harness.getWithHeaders("/count", HEADER, token);
    assertEquals("visits=2 new=false", second.body());
    assertTrue(second.headers().allValues("Vary").contains(HEADER), second.headers().toString());
    assertEquals("valid=true fromCookie=false", harness.getWithHeaders("/requested", HEADER, token).body());
  }

  @Test
  void browserWithoutTheHeaderStillGetsACookie() throws Exception {
    HttpResponse<String> response = harness.get("/count", null);
    assertNotNull(sessionCookie(response));
    assertTrue(response.headers().firstValue(HEADER).isEmpty());
  }

  @Test
  void forgedOrUnknownHeaderValueIsAFreshSession() throws Exception {
    String planted = harness.signer.sign(SessionIds.next());
    HttpResponse<String> response = harness.getWithHeaders("/count", HEADER, planted);
    assertEquals("visits=1 new=true", response.body());
    assertNotEquals(planted, response.headers().firstValue(HEADER).orElseThrow());
    assertEquals("visits=1 new=true", harness.getWithHeaders("/count", HEADER, "garbage.sig").body());
  }

  @Test
  void invalidatingAHeaderSessionSendsAnEmptyHeader() throws Exception {
    String token = harness.getWithHeaders("/count", HEADER, "").headers().firstValue(HEADER).orElseThrow();
    HttpResponse<String> response = harness.getWithHeaders("/invalidate", HEADER, token);
    assertEquals("", response.headers().firstValue(HEADER).orElseThrow());
    assertEquals("none", harness.getWithHeaders("/read", HEADER, token).body());
  }
}
