package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.idOf;
import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static dev.satchel.servlet.FilterHarness.sessionSetCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionIds;
import dev.satchel.signing.Signer;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import jakarta.servlet.http.HttpSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a browser and a servlet notice of the filter: cookies, lazy sessions, the HttpSession rules. */
class SessionFilterTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final CountingStore store = new CountingStore(new MemorySessionStore(clock));
  private FilterHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = routes(FilterHarness.builder(store, clock)).start();
  }

  static FilterHarness.Builder routes(FilterHarness.Builder builder) {
    return builder
        .route("/count", (req, res) -> {
          HttpSession session = req.getSession();
          Integer visits = (Integer) session.getAttribute("visits");
          int next = visits == null ? 1 : visits + 1;
          session.setAttribute("visits", next);
          res.getWriter().write("visits=" + next + " new=" + session.isNew());
        })
        .route("/read", (req, res) -> {
          HttpSession session = req.getSession(false);
          res.getWriter().write(session == null ? "none" : "visits=" + session.getAttribute("visits"));
        })
        .route("/untouched", (req, res) -> res.getWriter().write("hello"))
        .route("/vary", (req, res) -> {
          res.addHeader("Vary", req.getParameter("vary"));
          res.getWriter().write("visits=" + req.getSession().getAttribute("visits"));
        })
        .route("/empty", (req, res) -> res.getWriter().write("id-length=" + req.getSession().getId().length()))
        .route("/invalidate", (req, res) -> {
          HttpSession session = req.getSession();
          session.invalidate();
          String outcome;
          try {
            session.getAttribute("visits");
            outcome = "no exception";
          } catch (IllegalStateException expected) {
            outcome = "IllegalStateException";
          }
          res.getWriter().write(outcome + " after=" + req.getSession(false));
        })
        .route("/rotate", (req, res) -> {
          String before = req.getSession().getId();
          String after = req.changeSessionId();
          res.getWriter().write(before.equals(after) ? "same" : "rotated");
        })
        .route("/requested", (req, res) ->
            res.getWriter().write("valid=" + req.isRequestedSessionIdValid() + " fromCookie=" + req.isRequestedSessionIdFromCookie()))
        .route("/bad-type", (req, res) -> {
          try {
            req.getSession().setAttribute("when", new Date());
            res.getWriter().write("accepted");
          } catch (IllegalArgumentException e) {
            res.getWriter().write(e.getMessage());
          }
        })
        .route("/no-idle-limit", (req, res) -> {
          req.getSession().setMaxInactiveInterval(-1);
          req.getSession().setAttribute("kept", true);
        });
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void visitsCountAcrossRequestsWithTheCookie() throws Exception {
    HttpResponse<String> first = harness.get("/count", null);
    assertEquals("visits=1 new=true", first.body());
    String cookie = sessionCookie(first);
    assertNotNull(cookie);
    HttpResponse<String> second = harness.get("/count", cookie);
    assertEquals("visits=2 new=false", second.body());
  }

  @Test
  void cookieHasTheContractAttributes() throws Exception {
    String header = sessionSetCookie(harness.get("/count", null));
    assertTrue(header.contains("; Path=/"), header);
    assertTrue(header.contains("; HttpOnly"), header);
    assertTrue(header.contains("; SameSite=Lax"), header);
    assertTrue(header.contains("; Max-Age=1209600"), header);
    assertFalse(header.contains("; Secure"), "plain HTTP gets no Secure under auto: " + header);
  }

  @Test
  void requestThatNeverTouchesTheSessionCostsNoStoreIoAndSetsNoCookie() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    store.reset();
    HttpResponse<String> response = harness.get("/untouched", cookie);
    assertEquals(0, store.total());
    assertNull(sessionCookie(response));
    assertTrue(response.headers().allValues("Vary").isEmpty(), "no Vary: the page does not depend on the cookie");
  }

  @Test
  void aVaryOfThePagesOwnIsKeptAndCookieAddedOnce() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    assertEquals(List.of("Accept-Encoding", "Cookie"),
        harness.get("/vary?vary=Accept-Encoding", cookie).headers().allValues("Vary"));
    assertEquals(List.of("accept-language, cookie"),
        harness.get("/vary?vary=accept-language,%20cookie", cookie).headers().allValues("Vary"),
        "the page already varies on the cookie: nothing added");
    assertEquals(List.of("*"), harness.get("/vary?vary=*", cookie).headers().allValues("Vary"));
  }

  @Test
  void readingTheSessionAddsVaryCookieButWritesNothing() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    store.reset();
    HttpResponse<String> response = harness.get("/read", cookie);
    assertEquals("visits=1", response.body());
    assertTrue(response.headers().allValues("Vary").contains("Cookie"));
    assertEquals(1, store.loads.get());
    assertEquals(0, store.saves.get(), "a read within the touch interval writes nothing");
    assertNull(sessionCookie(response));
  }

  @Test
  void readAfterAMinuteRefreshesLastAccessOnce() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    clock.advance(Duration.ofMinutes(2));
    store.reset();
    HttpResponse<String> response = harness.get("/read", cookie);
    assertEquals(1, store.saves.get());
    assertNotNull(sessionCookie(response), "the cookie's Max-Age is refreshed with the write");
    store.reset();
    harness.get("/read", cookie);
    assertEquals(0, store.saves.get());
  }

  @Test
  void newSessionThatStaysEmptyIsNotStoredAndSetsNoCookie() throws Exception {
    HttpResponse<String> response = harness.get("/empty", null);
    assertEquals("id-length=43", response.body());
    assertNull(sessionCookie(response));
    assertEquals(0, store.saves.get());
  }

  @Test
  void unknownIdWithAValidSignatureIsNotAdopted() throws Exception {
    String planted = SessionIds.next();
    String cookie = "sessionid=" + harness.signer.sign(planted);
    HttpResponse<String> response = harness.get("/count", cookie);
    assertEquals("visits=1 new=true", response.body());
    assertNotEquals(planted, idOf(sessionCookie(response)));
    assertTrue(store.load(planted).isEmpty());
  }

  @Test
  void forgedCookieStartsAFreshSession() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    String forged = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");
    HttpResponse<String> response = harness.get("/count", forged);
    assertEquals(200, response.statusCode());
    assertEquals("visits=1 new=true", response.body());
  }

  @Test
  void firstCookieThatVerifiesWinsAmongDuplicates() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    HttpResponse<String> response = harness.get("/count", "sessionid=garbage.sig; other=1; " + cookie);
    assertEquals("visits=2 new=false", response.body());
  }

  @Test
  void expiredSessionIsAFreshSession() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    clock.advance(Duration.ofDays(15));
    assertEquals("none", harness.get("/read", cookie).body());
    assertEquals("visits=1 new=true", harness.get("/count", cookie).body());
  }

  @Test
  void negativeMaxInactiveIntervalOutlivesTheIdleTimeoutButNotTheAbsoluteOne() throws Exception {
    String cookie = sessionCookie(harness.get("/no-idle-limit", null));
    clock.advance(Duration.ofDays(20));
    assertTrue(store.load(idOf(cookie)).isPresent());
    clock.advance(Duration.ofDays(11));
    assertTrue(store.load(idOf(cookie)).isEmpty(), "the 30-day absolute limit still holds");
  }

  @Test
  void invalidateDeletesTheSessionAndClearsTheCookie() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    HttpResponse<String> response = harness.get("/invalidate", cookie);
    assertEquals("IllegalStateException after=null", response.body());
    assertTrue(sessionSetCookie(response).contains("Max-Age=0"));
    assertTrue(store.load(idOf(cookie)).isEmpty());
    assertEquals("none", harness.get("/read", cookie).body());
  }

  @Test
  void changeSessionIdKeepsTheDataUnderANewIdAndRetiresTheOld() throws Exception {
    String oldCookie = sessionCookie(harness.get("/count", null));
    HttpResponse<String> response = harness.get("/rotate", oldCookie);
    assertEquals("rotated", response.body());
    String newCookie = sessionCookie(response);
    assertNotEquals(idOf(oldCookie), idOf(newCookie));
    assertTrue(store.load(idOf(oldCookie)).isEmpty(), "the old id must be gone from the store");
    assertEquals("visits=1", harness.get("/read", newCookie).body());
    assertEquals("none", harness.get("/read", oldCookie).body());
  }

  @Test
  void requestedSessionIdIsValidOnlyForALiveSession() throws Exception {
    assertEquals("valid=false fromCookie=false", harness.get("/requested", null).body());
    String cookie = sessionCookie(harness.get("/count", null));
    assertEquals("valid=true fromCookie=true", harness.get("/requested", cookie).body());
    harness.get("/invalidate", cookie);
    assertEquals("valid=false fromCookie=true", harness.get("/requested", cookie).body());
  }

  @Test
  void nonJsonAttributeIsRefusedAtOnceNamingTheAttribute() throws Exception {
    String body = harness.get("/bad-type", null).body();
    assertTrue(body.contains("'when'") && body.contains("java.util.Date"), body);
  }

  @Test
  void noJsessionidEver() throws Exception {
    HttpResponse<String> response = harness.get("/count", null);
    assertTrue(response.headers().allValues("Set-Cookie").stream().noneMatch(h -> h.startsWith("JSESSIONID")));
  }

  @Test
  void cookieSignedWithAFallbackSecretIsAcceptedAndResignedWithTheCurrentOne() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    harness.close();
    String newSecret = "rotated-secret-abcdefghijklmnopqrstuvwxyz-0123";
    Signer rotated = new Signer(newSecret, List.of(FilterHarness.SECRET), "satchel.session-cookie");
    harness = routes(FilterHarness.builder(store, clock).signer(rotated)).start();
    HttpResponse<String> response = harness.get("/read", cookie);
    assertEquals("visits=1", response.body());
    String resigned = sessionCookie(response);
    assertNotNull(resigned, "a fallback-signed cookie is re-signed on this response");
    assertEquals(idOf(cookie), idOf(resigned));
    assertTrue(new Signer(newSecret, List.of(), "satchel.session-cookie").unsign(resigned.substring("sessionid=".length())).isPresent());
  }

  @Test
  void expireAtBrowserCloseSendsNoMaxAge() throws Exception {
    harness.close();
    harness = routes(FilterHarness.builder(store, clock).cookies(CookieSettings.defaults().withExpireAtBrowserClose(true))).start();
    String header = sessionSetCookie(harness.get("/count", null));
    assertFalse(header.contains("Max-Age"), header);
    assertFalse(header.contains("Expires"), header);
  }
}
