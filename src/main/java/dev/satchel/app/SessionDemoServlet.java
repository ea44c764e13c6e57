package dev.satchel.app;

import dev.satchel.auth.CsrfTokens;
import dev.satchel.servlet.SatchelSession;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The session demo at {@code /session}: counts visits and keeps a name, through nothing but the standard
 * {@link HttpSession} API. GET shows the page (or JSON for {@code Accept: application/json}); POST changes
 * or forgets the name and redirects back (Post/Redirect/Get); a POST without the session's CSRF token is 403.
 */
final class SessionDemoServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final String NAME = "name";
  static final String VISITS = "visits";
  static final String DEFAULT_NAME = "John";
  /** Longer names are cut: a session attribute should stay small, and the cookie store carries all of it. */
  static final int MAX_NAME_LENGTH = 100;

  private final transient Templates templates;

  SessionDemoServlet(Templates templates) {
    this.templates = templates;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpSession session = request.getSession();
    if (session.getAttribute(NAME) == null && session.getAttribute(VISITS) == null) {
      session.setAttribute(NAME, DEFAULT_NAME);
    }
    int visits = countVisit(session);
    String name = session.getAttribute(NAME) instanceof String s ? s : null;

    response.setHeader("Cache-Control", "no-store");
    // The same URL answers HTML or JSON, so caches must key on Accept as well.
    response.addHeader("Vary", "Accept");
    if (wantsJson(request)) {
      byte[] body = Json.object(name, visits).getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      return;
    }
    Map<String, Object> params = new HashMap<>();
    params.put("base", request.getContextPath());
    params.put("name", name);
    params.put("visits", visits);
    params.put("csrf", CsrfTokens.tokenFor(request));
    templates.render(response, "session.jte", params);
  }

  /** Adds this request to the session's visits and returns the new count. */
  static int countVisit(HttpSession session) {
    // A stored number may come back as any Number (the codec picks the smallest fitting type).
    UnaryOperator<Object> plusOne = count -> count instanceof Number n ? n.intValue() + 1 : 1;
    if (session instanceof SatchelSession satchel) {
      // Atomic in the store: two tabs loading the page at once count two visits, not one.
      return ((Number) satchel.update(VISITS, plusOne)).intValue();
    }
    int visits = (Integer) plusOne.apply(session.getAttribute(VISITS));
    session.setAttribute(VISITS, visits);
    return visits;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!CsrfTokens.isValid(request)) {
      Pages.badToken(templates, request, response);
      return;
    }
    HttpSession session = request.getSession();
    if ("forget".equals(request.getParameter("action"))) {
      session.removeAttribute(NAME);
    } else {
      String name = cleanName(request.getParameter(NAME));
      if (!name.isEmpty()) {
        session.setAttribute(NAME, name);
      }
    }
    // 303 so the browser follows with a GET, and reloading the page never posts the form again.
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", request.getContextPath() + "/session");
    response.setHeader("Cache-Control", "no-store");
  }

  /** The name as given, trimmed, without control characters, at most {@link #MAX_NAME_LENGTH} code points. */
  static String cleanName(String raw) {
    if (raw == null) {
      return "";
    }
    StringBuilder clean = new StringBuilder();
    raw.strip()
        .codePoints()
        .filter(c -> !Character.isISOControl(c))
        .limit(MAX_NAME_LENGTH)
        .forEach(clean::appendCodePoint);
    return clean.toString().strip();
  }

  private static boolean wantsJson(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  /** Just enough JSON for the demo's one object; strings are escaped per RFC 8259. */
  static final class Json {
    private Json() {}

    static String object(String name, int visits) {
      return "{\"name\":" + (name == null ? "null" : string(name)) + ",\"visits\":" + visits + "}";
    }

    static String string(String value) {
      StringBuilder out = new StringBuilder(value.length() + 2).append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            // Also escape < > & and the JS line separators, so the text is safe even if pasted into a page.
            if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"').toString();
    }
  }
}
