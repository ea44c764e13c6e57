package dev.satchel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running Satchel the way many browsers would, and counts every request by kind along with every
 * answer that kind should not get. Used by {@code bench/soak.sh} (through {@link Soak}) and by the
 * integration test {@code SoakIT}.
 *
 * <p>Each worker thread plays its own visitors, so what a visitor should see next is known exactly: a
 * returning visitor's visit count goes up by one on every GET, and a lost session shows as a count that
 * starts again at 1. Cookies are handled by hand (no cookie jar), so forged and tampered ones can be sent.
 */
public final class SoakClient {
  /** What a request is for; each has the answers it should get. */
  public enum Kind {
    /** GET /session without a cookie: 200, a new sessionid cookie, Visits: 1. */
    NEW_VISITOR,
    /** GET /session with a kept cookie: 200 and the visit count one higher than last time. */
    RETURNING_GET,
    /** POST /session with the cookie and its CSRF token: 303 to /session. */
    RETURNING_POST,
    /** GET /login: 200 with a CSRF token (and a cookie for the session holding it). */
    LOGIN_FORM,
    /** POST /login with good credentials: 303 to /dashboard and a new session id. */
    LOGIN,
    /** GET /dashboard while logged in: 200 naming the user. */
    DASHBOARD,
    /** POST /logout: 303 to /login and the cookie cleared. */
    LOGOUT,
    /** GET /dashboard with the cookie of a session that logged out: 303 to /login. */
    REPLAY_AFTER_LOGOUT,
    /** GET /session with a made-up cookie: 200, a fresh session (Visits: 1). */
    FORGED_COOKIE,
    /** GET /dashboard with a logged-in cookie whose signature was changed: 303 to /login. */
    TAMPERED_COOKIE
  }

  /** One answer a kind should not get, kept for the report. */
  public record Unexpected(Kind kind, String what) {}

  /** Requests and unexpected answers by kind, and a few of the latter in full. */
  public record Counts(Map<Kind, Long> requests, Map<Kind, Long> unexpected, List<Unexpected> samples) {
    public long totalRequests() {
      return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalUnexpected() {
      return unexpected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30); // a hang guard, far above any normal answer
  private static final int MAX_SAMPLES = 20;
  /** Kept visitors per worker: enough that most GETs are of sessions last seen a while ago. */
  private static final int RETURNING_PER_WORKER = 16;
  /** Dashboard views per login: logins cost a bcrypt hash each, which would otherwise dominate the run. */
  private static final int DASHBOARD_VIEWS_PER_LOGIN = 30;
  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
  private static final Pattern VISITS = Pattern.compile("Visits: (\\d+)");

  private final URI base;
  private final String username;
  private final String password;
  private final HttpClient http;
  private final Map<Kind, LongAdder> requests = new EnumMap<>(Kind.class);
  private final Map<Kind, LongAdder> unexpected = new EnumMap<>(Kind.class);
  private final List<Unexpected> samples = new ArrayList<>();

  /** A client of the Satchel at {@code base} (e.g. {@code http://127.0.0.1:8080/}) whose logins use this user. */
  public SoakClient(URI base, String username, String password) {
    this.base = base;
    this.username = username;
    this.password = password;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .build();
    for (Kind kind : Kind.values()) {
      requests.put(kind, new LongAdder());
      unexpected.put(kind, new LongAdder());
    }
  }

  /** Mixed traffic from {@code workers} threads for {@code duration}; returns when every worker has stopped. */
  public void mixed(int workers, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    runWorkers(workers, () -> {
      Visitors visitors = new Visitors();
      while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
        visitors.step();
      }
    });
  }

  /**
   * {@code count} requests without a cookie, as a flood of new visitors (or a crawler that drops cookies)
   * would make them: each gets a new session the server has to keep.
   */
  public void flood(int workers, long count) throws InterruptedException {
    AtomicLong left = new AtomicLong(count);
    runWorkers(workers, () -> {
      while (left.getAndDecrement() > 0 && !Thread.currentThread().isInterrupted()) {
        newVisitor();
      }
    });
  }

  /** Everything counted so far. */
  public Counts counts() {
    Map<Kind, Long> sent = new EnumMap<>(Kind.class);
    Map<Kind, Long> wrong = new EnumMap<>(Kind.class);
    requests.forEach((kind, n) -> sent.put(kind, n.sum()));
    unexpected.forEach((kind, n) -> wrong.put(kind, n.sum()));
    synchronized (samples) {
      return new Counts(sent, wrong, List.copyOf(samples));
    }
  }

  /** Requests sent so far, for progress lines. */
  public LongSupplier sentSoFar() {
    return () -> requests.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private void runWorkers(int workers, Runnable work) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        running.add(pool.submit(work));
      }
      for (Future<?> each : running) {
        try {
          each.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a soak worker failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One worker's visitors: anonymous ones that keep their cookie, and one browser that logs in and out. */
  private final class Visitors {
    private final Returning[] returning = new Returning[RETURNING_PER_WORKER];
    private String loggedIn; // the login cookie, null while logged out
    private String loggedInToken;
    private int viewsLeft;

    void step() {
      int roll = ThreadLocalRandom.current().nextInt(100);
      if (roll < 20) {
        newVisitor();
      } else if (roll < 55) {
        returningGet();
      } else if (roll < 65) {
        returningPost();
      } else if (roll < 70) {
        forged();
      } else if (roll < 75) {
        tampered();
      } else {
        userStep();
      }
    }

    /** A kept visitor's slot, making its first visit when the slot is empty; -1 when that visit went wrong. */
    private int returningVisitor() {
      int slot = ThreadLocalRandom.current().nextInt(returning.length);
      if (returning[slot] == null) {
        returning[slot] = newVisitor().orElse(null);
      }
      return returning[slot] == null ? -1 : slot;
    }

    private void returningGet() {
      int slot = returningVisitor();
      if (slot < 0) {
        return; // its first visit went wrong, which is already counted
      }
      Returning visitor = returning[slot];
      Response page = send(Kind.RETURNING_GET, get("session", visitor.cookie));
      if (page == null) {
        return;
      }
      int expected = visitor.visits + 1;
      Optional<Integer> visits = visits(page.body);
      if (page.status != 200 || visits.isEmpty() || visits.get() != expected) {
        wrong(Kind.RETURNING_GET, page, "expected 200 and Visits: " + expected + ", saw Visits: "
            + visits.map(String::valueOf).orElse("(none)"));
        returning[slot] = null; // counted once; this visitor starts afresh
        return;
      }
      visitor.visits = expected;
    }

    private void returningPost() {
      int slot = returningVisitor();
      if (slot < 0) {
        return;
      }
      Returning visitor = returning[slot];
      String name = "Visitor " + ThreadLocalRandom.current().nextInt(1000);
      Response answer = send(Kind.RETURNING_POST,
          post("session", visitor.cookie, "csrf_token", visitor.token, "name", name));
      if (answer != null && !(answer.status == 303 && answer.location.endsWith("/session"))) {
        wrong(Kind.RETURNING_POST, answer, "expected 303 to /session");
      }
    }

    private void forged() {
      byte[] bytes = new byte[32];
      ThreadLocalRandom.current().nextBytes(bytes);
      String made = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Response page = send(Kind.FORGED_COOKIE, get("session", made + "." + made.substring(0, 20)));
      if (page != null && !(page.status == 200 && visits(page.body).equals(Optional.of(1))
          && page.cookie != null && !page.cookie.startsWith(made))) {
        wrong(Kind.FORGED_COOKIE, page, "expected 200, Visits: 1 and a new cookie");
      }
    }

    private void tampered() {
      if (loggedIn == null) {
        forged();
        return;
      }
      // Change one character inside the signature (not the last, whose low bits a decoder may ignore): the
      // id is real and live, the signature no longer matches.
      int at = loggedIn.length() - 5;
      char changedChar = loggedIn.charAt(at) == 'A' ? 'B' : 'A';
      String changed = loggedIn.substring(0, at) + changedChar + loggedIn.substring(at + 1);
      Response page = send(Kind.TAMPERED_COOKIE, get("dashboard", changed));
      if (page != null && !(page.status == 303 && page.location.contains("/login"))) {
        wrong(Kind.TAMPERED_COOKIE, page, "expected 303 to /login");
      }
    }

    /** Logged out: log in. Logged in: view the dashboard, and after enough views log out. */
    private void userStep() {
      if (loggedIn == null) {
        logIn();
      } else if (viewsLeft-- > 0) {
        dashboard();
      } else {
        logOut();
      }
    }

    private void logIn() {
      Response form = send(Kind.LOGIN_FORM, get("login", null));
      if (form == null) {
        return;
      }
      Optional<String> token = token(form.body);
      if (form.status != 200 || token.isEmpty() || form.cookie == null) {
        wrong(Kind.LOGIN_FORM, form, "expected 200 with a csrf_token and a cookie");
        return;
      }
      Response answer = send(Kind.LOGIN,
          post("login", form.cookie, "csrf_token", token.get(), "username", username, "password", password));
      if (answer == null) {
        return;
      }
      if (answer.status != 303 || !answer.location.endsWith("/dashboard") || answer.cookie == null
          || answer.cookie.equals(form.cookie)) {
        wrong(Kind.LOGIN, answer, "expected 303 to /dashboard and a new session id");
        return;
      }
      loggedIn = answer.cookie;
      loggedInToken = null;
      viewsLeft = DASHBOARD_VIEWS_PER_LOGIN;
    }

    private void dashboard() {
      Response page = send(Kind.DASHBOARD, get("dashboard", loggedIn));
      if (page == null) {
        return;
      }
      Optional<String> token = token(page.body);
      if (page.status != 200 || !page.body.contains(username) || token.isEmpty()) {
        wrong(Kind.DASHBOARD, page, "expected 200 naming " + username);
        loggedIn = null;
        return;
      }
      loggedInToken = token.get();
    }

    private void logOut() {
      String cookie = loggedIn;
      loggedIn = null;
      if (loggedInToken == null) {
        return; // no dashboard view brought a token; the next step logs in again
      }
      Response answer = send(Kind.LOGOUT, post("logout", cookie, "csrf_token", loggedInToken));
      if (answer == null) {
        return;
      }
      if (answer.status != 303 || !answer.location.endsWith("/login") || !answer.clearsCookie) {
        wrong(Kind.LOGOUT, answer, "expected 303 to /login clearing the cookie");
        return;
      }
      // The old cookie still verifies, but its session is gone: it must not log anyone in.
      Response replay = send(Kind.REPLAY_AFTER_LOGOUT, get("dashboard", cookie));
      if (replay != null && !(replay.status == 303 && replay.location.contains("/login"))) {
        wrong(Kind.REPLAY_AFTER_LOGOUT, replay, "expected 303 to /login");
      }
    }
  }

  /** A visitor that keeps its cookie. */
  private static final class Returning {
    final String cookie;
    final String token;
    int visits;

    Returning(String cookie, String token, int visits) {
      this.cookie = cookie;
      this.token = token;
      this.visits = visits;
    }
  }

  /** A first visit; the visitor it made when everything was as expected. */
  private Optional<Returning> newVisitor() {
    Response page = send(Kind.NEW_VISITOR, get("session", null));
    if (page == null) {
      return Optional.empty();
    }
    Optional<String> token = token(page.body);
    if (page.status != 200 || page.cookie == null || token.isEmpty() || !visits(page.body).equals(Optional.of(1))) {
      wrong(Kind.NEW_VISITOR, page, "expected 200, Visits: 1, a csrf_token and a cookie");
      return Optional.empty();
    }
    return Optional.of(new Returning(page.cookie, token.get(), 1));
  }

  private HttpRequest.Builder get(String path, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .header("Accept", "text/html").header("User-Agent", "SatchelSoak/1").GET();
    if (cookie != null) {
      request.header("Cookie", "sessionid=" + cookie);
    }
    return request;
  }

  private HttpRequest.Builder post(String path, String cookie, String... fields) {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&").append(fields[i]).append('=')
          .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .header("Accept", "text/html").header("User-Agent", "SatchelSoak/1")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (cookie != null) {
      request.header("Cookie", "sessionid=" + cookie);
    }
    return request;
  }

  /** What the client saw of one answer. */
  private record Response(int status, String body, String cookie, boolean clearsCookie, String location) {}

  /** Sends and counts one request; null (counted as unexpected) when no answer came at all. */
  private Response send(Kind kind, HttpRequest.Builder request) {
    requests.get(kind).increment();
    HttpResponse<String> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      wrong(kind, null, "no answer: " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    String cookie = null;
    boolean clears = false;
    for (String setCookie : answer.headers().allValues("Set-Cookie")) {
      if (setCookie.startsWith("sessionid=")) {
        String value = setCookie.substring("sessionid=".length(), setCookie.indexOf(';') < 0
            ? setCookie.length() : setCookie.indexOf(';'));
        clears = setCookie.contains("Max-Age=0");
        cookie = clears || value.isEmpty() ? null : value;
      }
    }
    return new Response(answer.statusCode(), answer.body(), cookie, clears,
        answer.headers().firstValue("Location").orElse(""));
  }

  private void wrong(Kind kind, Response response, String expected) {
    unexpected.get(kind).increment();
    synchronized (samples) {
      if (samples.size() < MAX_SAMPLES) {
        String got = response == null ? "" : "; got " + response.status + " Location=" + response.location
            + " cookie=" + (response.cookie != null) + " body=" + abbreviate(response.body);
        // The wall-clock time lets a failure be matched with the server's log and the probes' full GCs.
        samples.add(new Unexpected(kind, LocalTime.now() + " " + expected + got));
      }
    }
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
  }

  private static Optional<String> token(String body) {
    Matcher m = CSRF.matcher(body);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<Integer> visits(String body) {
    Matcher m = VISITS.matcher(body);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }
}
