package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import dev.satchel.session.StoreUnavailableException;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request the container dispatches again — to an error page, after an async start, in a forward — keeps the
 * one session the filter gave it. The container hands an error page or an async dispatch its own request, not
 * the servlet's wrapper (Jetty 12: {@code Dispatcher$ErrorRequest}), so without the filter on those
 * dispatches an error page could not read who is logged in.
 */
class RedispatchTest {
  private final MutableClock clock = MutableClock.startingNow();
  // Mockito only injects an outage; the store underneath is the real memory store.
  private final MemorySessionStore memory = spy(new MemorySessionStore(clock));
  private final CountingStore store = new CountingStore(memory);
  private FilterHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness =
        FilterHarness.builder(store, clock)
            .route("/login", (req, res) -> {
              req.getSession().setAttribute("user", "alice");
              res.getWriter().write("ok");
            })
            .route("/show", (req, res) -> {
              HttpSession session = req.getSession(false);
              res.getWriter().write(session == null ? "no session" : describe(session));
            })
            .route("/missing", (req, res) -> res.sendError(404))
            .route("/start-then-missing", (req, res) -> {
              req.getSession().setAttribute("started", "yes");
              res.sendError(404);
            })
            .route("/start-then-raw-404", (req, res) -> {
              req.getSession().setAttribute("started", "yes");
              // Past the filter's response wrapper, as a filter further down holding the raw response might.
              ((HttpServletResponse) ((HttpServletResponseWrapper) res).getResponse()).sendError(404);
            })
            .route("/half-then-throw", (req, res) -> {
              req.getSession().setAttribute("half", "done");
              throw new IllegalStateException("the page failed halfway");
            })
            .route("/not-found-page", (req, res) -> {
              HttpSession session = req.getSession(false);
              if (session != null) {
                session.setAttribute("saw-error-page", "yes");
              }
              res.getWriter().write("not found; " + (session == null ? "no session" : describe(session)));
            })
            .route("/failure-page", (req, res) -> {
              HttpSession session = req.getSession(false);
              res.getWriter().write("failed; " + (session == null ? "no session" : describe(session)));
            })
            .route("/forward", (req, res) -> {
              req.getSession().setAttribute("before-forward", "yes");
              try {
                req.getRequestDispatcher("/forward-target").forward(req, res);
              } catch (ServletException e) {
                throw new IllegalStateException(e);
              }
            })
            .route("/forward-target", (req, res) -> {
              req.getSession().setAttribute("in-target", "yes");
              res.getWriter().write(describe(req.getSession()));
            })
            .route("/async-dispatch", (req, res) -> {
              req.getSession().setAttribute("before-async", "yes");
              AsyncContext async = req.startAsync();
              CompletableFuture.runAsync(() -> async.dispatch("/async-target"));
            })
            .route("/async-target", (req, res) -> {
              req.getSession().setAttribute("in-async-dispatch", "yes");
              res.getWriter().write(describe(req.getSession()));
            })
            .route("/throw-untouched", (req, res) -> {
              throw new IllegalStateException("failed before asking for the session");
            })
            .route("/async-then-throw", (req, res) -> {
              req.getSession().setAttribute("before-async", "yes");
              AsyncContext async = req.startAsync();
              CompletableFuture.runAsync(() -> async.dispatch("/async-throws"));
            })
            .route("/async-throws", (req, res) -> {
              req.getSession().setAttribute("in-async-dispatch", "yes");
              throw new IllegalStateException("the async part failed");
            })
            .route("/async-complete", (req, res) -> {
              HttpSession session = req.getSession();
              AsyncContext async = req.startAsync();
              CompletableFuture.runAsync(() -> {
                try {
                  session.setAttribute("written-by", "another thread");
                  async.getResponse().getWriter().write("done");
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                } finally {
                  async.complete();
                }
              });
            })
            .errorPage(404, "/not-found-page")
            .errorPage(IllegalStateException.class, "/failure-page")
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private static String describe(HttpSession session) {
    StringBuilder out = new StringBuilder();
    for (String name : java.util.Collections.list(session.getAttributeNames()).stream().sorted().toList()) {
      out.append(name).append('=').append(session.getAttribute(name)).append(' ');
    }
    return out.toString().strip();
  }

  @Test
  void anErrorPageSeesTheSessionOfTheRequestThatSentTheError() throws Exception {
    String cookie = sessionCookie(harness.get("/login", null));

    HttpResponse<String> missing = harness.get("/missing", cookie);

    assertEquals(404, missing.statusCode(), missing.body());
    assertEquals("not found; saw-error-page=yes user=alice", missing.body());
    // What the error page wrote to the session is kept, as from any page.
    assertEquals("saw-error-page=yes user=alice", harness.get("/show", cookie).body());
  }

  @Test
  void aSessionStartedBeforeTheErrorKeepsItsCookie() throws Exception {
    HttpResponse<String> missing = harness.get("/start-then-missing", null);

    assertEquals(404, missing.statusCode(), missing.body());
    assertEquals("not found; saw-error-page=yes started=yes", missing.body());
    String cookie = sessionCookie(missing);
    assertNotNull(cookie, "the new session's cookie: " + missing.headers().map());
    assertEquals(1, missing.headers().allValues("Set-Cookie").size(), missing.headers().map().toString());
    assertEquals("saw-error-page=yes started=yes", harness.get("/show", cookie).body());
  }

  @Test
  void anErrorTheFilterDidNotSeeComingStillShowsTheSessionTheRequestStarted() throws Exception {
    HttpResponse<String> missing = harness.get("/start-then-raw-404", null);

    assertEquals(404, missing.statusCode(), missing.body());
    // Loaded afresh by the request's cookie (it came without one), the error page would find no session.
    assertEquals("not found; saw-error-page=yes started=yes", missing.body());
  }

  @Test
  void anErrorPageAfterAnExceptionReadsTheSessionButTheFailedRequestSavesNothing() throws Exception {
    String cookie = sessionCookie(harness.get("/login", null));

    HttpResponse<String> failed = harness.get("/half-then-throw", cookie);

    assertEquals(500, failed.statusCode(), failed.body());
    // The error page reads the request's own view, its unsaved change included ...
    assertEquals("failed; half=done user=alice", failed.body());
    // ... but a request that threw halfway leaves the stored session as it was, as Django does on a 500.
    assertEquals("user=alice", harness.get("/show", cookie).body());
  }

  @Test
  void anAsyncDispatchThatThrowsSavesNothingEvenWhenTheRequestCompletes() throws Exception {
    String cookie = sessionCookie(harness.get("/login", null));

    HttpResponse<String> failed = harness.get("/async-then-throw", cookie);

    assertEquals(500, failed.statusCode(), failed.body());
    assertEquals("failed; before-async=yes in-async-dispatch=yes user=alice", failed.body());
    // Neither the error page nor the save that runs when the async request completes keeps the half change.
    assertEquals("user=alice", harness.get("/show", cookie).body());
  }

  @Test
  void anOutageWhileTheErrorPageLoadsTheSessionIsA503() throws Exception {
    String cookie = sessionCookie(harness.get("/login", null));
    doThrow(new StoreUnavailableException("memory", "load", new SQLException("connection refused")))
        .when(memory).load(anyString());

    HttpResponse<String> failed = harness.get("/throw-untouched", cookie);

    assertEquals(503, failed.statusCode(), failed.body());
    assertEquals("5", failed.headers().firstValue("Retry-After").orElse(null));
    assertTrue(failed.body().contains("Service unavailable"), failed.body());
  }

  @Test
  void aForwardKeepsTheOneSessionAndItsOneCookie() throws Exception {
    HttpResponse<String> forwarded = harness.get("/forward", null);

    assertEquals(200, forwarded.statusCode(), forwarded.body());
    assertEquals("before-forward=yes in-target=yes", forwarded.body());
    // Wrapped twice, the forward would start a second session with a second cookie and lose one half.
    assertEquals(1, forwarded.headers().allValues("Set-Cookie").size(), forwarded.headers().map().toString());
    assertEquals("before-forward=yes in-target=yes", harness.get("/show", sessionCookie(forwarded)).body());
  }

  @Test
  void anAsyncDispatchSeesTheSameSessionAndItsChangesAreSaved() throws Exception {
    HttpResponse<String> dispatched = harness.get("/async-dispatch", null);

    assertEquals(200, dispatched.statusCode(), dispatched.body());
    assertEquals("before-async=yes in-async-dispatch=yes", dispatched.body());
    String cookie = sessionCookie(dispatched);
    assertNotNull(cookie, "the new session's cookie: " + dispatched.headers().map());
    assertEquals("before-async=yes in-async-dispatch=yes", harness.get("/show", cookie).body());
  }

  @Test
  void anAsyncRequestCompletedByAnotherThreadIsSaved() throws Exception {
    String cookie = sessionCookie(harness.get("/login", null));

    HttpResponse<String> completed = harness.get("/async-complete", cookie);

    assertEquals(200, completed.statusCode(), completed.body());
    assertEquals("done", completed.body());
    assertEquals("user=alice written-by=another thread", harness.get("/show", cookie).body());
  }

  @Test
  void anErrorPageUsesTheSessionTheRequestAlreadyLoaded() throws Exception {
    String cookie = sessionCookie(harness.get("/login", null));
    int loadsBefore = store.loads.get();

    assertEquals(404, harness.get("/start-then-missing", cookie).statusCode());

    assertEquals(loadsBefore + 1, store.loads.get(), "one load for the request and its error page together");
  }
}
