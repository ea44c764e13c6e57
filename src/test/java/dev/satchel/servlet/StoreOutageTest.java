package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.idOf;
import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A store that fails mid-request gives a 503 page and no cookie, and loses nothing written before. */
class StoreOutageTest {
  private final MutableClock clock = MutableClock.startingNow();
  // Mockito only injects the fault; the store underneath is the real memory store.
  private final SessionStore store = spy(new MemorySessionStore(clock));
  private FilterHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness =
        SessionFilterTest.routes(FilterHarness.builder(store, clock))
            .route("/flush-then-fail", (req, res) -> {
              req.getSession().setAttribute("x", 1);
              res.getWriter().write("partial");
              res.flushBuffer();
            })
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private static StoreUnavailableException outage(String operation) {
    return new StoreUnavailableException("memory", operation, new SQLException("connection refused"));
  }

  @Test
  void failedSaveGives503AndNoCookie() throws Exception {
    doThrow(outage("save")).when(store).save(any(), any(), any());
    HttpResponse<String> response = harness.get("/count", null);
    assertEquals(503, response.statusCode());
    assertNull(sessionCookie(response));
    assertTrue(response.body().contains("Service unavailable"));
    assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
  }

  @Test
  void failedSaveAtAnEarlyFlushGives503AndNoCookie() throws Exception {
    doThrow(outage("save")).when(store).save(any(), any(), any());
    HttpResponse<String> response = harness.get("/flush-then-fail", null);
    assertEquals(503, response.statusCode());
    assertNull(sessionCookie(response));
  }

  @Test
  void failedLoadGives503ButPagesWithoutSessionKeepWorking() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    doThrow(outage("load")).when(store).load(anyString());
    assertEquals(503, harness.get("/count", cookie).statusCode());
    HttpResponse<String> untouched = harness.get("/untouched", cookie);
    assertEquals(200, untouched.statusCode());
    assertEquals("hello", untouched.body());
  }

  @Test
  void dataWrittenBeforeTheOutageIsThereAfterIt() throws Exception {
    String cookie = sessionCookie(harness.get("/count", null));
    assertEquals("visits=2 new=false", harness.get("/count", cookie).body());
    doThrow(outage("save")).when(store).save(any(), any(), any());
    assertEquals(503, harness.get("/count", cookie).statusCode());
    doCallRealMethod().when(store).save(any(), any(), any());
    assertNotNull(store.load(idOf(cookie)).orElse(null));
    assertEquals("visits=3 new=false", harness.get("/count", cookie).body());
  }
}
