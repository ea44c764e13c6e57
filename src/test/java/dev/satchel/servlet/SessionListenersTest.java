package dev.satchel.servlet;

import static dev.satchel.servlet.FilterHarness.idOf;
import static dev.satchel.servlet.FilterHarness.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import dev.satchel.session.SessionReaper;
import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.MutableClock;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What session listeners hear over real HTTP requests: each kind of event, once, after the store has it. */
class SessionListenersTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final Recorder recorder = new Recorder();
  private FilterHarness harness;

  /** Hears every kind of session event and writes each down as one readable line. */
  static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(HttpSessionEvent se) {
      events.add("created " + se.getSession().getId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      events.add("destroyed " + se.getSession().getId() + " visits=" + se.getSession().getAttribute("visits"));
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent se, String oldSessionId) {
      events.add("id " + oldSessionId + " -> " + se.getSession().getId());
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
      events.add("added " + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
      events.add("removed " + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
      events.add("replaced " + event.getName() + "=" + event.getValue());
    }

    List<String> take() {
      List<String> taken = new ArrayList<>(events);
      events.clear();
      return taken;
    }
  }

  private void start(SessionStore store) throws Exception {
    SessionListeners listeners = new SessionListeners().add(recorder);
    harness =
        SessionFilterTest.routes(FilterHarness.builder(store, clock).listeners(listeners))
            .route("/remove", (req, res) -> req.getSession().removeAttribute("visits"))
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void creationAndAttributeChangesAreReportedAfterTheyAreStored() throws Exception {
    start(new MemorySessionStore(clock));
    String cookie = sessionCookie(harness.get("/count", null));
    String id = idOf(cookie);
    assertEquals(List.of("created " + id, "added visits=1"), recorder.take());
    harness.get("/count", cookie);
    assertEquals(List.of("replaced visits=1"), recorder.take(), "replaced carries the old value");
    harness.get("/read", cookie);
    assertEquals(List.of(), recorder.take(), "reading is not an event");
    harness.get("/remove", cookie);
    assertEquals(List.of("removed visits=2"), recorder.take());
  }

  @Test
  void sessionThatIsNeverStoredIsNeverReported() throws Exception {
    start(new MemorySessionStore(clock));
    harness.get("/empty", null);
    assertEquals(List.of(), recorder.take());
  }

  @Test
  void idChangeIsReportedWithTheOldId() throws Exception {
    start(new MemorySessionStore(clock));
    String cookie = sessionCookie(harness.get("/count", null));
    recorder.take();
    String rotated = sessionCookie(harness.get("/rotate", cookie));
    assertEquals(List.of("id " + idOf(cookie) + " -> " + idOf(rotated)), recorder.take());
  }

  @Test
  void invalidationIsReportedWithTheSessionStillReadable() throws Exception {
    start(new MemorySessionStore(clock));
    String cookie = sessionCookie(harness.get("/count", null));
    recorder.take();
    harness.get("/invalidate", cookie);
    assertEquals(List.of("destroyed " + idOf(cookie) + " visits=1"), recorder.take());
  }

  @Test
  void expiryFoundOnLoadIsReportedOnceAndNotAgainByTheReaper() throws Exception {
    SessionStore store = new MemorySessionStore(clock);
    start(store);
    String cookie = sessionCookie(harness.get("/count", null));
    recorder.take();
    clock.advance(Duration.ofDays(15));
    harness.get("/read", cookie);
    assertEquals(List.of("destroyed " + idOf(cookie) + " visits=1"), recorder.take());
    harness.get("/read", cookie);
    try (SessionReaper reaper = reaper(store)) {
      assertEquals(0, reaper.runOnce());
    }
    assertEquals(List.of(), recorder.take(), "reported once");
  }

  @Test
  void expiryFoundByTheReaperIsReportedOnceAndNotAgainOnLoad() throws Exception {
    SessionStore store = new MemorySessionStore(clock);
    start(store);
    String cookie = sessionCookie(harness.get("/count", null));
    recorder.take();
    clock.advance(Duration.ofDays(15));
    try (SessionReaper reaper = reaper(store)) {
      assertEquals(1, reaper.runOnce());
      assertEquals(0, reaper.runOnce());
    }
    assertEquals(List.of("destroyed " + idOf(cookie) + " visits=1"), recorder.take());
    assertEquals("none", harness.get("/read", cookie).body());
    assertEquals(List.of(), recorder.take());
  }

  @Test
  void failedStoreWriteIsNotReported() throws Exception {
    SessionStore store = spy(new MemorySessionStore(clock));
    doThrow(new StoreUnavailableException("memory", "save", new RuntimeException("down")))
        .when(store).save(any(), any(), any());
    start(store);
    assertEquals(503, harness.get("/count", null).statusCode());
    assertEquals(List.of(), recorder.take(), "nothing was stored, so nothing happened");
  }

  @Test
  void throwingListenerNeitherFailsTheRequestNorSilencesTheOthers() throws Exception {
    SessionListeners listeners = new SessionListeners()
        .add(new HttpSessionListener() {
          @Override
          public void sessionCreated(HttpSessionEvent se) {
            throw new IllegalStateException("listener bug");
          }
        })
        .add(recorder);
    harness = SessionFilterTest.routes(
        FilterHarness.builder(new MemorySessionStore(clock), clock).listeners(listeners)).start();
    var response = harness.get("/count", null);
    assertEquals(200, response.statusCode());
    assertEquals("created " + idOf(sessionCookie(response)), recorder.take().get(0));
  }

  private SessionReaper reaper(SessionStore store) {
    SessionListeners listeners = new SessionListeners().add(recorder);
    return SessionReaper.start(store, clock, Duration.ofDays(1), SessionEvents.expiryReporter(listeners, null));
  }
}
