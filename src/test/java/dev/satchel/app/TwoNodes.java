package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two embedded servers sharing one store, as two nodes behind a load balancer without sticky sessions:
 * same secret, different ports, different data dirs.
 */
final class TwoNodes implements AutoCloseable {
  private static final Map<String, String> JSON = Map.of("Accept", "application/json");
  private static final String SECRET = "two-nodes-share-this-secret-0123456789abcdef";

  final TestServer a;
  final TestServer b;

  TwoNodes(Map<String, String> storeSettings) {
    Map<String, String> settings = new HashMap<>(storeSettings);
    settings.put("session.secret", SECRET);
    this.a = TestServer.start(settings);
    TestServer second;
    try {
      second = TestServer.start(settings);
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    this.b = second;
  }

  /** A session started on node A carries on on node B, and B's visit is seen back on A. */
  void cookieFromOneNodeWorksOnTheOther() {
    Browser onA = a.browser();
    Page first = onA.get("/session");
    assertTrue(first.body().contains("Name: John") && first.body().contains("Visits: 1"), first.body());
    String cookie = "sessionid=" + onA.cookie("sessionid").orElseThrow();

    Page onB = b.browser().raw("/session", cookie);
    assertEquals(200, onB.status());
    assertTrue(onB.body().contains("Name: John") && onB.body().contains("Visits: 2"), onB.body());

    assertTrue(onA.get("/session").body().contains("Visits: 3"), "node A sees node B's visit");
  }

  /** Visits sent at once, alternating between the nodes, are all counted. */
  void parallelVisitsAlternatingBetweenNodesAreAllCounted(int visits) throws Exception {
    Browser onA = a.browser();
    onA.get("/session");
    String cookie = "sessionid=" + onA.cookie("sessionid").orElseThrow();
    Browser onB = b.browser();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Page>> pages = new ArrayList<>();
      for (int i = 0; i < visits; i++) {
        Browser node = i % 2 == 0 ? onA : onB;
        pages.add(pool.submit(() -> node.raw("/session", cookie, JSON)));
      }
      for (Future<Page> page : pages) {
        Page answer = page.get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.status(), answer.body());
      }
    } finally {
      pool.shutdownNow();
    }
    String last = onB.raw("/session", cookie, JSON).body();
    assertTrue(last.contains("\"visits\":" + (visits + 2)), "no visit lost on either node: " + last);
  }

  @Override
  public void close() {
    try {
      a.close();
    } finally {
      b.close();
    }
  }
}
