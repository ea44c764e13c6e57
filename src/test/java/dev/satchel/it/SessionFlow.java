package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Walks the contract's {@code /session} flow against a running Satchel the way a browser would, and checks
 * what a user and the cookie jar see. Shared by the war and jar integration tests, so it names no container.
 */
final class SessionFlow {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;

  /** A fresh browser (empty cookie jar) for the Satchel served at {@code base}, e.g. {@code http://localhost:8080/}. */
  SessionFlow(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
  }

  /**
   * First visit: {@code Name: John}, {@code Visits: 1} and a {@code sessionid} cookie that is HttpOnly,
   * SameSite=Lax and Path=/; second visit: {@code Visits: 2}; {@code /healthz} answers 200; and no response
   * ever sets the container's own {@code JSESSIONID}.
   */
  void run() throws IOException, InterruptedException {
    HttpResponse<String> first = get("session");
    assertEquals(200, first.statusCode(), () -> "first GET /session: " + first.body());
    String firstText = visibleText(first.body());
    assertTrue(firstText.contains("Name: John"), () -> "first visit should show Name: John, page: " + firstText);
    assertVisits(1, firstText);
    String cookie = sessionCookie(first);
    List<String> attributes = attributesOf(cookie);
    assertTrue(attributes.contains("httponly"), () -> "sessionid cookie should be HttpOnly: " + cookie);
    assertTrue(attributes.contains("samesite=lax"), () -> "sessionid cookie should be SameSite=Lax: " + cookie);
    assertTrue(attributes.contains("path=/"), () -> "sessionid cookie should have Path=/: " + cookie);

    HttpResponse<String> second = get("session");
    assertEquals(200, second.statusCode(), () -> "second GET /session: " + second.body());
    assertVisits(2, visibleText(second.body()));

    HttpResponse<String> health = get("healthz");
    assertEquals(200, health.statusCode(), () -> "GET /healthz: " + health.body());

    assertTrue(
        cookies.getCookieStore().getCookies().stream().anyMatch(c -> c.getName().equals("sessionid")),
        () -> "the browser should hold a sessionid cookie: " + cookies.getCookieStore().getCookies());
    assertFalse(
        cookies.getCookieStore().getCookies().stream().anyMatch(c -> c.getName().equalsIgnoreCase("JSESSIONID")),
        () -> "the container's own session must never be created: " + cookies.getCookieStore().getCookies());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    for (String setCookie : response.headers().allValues("Set-Cookie")) {
      assertFalse(
          setCookie.toUpperCase(Locale.ROOT).startsWith("JSESSIONID="),
          () -> "GET /" + path + " set the container's session cookie: " + setCookie);
    }
    return response;
  }

  private static String sessionCookie(HttpResponse<String> response) {
    List<String> sessionCookies =
        response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sessionid=")).toList();
    assertEquals(
        1, sessionCookies.size(), () -> "first visit should set one sessionid cookie: " + response.headers().map());
    return sessionCookies.get(0);
  }

  /** The cookie's attributes, lower-cased, without the name=value pair. */
  private static List<String> attributesOf(String setCookie) {
    return Arrays.stream(setCookie.split(";"))
        .skip(1)
        .map(a -> a.strip().toLowerCase(Locale.ROOT))
        .toList();
  }

  private static void assertVisits(int expected, String text) {
    // "Visits: 1" must not be satisfied by "Visits: 12".
    assertTrue(
        Pattern.compile("Visits: " + expected + "(?!\\d)").matcher(text).find(),
        () -> "page should show Visits: " + expected + ", page: " + text);
  }

  /** The page as a user reads it: tags dropped, whitespace collapsed. */
  private static String visibleText(String html) {
    return SPACE.matcher(TAG.matcher(html).replaceAll(" ")).replaceAll(" ").strip();
  }
}
