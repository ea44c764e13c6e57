package dev.satchel.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** The front page at {@code /} exactly: links to the demo pages. Never touches the session, so sets no cookie. */
final class IndexServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Templates templates;

  IndexServlet(Templates templates) {
    this.templates = templates;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    templates.render(response, "index.jte", Map.of("base", request.getContextPath()));
  }
}
