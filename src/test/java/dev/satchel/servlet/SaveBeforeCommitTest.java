package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.idOf;
import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cookie and the data reach the client and the store however the servlet commits its response. */
class SaveBeforeCommitTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final MemorySessionStore store = new MemorySessionStore(clock);
  private FilterHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness =
        FilterHarness.builder(store, clock)
            .route("/flush", (req, res) -> {
              req.getSession().setAttribute("step", "before-flush");
              res.getWriter().write("flushed");
              res.flushBuffer();
            })
            .route("/stream-flush", (req, res) -> {
              req.getSession().setAttribute("step", "stream");
              res.getOutputStream().write("x".getBytes(StandardCharsets.UTF_8));
              res.getOutputStream().flush();
            })
            .route("/redirect", (req, res) -> {
              req.getSession().setAttribute("step", "redirect");
              res.sendRedirect("/read");
            })
            .route("/error", (req, res) -> {
              req.getSession().setAttribute("step", "error");
              res.sendError(404);
            })
            .route("/big", (req, res) -> {
              req.getSession().setAttribute("step", "big");
              res.getWriter().write("y".repeat(200_000));
            })
            .route("/exact-length", (req, res) -> {
              req.getSession().setAttribute("step", "length");
              res.setContentLength(5);
              res.getOutputStream().write("12345".getBytes(StandardCharsets.UTF_8));
            })
            .route("/late-write", (req, res) -> {
              req.getSession().setAttribute("early", "yes");
              res.getWriter().write("committed");
              res.flushBuffer();
              req.getSession().setAttribute("late", "also saved");
            })
            .route("/read", (req, res) -> {
              var session = req.getSession(false);
              res.getWriter().write(session == null ? "none" : session.getAttribute("step") + "|" + session.getAttribute("late"));
            })
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private void assertCookieCarries(HttpResponse<String> response, String step) throws Exception {
    String cookie = sessionCookie(response);
    assertNotNull(cookie, "the response must carry the session cookie");
    assertTrue(store.load(idOf(cookie)).isPresent(), "the session must be in the store");
    assertEquals(step + "|null", harness.get("/read", cookie).body());
  }

  @Test
  void servletThatFlushesEarlyStillGetsItsCookieAndData() throws Exception {
    HttpResponse<String> response = harness.get("/flush", null);
    assertEquals("flushed", response.body());
    assertCookieCarries(response, "before-flush");
  }

  @Test
  void flushOfTheOutputStreamStillGetsTheCookie() throws Exception {
    assertCookieCarries(harness.get("/stream-flush", null), "stream");
  }

  @Test
  void redirectCarriesTheCookie() throws Exception {
    HttpResponse<String> response = harness.get("/redirect", null);
    assertEquals(302, response.statusCode());
    assertCookieCarries(response, "redirect");
  }

  @Test
  void sendErrorCarriesTheCookie() throws Exception {
    HttpResponse<String> response = harness.get("/error", null);
    assertEquals(404, response.statusCode());
    assertCookieCarries(response, "error");
  }

  @Test
  void bodyLargerThanTheBufferStillGetsTheCookie() throws Exception {
    HttpResponse<String> response = harness.get("/big", null);
    assertEquals(200_000, response.body().length());
    assertCookieCarries(response, "big");
  }

  @Test
  void reachingTheContentLengthStillGetsTheCookie() throws Exception {
    HttpResponse<String> response = harness.get("/exact-length", null);
    assertEquals("12345", response.body());
    assertCookieCarries(response, "length");
  }

  @Test
  void attributeSetAfterCommitIsStillSaved() throws Exception {
    HttpResponse<String> response = harness.get("/late-write", null);
    String cookie = sessionCookie(response);
    assertNotNull(cookie);
    assertEquals("also saved", store.load(idOf(cookie)).orElseThrow().attributes().get("late"));
  }
}
