package dev.satchel.app;

import static dev.satchel.testing.Outages.assertHealthyAgain;
import static dev.satchel.testing.Outages.assertNoRequestThreadBusy;
import static dev.satchel.testing.Outages.assertNoThreadStuck;
import static dev.satchel.testing.Outages.assertSessionPagesFail;
import static dev.satchel.testing.Outages.assertUnavailable;
import static dev.satchel.testing.Outages.assertVisits;
import static dev.satchel.testing.Outages.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Browser.Page;
import dev.satchel.testing.FaultProxy;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real server whose session store (one that keeps sessions on a server, not a cache over a database) is
 * reached through a {@link FaultProxy}, and the outages every such store goes through: cut, slowed to
 * seconds, hung, cut in the middle of a save, and hung under a shorter configured timeout. The steps and the
 * checks are the same for every store; a subclass says how to reach its store, names its tests and adds what
 * only its store can show.
 */
abstract class StoreOutageHttpTest {
  private static final String PASSWORD = "correct horse battery staple";
  /** How the {@code [reliability]} lines name the store: {@code pg}, {@code redis}. */
  private final String store;
  FaultProxy proxy;
  TestServer server;

  StoreOutageHttpTest(String store) {
    this.store = store;
  }

  /** Skips the test (or fails it, under SATCHEL_REQUIRE_ALL=1) unless the store answers; prepares its space. */
  abstract void openStore();

  /** Frees what {@link #openStore} prepared; called after every test, also when it skipped or failed early. */
  abstract void closeStore();

  /** A proxy to the real store. */
  abstract FaultProxy proxyToStore();

  /** The server with {@code more} settings over the defaults, its store reached through {@code via}. */
  abstract TestServer serverThrough(FaultProxy via, Map<String, String> more);

  /** Settings naming the database the server keeps its users in, for {@link Logins#createUser}. */
  abstract Map<String, String> usersDatabase();

  @BeforeEach
  final void startServerThroughProxy() {
    openStore();
    proxy = proxyToStore();
    server = serverThrough(proxy, Map.of());
  }

  @AfterEach
  final void stopServerProxyAndStore() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    closeStore();
  }

  /** Two visits, then the store cut: session pages fail; once restored, the count goes on from the second. */
  final void cutThenRestore() {
    goneThenRestore(store + " cut", proxy::cut);
  }

  /**
   * Two visits, then the store's host unreachable (connections cut, new ones never get past the handshake):
   * session pages fail within the connect timeout, and once it is back the count goes on from the second.
   */
  final void unreachableThenRestore() {
    goneThenRestore(store + " unreachable (SYN dropped)", proxy::unreachable);
  }

  private void goneThenRestore(String fault, Runnable takeTheStoreAway) {
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    assertVisits(browser.get("/session"), 2);

    takeTheStoreAway.run();
    assertSessionPagesFail(fault, server, browser);
    // A second round: by now every pooled connection is gone, so each of these needs a new one.
    assertSessionPagesFail(fault + ", again", server, browser);

    proxy.restore();
    assertHealthyAgain(fault, browser);
    assertVisits(browser.get("/session"), 3);
    assertNoThreadStuck(browser, 4);
  }

  /**
   * A login, whose new session id is written as a new record (session fixation protection), cut inside that
   * first write: the login answers 503 with no cookie, the browser keeps its anonymous session (the old id is
   * removed only after the new one is written), nothing half-written ever counts as logged in, and once
   * restored the same login succeeds. The marker is the browser's {@code User-Agent}, which the login stores
   * in the session and which crosses the wire to the store nowhere else.
   */
  final void cutInsideTheNewIdsFirstWriteThenRestore() {
    String fault = store + " cut inside a login's new record";
    String user = "ada-" + System.nanoTime();
    String agent = "mid-insert-" + System.nanoTime();
    Logins.createUser(usersDatabase(), user, PASSWORD);
    Browser browser = server.browser();
    Page form = browser.get("/login");
    Map<String, String> fields = Map.of("csrf_token", Logins.csrfToken(form), "username", user, "password", PASSWORD);

    proxy.cutMidWrite(agent);
    Page failed = timed(fault + ": POST /login", () -> browser.postForm("/login", fields, Map.of("User-Agent", agent)));
    assertEquals(1, proxy.midWriteCuts(), "the proxy cut the connection inside the new record's write");
    assertUnavailable(failed);

    proxy.restore();
    assertHealthyAgain(fault, browser);
    Page dashboard = browser.get("/dashboard");
    assertEquals(303, dashboard.status(), "not logged in: " + dashboard.body());
    assertTrue(dashboard.header("Location").orElse("").contains("/login"), dashboard.headers().toString());
    Page loggedIn = Logins.logIn(browser, user, PASSWORD);
    assertEquals(303, loggedIn.status(), loggedIn.body());
    Page after = browser.get("/dashboard");
    assertEquals(200, after.status(), after.body());
    assertTrue(after.body().contains(user), after.body());
    assertNoRequestThreadBusy();
  }

  /** One visit, then the store slowed to 5 s a chunk: session pages fail within the timeout, and recover. */
  final void slowThenRestore() {
    String fault = store + " slow 5 s";
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);

    proxy.slow(Duration.ofSeconds(5));
    assertSessionPagesFail(fault, server, browser);

    proxy.restore();
    assertHealthyAgain(fault, browser);
    // The slowed request failed before its save, so the count goes on from the last saved visit.
    assertVisits(browser.get("/session"), 2);
    assertNoThreadStuck(browser, 3);
  }

  /**
   * Two visits, then the store hung (it takes the bytes and never answers): session pages fail within the
   * timeouts, {@code whileHung} runs with the returning visitor's browser, and once restored the session is
   * whole and its count goes on from the second visit.
   */
  final void hangThenRestore(Consumer<Browser> whileHung) {
    String fault = store + " blackhole";
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    assertVisits(browser.get("/session"), 2);

    proxy.blackhole();
    assertSessionPagesFail(fault, server, browser);
    whileHung.accept(browser);

    proxy.restore();
    assertHealthyAgain(fault, browser);
    Page back = browser.get("/session");
    assertVisits(back, 3);
    assertTrue(back.body().contains("Name: John"), back.body());
    assertNoThreadStuck(browser, 4);
  }

  /**
   * Two visits, then the connection cut inside the save of a new name: the POST answers 503 with no cookie
   * and the front page still works; once restored, {@code checkBehindTheStore} gets the browser and the new
   * name, and the session still decodes (a corrupt record would start a fresh one at Visits: 1) holding one
   * of the two names.
   */
  final void cutMidSaveThenRestore(BiConsumer<Browser, String> checkBehindTheStore) {
    String fault = store + " cut mid-save";
    Browser browser = server.browser();
    assertVisits(browser.get("/session"), 1);
    Page page = browser.get("/session");
    assertVisits(page, 2);
    String marker = "mid-save-" + System.nanoTime();

    proxy.cutMidWrite(marker);
    Page failed = timed(fault + ": POST /session", () -> browser.postForm("/session",
        Map.of("csrf_token", Logins.csrfToken(page), "name", marker)));
    assertEquals(1, proxy.midWriteCuts(), "the proxy cut the connection inside the save");
    assertUnavailable(failed);
    assertEquals(200, browser.get("/").status());

    proxy.restore();
    assertHealthyAgain(fault, browser);
    checkBehindTheStore.accept(browser, marker);
    Page after = browser.get("/session");
    assertVisits(after, 3);
    assertTrue(after.body().contains("Name: John") || after.body().contains("Name: " + marker), after.body());
    System.out.printf("[reliability] %s -> after restore: %s%n",
        fault, after.body().contains("Name: John") ? "old value kept" : "new value written");
    assertNoThreadStuck(browser, 4);
  }

  /**
   * A second server whose store settings {@code quickTimeouts} set to 1 s, beside the default (3 s), both
   * stores hung: the quick one answers 503 sooner, and is healthy again once restored. {@code timeouts} names
   * the settings in the {@code [reliability]} lines ({@code timeouts}, {@code command timeout}).
   */
  final void shorterTimeoutsAnswerSooner(String timeouts, Map<String, String> quickTimeouts) {
    String fault = store + " blackhole, " + timeouts;
    try (FaultProxy quickProxy = proxyToStore();
        TestServer quick = serverThrough(quickProxy, quickTimeouts)) {
      Browser onDefault = server.browser();
      Browser onQuick = quick.browser();
      assertVisits(onDefault.get("/session"), 1);
      assertVisits(onQuick.get("/session"), 1);

      proxy.blackhole();
      quickProxy.blackhole();
      Duration defaults = elapsed(fault + " 3 s: GET /session", () -> onDefault.get("/session"));
      Duration ones = elapsed(fault + " 1 s: GET /session", () -> onQuick.get("/session"));

      assertTrue(ones.compareTo(defaults) < 0,
          "a hung store answers sooner with " + timeouts + " 1 s than with 3 s: " + ones + " vs " + defaults);
      quickProxy.restore();
      assertHealthyAgain(fault + " 1 s", onQuick);
    }
  }

  private static Duration elapsed(String what, Supplier<Page> request) {
    long start = System.nanoTime();
    assertUnavailable(timed(what, request));
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
