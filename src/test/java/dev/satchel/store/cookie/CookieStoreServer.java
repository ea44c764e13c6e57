package dev.satchel.store.cookie;

import dev.satchel.servlet.CookieSettings;
import dev.satchel.servlet.SatchelSession;
import dev.satchel.servlet.SessionFilter;
import dev.satchel.servlet.SessionPolicy;
import dev.satchel.session.SessionStore;
import dev.satchel.signing.Signer;
import dev.satchel.testing.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One node: a real Jetty on a free port with the session filter over a cookie store, serving a few pages
 * that use the session the way the demo app does, and a client that sends a literal Cookie header.
 */
final class CookieStoreServer implements AutoCloseable {
  static final String SECRET = CookieSessionStoreTest.SECRET;

  private final Server server = new Server();
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  CookieStoreServer(SessionStore store, SessionPolicy policy, MutableClock clock) throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    Signer signer = new Signer(SECRET, List.of(), "satchel.session-cookie");
    context.addFilter(new FilterHolder(new SessionFilter(store, signer, CookieSettings.defaults(), policy, clock)),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    route(context, "/session", (req, res) -> {
      SatchelSession session = (SatchelSession) req.getSession();
      if (session.getAttribute("name") == null) {
        session.setAttribute("name", "John");
      }
      Object visits = session.update("visits", v -> v == null ? 1 : ((Number) v).intValue() + 1);
      Object user = session.getAttribute(SessionStore.USER_ATTRIBUTE);
      res.getWriter().print("Name: " + session.getAttribute("name") + "\nVisits: " + visits + "\nUser: " + user);
    });
    route(context, "/requested", (req, res) ->
        res.getWriter().print(req.getRequestedSessionId() + " valid=" + req.isRequestedSessionIdValid()));
    route(context, "/login", (req, res) -> {
      req.getSession().setAttribute(SessionStore.USER_ATTRIBUTE, req.getParameter("user"));
      req.changeSessionId();
      res.getWriter().print("logged in");
    });
    route(context, "/logout", (req, res) -> {
      HttpSession session = req.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      res.getWriter().print("logged out");
    });
    route(context, "/signout-others", (req, res) -> {
      store.deleteByUser((String) req.getSession().getAttribute(SessionStore.USER_ATTRIBUTE));
      req.changeSessionId(); // writes this session's cookie after the revocation, so it survives
      res.getWriter().print("signed out elsewhere");
    });
    route(context, "/avatar", (req, res) -> {
      byte[] noise = new byte[Integer.parseInt(req.getParameter("bytes"))];
      new SecureRandom().nextBytes(noise); // incompressible, like an image
      req.getSession().setAttribute("avatar", Base64.getEncoder().encodeToString(noise));
      res.getWriter().print("stored");
      if (req.getParameter("flush") != null) {
        res.flushBuffer(); // commits here, so the cookie must be written (or refused) now
      }
    });
    server.setHandler(context);
    server.start();
  }

  private interface Page {
    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  private static void route(ServletContextHandler context, String path, Page page) {
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/plain;charset=utf-8");
        page.serve(req, res);
      }
    }), path);
  }

  /** GET with a literal {@code Cookie} header, or none when {@code cookie} is null. */
  HttpResponse<String> get(String pathAndQuery, String cookie) throws Exception {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The full {@code Set-Cookie} header of the session cookie, or null. */
  static String setCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sessionid=")).findFirst().orElse(null);
  }

  /** The {@code sessionid=value} pair a browser would send back. */
  static String cookiePair(HttpResponse<?> response) {
    String header = setCookie(response);
    if (header == null) {
      throw new AssertionError("no session cookie in " + response.headers().map());
    }
    return header.substring(0, header.indexOf(';'));
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
