package dev.satchel.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Serves the app's few static files under {@code /static/}, from the classpath; anything else is 404. */
final class StaticServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final Map<String, String> FILES = Map.of("/satchel.css", "text/css;charset=UTF-8");

  private final transient Map<String, byte[]> contents;

  StaticServlet() {
    this.contents = FILES.keySet().stream()
        .collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name, StaticServlet::read));
  }

  private static byte[] read(String name) {
    try (InputStream in = StaticServlet.class.getResourceAsStream("static" + name)) {
      if (in == null) {
        throw new IllegalStateException("static file missing from the build: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String name = request.getPathInfo();
    byte[] body = name == null ? null : contents.get(name);
    if (body == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setContentType(FILES.get(name));
    response.setHeader("X-Content-Type-Options", "nosniff");
    // Short: the file changes with the build, and its URL does not.
    response.setHeader("Cache-Control", "public, max-age=300");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
