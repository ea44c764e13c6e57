package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parallel requests of one session incrementing one counter through {@link SatchelSession#update}. */
class AtomicUpdateTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final MemorySessionStore store = new MemorySessionStore(clock);
  private FilterHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness =
        FilterHarness.builder(store, clock)
            .route("/inc", (req, res) -> {
              SatchelSession session = (SatchelSession) req.getSession();
              Object value = session.update("n", v -> v == null ? 1 : ((Number) v).intValue() + 1);
              res.getWriter().write("n=" + value);
            })
            .route("/set", (req, res) -> {
              Integer n = (Integer) req.getSession().getAttribute("n");
              req.getSession().setAttribute("n", n == null ? 1 : n + 1);
              res.getWriter().write("n=" + req.getSession().getAttribute("n"));
            })
            .route("/read", (req, res) -> res.getWriter().write("n=" + req.getSession().getAttribute("n")))
            .route("/inc-unnamed", (req, res) -> {
              try {
                ((SatchelSession) req.getSession()).update(null, v -> 1);
                res.getWriter().write("updated");
              } catch (IllegalArgumentException e) {
                res.getWriter().write("refused: " + e.getMessage());
              }
            })
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void fiftyParallelIncrementsEndAtFifty() throws Exception {
    HttpResponse<String> first = harness.get("/inc", null);
    assertEquals("n=1", first.body());
    String cookie = sessionCookie(first);
    assertNotNull(cookie);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 49; i++) {
      all.add(CompletableFuture.runAsync(() -> {
        try {
          assertEquals(200, harness.get("/inc", cookie).statusCode());
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    assertEquals("n=50", harness.get("/read", cookie).body());
  }

  @Test
  void updateWithoutANameIsRefusedAsSetAttributeIsAndTheSessionStaysReadable() throws Exception {
    String cookie = sessionCookie(harness.get("/inc", null));
    assertEquals("refused: attribute name must not be null", harness.get("/inc-unnamed", cookie).body());
    assertEquals("n=1", harness.get("/read", cookie).body());
    assertEquals("n=2", harness.get("/inc", cookie).body());
  }

  @Test
  void updateInANewSessionIsSavedWithIt() throws Exception {
    HttpResponse<String> first = harness.get("/inc", null);
    assertEquals("n=2", harness.get("/inc", sessionCookie(first)).body());
  }
}
