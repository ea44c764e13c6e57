package dev.satchel.app;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** What the login-aware pages share: no caching, redirects with 303, the 403 page for a bad CSRF token. */
final class Pages {
  private Pages() {}

  /** Pages that depend on the login must never be kept by a browser or proxy cache. */
  static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
  }

  /** 303 to {@code path} inside the app: the browser follows with a GET, so a reload never re-posts. */
  static void seeOther(HttpServletRequest request, HttpServletResponse response, String path) {
    noStore(response);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", request.getContextPath() + path);
  }

  /** 403 for a form whose CSRF token is missing or wrong; nothing was changed. */
  static void badToken(Templates templates, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    noStore(response);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    templates.render(response, "message.jte", Map.of(
        "base", request.getContextPath(),
        "title", "Form expired",
        "message", "This form expired or did not come from this site, so nothing was changed."
            + " Go back, reload the page and try again."));
  }
}
