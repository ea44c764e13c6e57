package dev.satchel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Talks to a test server like a browser: keeps its own cookie jar, never follows redirects (tests assert on
 * them), sends forms URL-encoded. {@link #raw} sends a literal Cookie header and bypasses the jar.
 */
public final class Browser {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Function<String, URI> resolver;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;
  private final HttpClient rawClient;

  Browser(Function<String, URI> resolver) {
    this.resolver = resolver;
    this.client = builder().cookieHandler(cookies).build();
    this.rawClient = builder().build();
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT);
  }

  /** One response: status, headers and the body as UTF-8 text. */
  public record Page(int status, HttpHeaders headers, String body) {

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** Every Set-Cookie header, verbatim. */
    public List<String> setCookies() {
      return headers.allValues("Set-Cookie");
    }

    /** The Set-Cookie header for {@code name}, verbatim; empty when the response sets no such cookie. */
    public Optional<String> setCookie(String name) {
      return setCookies().stream().filter(header -> header.startsWith(name + "=")).findFirst();
    }

    /** The value a Set-Cookie header for {@code name} carries. */
    public Optional<String> setCookieValue(String name) {
      return setCookie(name).map(header -> header.substring(name.length() + 1).split(";", 2)[0]);
    }
  }

  public Page get(String path) {
    return get(path, Map.of());
  }

  public Page get(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(resolver.apply(path)).timeout(TIMEOUT).GET();
    headers.forEach(request::header);
    return send(client, request.build());
  }

  /** Posts {@code form} as {@code application/x-www-form-urlencoded}, as an HTML form would. */
  public Page postForm(String path, Map<String, String> form) {
    return postForm(path, form, Map.of());
  }

  /** As {@link #postForm(String, Map)}, with more request headers (a {@code User-Agent}, say). */
  public Page postForm(String path, Map<String, String> form, Map<String, String> headers) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolver.apply(path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return send(client, request.build());
  }

  /** Posts {@code form} with exactly {@code cookieHeader} as its Cookie header, without this browser's jar. */
  public Page rawPost(String path, String cookieHeader, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolver.apply(path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (cookieHeader != null) {
      request.header("Cookie", cookieHeader);
    }
    return send(rawClient, request.build());
  }

  /** The value of the cookie {@code name} this browser holds and would send; empty when it holds none. */
  public Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(name) && !cookie.hasExpired())
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /**
   * A GET carrying exactly {@code cookieHeader} as its Cookie header (or none when null), without this
   * browser's jar: for forged, malformed and duplicated cookies a real browser would never send.
   */
  public Page raw(String path, String cookieHeader) {
    return raw(path, cookieHeader, Map.of());
  }

  public Page raw(String path, String cookieHeader, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(resolver.apply(path)).timeout(TIMEOUT).GET();
    if (cookieHeader != null) {
      request.header("Cookie", cookieHeader);
    }
    headers.forEach(request::header);
    return send(rawClient, request.build());
  }

  private static Page send(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Page(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
