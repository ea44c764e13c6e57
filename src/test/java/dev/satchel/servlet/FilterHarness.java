package dev.satchel.servlet;

import dev.satchel.session.SessionStore;
import dev.satchel.signing.Signer;
import dev.satchel.testing.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty on a free port with {@link SessionFilter} in front of servlets that tests write as lambdas,
 * and a client that sends a literal Cookie header, so tests see exactly what a browser would.
 */
final class FilterHarness implements AutoCloseable {
  static final String SECRET = "test-secret-0123456789-0123456789-abcdef";

  /** A servlet body a test supplies. */
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  final SessionStore store;
  final Signer signer;
  final MutableClock clock;
  private final Server server;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private FilterHarness(Builder b) throws Exception {
    this(b.store, b.signer, b.cookies, b.policy, b.clock, b.routes, b.listeners, b.idHeader, b.errorPages);
  }

  private FilterHarness(
      SessionStore store, Signer signer, CookieSettings cookies, SessionPolicy policy, MutableClock clock,
      Map<String, Handler> routes, SessionListeners listeners, String idHeader, Map<Object, String> errorPages)
      throws Exception {
    this.store = store;
    this.signer = signer;
    this.clock = clock;
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter = new FilterHolder(
        new SessionFilter(store, signer, cookies, policy, clock).withListeners(listeners).withIdHeader(idHeader));
    filter.setAsyncSupported(true);
    // Every dispatch type, a superset of what SatchelApp maps (a web.xml may map FORWARD and INCLUDE too).
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    routes.forEach(
        (path, handler) -> {
          ServletHolder servlet = new ServletHolder(
              new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                  handler.handle(req, res);
                }
              });
          servlet.setAsyncSupported(true);
          context.addServlet(servlet, path);
        });
    if (!errorPages.isEmpty()) {
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      errorPages.forEach((key, page) -> {
        if (key instanceof Integer status) {
          errors.addErrorPage(status, page);
        } else {
          errors.addErrorPage(((Class<?>) key).asSubclass(Throwable.class), page);
        }
      });
      context.setErrorHandler(errors);
    }
    server.setHandler(context);
    server.start();
  }

  static Builder builder(SessionStore store, MutableClock clock) {
    return new Builder(store, clock);
  }

  static final class Builder {
    private final SessionStore store;
    private final MutableClock clock;
    private Signer signer = new Signer(SECRET, List.of(), "satchel.session-cookie");
    private CookieSettings cookies = CookieSettings.defaults();
    private SessionPolicy policy = SessionPolicy.defaults();
    private final Map<String, Handler> routes = new LinkedHashMap<>();
    private SessionListeners listeners = new SessionListeners();
    private String idHeader;
    private final Map<Object, String> errorPages = new LinkedHashMap<>();

    private Builder(SessionStore store, MutableClock clock) {
      this.store = store;
      this.clock = clock;
    }

    Builder signer(Signer value) {
      signer = value;
      return this;
    }

    Builder cookies(CookieSettings value) {
      cookies = value;
      return this;
    }

    Builder policy(SessionPolicy value) {
      policy = value;
      return this;
    }

    Builder listeners(SessionListeners value) {
      listeners = value;
      return this;
    }

    Builder idHeader(String value) {
      idHeader = value;
      return this;
    }

    Builder route(String path, Handler handler) {
      routes.put(path, handler);
      return this;
    }

    /** The container dispatches to {@code path} (a route) when a servlet sends {@code status} as an error. */
    Builder errorPage(int status, String path) {
      errorPages.put(status, path);
      return this;
    }

    /** The container dispatches to {@code path} when a servlet throws {@code type}. */
    Builder errorPage(Class<? extends Throwable> type, String path) {
      errorPages.put(type, path);
      return this;
    }

    FilterHarness start() throws Exception {
      return new FilterHarness(this);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
  }

  /** GET with the given request headers, name then value. */
  HttpResponse<String> getWithHeaders(String path, String... nameValues) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (nameValues.length > 0) {
      request.headers(nameValues);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET with a literal Cookie header (or none when {@code cookieHeader} is null). */
  HttpResponse<String> get(String path, String cookieHeader) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (cookieHeader != null) {
      request.header("Cookie", cookieHeader);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The session cookie's {@code name=value} pair from a response, or null when none was set. */
  static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sessionid="))
        .map(h -> h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';')))
        .findFirst()
        .orElse(null);
  }

  /** The full Set-Cookie header of the session cookie, or null. */
  static String sessionSetCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sessionid="))
        .findFirst()
        .orElse(null);
  }

  /** The session id inside a {@code sessionid=<id>.<sig>} pair. */
  static String idOf(String cookiePair) {
    String value = cookiePair.substring(cookiePair.indexOf('=') + 1);
    return value.substring(0, value.lastIndexOf('.'));
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
