package dev.satchel.app;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders the demo's jte templates (src/main/jte, compiled to Java at build time) into servlet responses as
 * UTF-8 HTML. Template parameters are escaped for HTML by jte itself.
 */
final class Templates {
  private static final String PACKAGE = "dev.satchel.app.templates";

  // The pages use one stylesheet from this app and no script, so the policy can forbid everything else.
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, Templates.class.getClassLoader(), PACKAGE);

  /** Renders {@code template} (for example {@code "session.jte"}) as the whole body of {@code response}. */
  void render(HttpServletResponse response, String template, Map<String, Object> params) throws IOException {
    // Rendered to a string first: a template failure then becomes a clean error page, not half a page.
    StringOutput output = new StringOutput();
    engine.render(template, params, output);
    byte[] body = output.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
