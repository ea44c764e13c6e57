package dev.satchel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every store outage test asserts, in one place: pages that need the session answer 503 with no
 * cookie within a hang guard, pages that do not keep working, {@code /healthz} says 503, and after the
 * store returns it is healthy again without a restart and no request thread is left stuck. Each timed
 * request prints a {@code [reliability] ...} line; those figures go into docs/reliability.md.
 */
public final class Outages {
  /** A hang guard only, never a speed target: the figures measured are in docs/reliability.md. */
  public static final Duration HANG_GUARD = Duration.ofSeconds(10);

  /** Jetty's request threads in the embedded server are named after its pool. */
  private static final String REQUEST_THREAD_PREFIX = "satchel-http";

  private Outages() {}

  /**
   * With the store down in the way {@code fault} names: a returning visitor's page needing the session, a
   * new visitor's (which fails at its save) and {@code /healthz} each answer 503 with no Set-Cookie within
   * the hang guard; {@code GET /} (which never touches the session) answers 200.
   */
  public static void assertSessionPagesFail(String fault, TestServer server, Browser returning) {
    assertUnavailable(timed(fault + ": GET /session", () -> returning.get("/session")));
    assertUnavailable(timed(fault + ": GET /session, new visitor", () -> server.browser().get("/session")));
    assertEquals(503, timed(fault + ": GET /healthz", () -> returning.get("/healthz")).status());
    assertEquals(200, timed(fault + ": GET /", () -> returning.get("/")).status(),
        "the front page does not need the session");
  }

  /** A 503 page, and no cookie: a failed request must neither issue a session nor refresh one. */
  public static void assertUnavailable(Page page) {
    assertEquals(503, page.status(), page.body());
    assertTrue(page.setCookies().isEmpty(), "no cookie on a failed request: " + page.setCookies());
  }

  /** Runs {@code request}, prints how long it took as a [reliability] line, and fails past the hang guard. */
  public static Page timed(String what, Supplier<Page> request) {
    long start = System.nanoTime();
    Page page = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf("[reliability] %s -> %d in %d ms%n", what, page.status(), took.toMillis());
    assertTrue(took.compareTo(HANG_GUARD) < 0, what + " took " + took + ", over the hang guard " + HANG_GUARD);
    return page;
  }

  /** Polls {@code /healthz} until 200 (printing how long that took) and asserts it came within the guard. */
  public static void assertHealthyAgain(String fault, Browser browser) {
    long start = System.nanoTime();
    long deadline = start + HANG_GUARD.toNanos();
    int status;
    do {
      status = browser.get("/healthz").status();
    } while (status != 200 && System.nanoTime() < deadline && pause());
    System.out.printf("[reliability] %s -> restore: /healthz %d after %d ms%n",
        fault, status, (System.nanoTime() - start) / 1_000_000);
    assertEquals(200, status, fault + ": healthy again without a restart");
  }

  /**
   * Twenty quick requests after recovery all answer 200 with the visit count going on from {@code nextVisit}
   * (no request thread or pooled connection is left stuck), and then no request thread of the server is
   * still inside Satchel's code.
   */
  public static void assertNoThreadStuck(Browser browser, int nextVisit) {
    for (int i = 0; i < 20; i++) {
      assertVisits(browser.get("/session"), nextVisit + i);
    }
    assertNoRequestThreadBusy();
  }

  /**
   * Every response has been received, so every request thread should be back in Jetty's pool. A thread
   * still running Satchel's code is a request stuck on the store (tests in one JVM run one at a time).
   */
  public static void assertNoRequestThreadBusy() {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    List<String> busy;
    do {
      busy = busyRequestThreads();
    } while (!busy.isEmpty() && System.nanoTime() < deadline && pause());
    assertTrue(busy.isEmpty(), "request threads still inside Satchel after the outage: " + busy);
  }

  public static void assertVisits(Page page, int visits) {
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("Visits: " + visits), "expected Visits: " + visits + " in " + page.body());
  }

  /** The server's request threads now running Satchel's code, each with the frame it is in. */
  public static List<String> busyRequestThreads() {
    List<String> busy = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      if (!thread.getKey().getName().startsWith(REQUEST_THREAD_PREFIX)) {
        continue;
      }
      for (StackTraceElement frame : thread.getValue()) {
        if (frame.getClassName().startsWith("dev.satchel.")) {
          busy.add(thread.getKey().getName() + " at " + frame);
          break;
        }
      }
    }
    return busy;
  }

  private static boolean pause() {
    try {
      Thread.sleep(50);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
