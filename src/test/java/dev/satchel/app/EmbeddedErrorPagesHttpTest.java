package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.satchel.config.Settings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that installs Satchel next to error pages of its own: its "not found" page can say who is
 * logged in. The container hands an error page its own request rather than the wrapper Satchel gave the
 * servlet, so this holds only because {@link SatchelApp#install} maps the filter to ERROR dispatches too.
 */
class EmbeddedErrorPagesHttpTest {

  @Test
  void theApplicationsNotFoundPageAndAsyncDispatchesSeeTheLoggedInUser(@TempDir Path dataDir) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
    Settings settings = Settings.of(Map.of("data.dir", dataDir.toString(), "session.store", "memory"));
    AutoCloseable[] satchel = new AutoCloseable[1];
    context.addServletContainerInitializer((classes, servletContext) -> {
      satchel[0] = SatchelApp.install(servletContext, settings);
      servletContext.addServlet("sign-in", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          request.getSession().setAttribute("name", "Alice");
          response.getWriter().write("signed in");
        }
      }).addMapping("/sign-in");
      servletContext.addServlet("welcome-then-missing", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          request.getSession().setAttribute("name", "Bob");
          response.sendError(404);
        }
      }).addMapping("/welcome-then-missing");
      var later = servletContext.addServlet("later", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
          AsyncContext async = request.startAsync();
          CompletableFuture.runAsync(() -> async.dispatch("/later-done"));
        }
      });
      later.setAsyncSupported(true);
      later.addMapping("/later");
      servletContext.addServlet("later-done", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          response.getWriter().write("Later, " + request.getSession().getAttribute("name"));
        }
      }).addMapping("/later-done");
      servletContext.addServlet("not-found", new HttpServlet() {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
          HttpSession session = request.getSession(false);
          response.getWriter().write("Nothing here, " + (session == null ? "stranger" : session.getAttribute("name")));
        }
      }).addMapping("/not-found");
    });
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(404, "/not-found");
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      HttpResponse<String> signIn = client.send(
          HttpRequest.newBuilder(URI.create(base + "/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
      String cookie = signIn.headers().firstValue("Set-Cookie").map(h -> h.substring(0, h.indexOf(';'))).orElse(null);
      assertNotNull(cookie, "signing in sets the session cookie: " + signIn.headers().map());

      HttpResponse<String> missing = client.send(
          HttpRequest.newBuilder(URI.create(base + "/no-such-page")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(404, missing.statusCode(), missing.body());
      assertEquals("Nothing here, Alice", missing.body());

      // A first visit whose own request starts the session and then ends in the 404: the error page sees that
      // new session, not a fresh load by the cookie the request came without.
      HttpResponse<String> firstVisit = client.send(
          HttpRequest.newBuilder(URI.create(base + "/welcome-then-missing")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, firstVisit.statusCode(), firstVisit.body());
      assertEquals("Nothing here, Bob", firstVisit.body());
      assertEquals(1, firstVisit.headers().allValues("Set-Cookie").size(), firstVisit.headers().map().toString());

      // An async servlet's dispatch gets the session too (SatchelApp maps ASYNC as well).
      HttpResponse<String> later = client.send(
          HttpRequest.newBuilder(URI.create(base + "/later")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, later.statusCode(), later.body());
      assertEquals("Later, Alice", later.body());
    } finally {
      server.stop();
      satchel[0].close();
    }
  }
}
