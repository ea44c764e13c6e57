package dev.satchel.app;

import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check at {@code /healthz}: 200 {@code ok} when the session store answers, 503 {@code store
 * unavailable} when it does not. Never touches the session, so a probe creates nothing and gets no cookie.
 */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(HealthServlet.class);

  private final transient SessionStore store;
  // Probes run every few seconds: log when health changes, not on every failed probe.
  private final AtomicBoolean healthy = new AtomicBoolean(true);

  HealthServlet(SessionStore store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int status;
    String body;
    try {
      store.ping();
      status = HttpServletResponse.SC_OK;
      body = "ok";
      if (healthy.compareAndSet(false, true)) {
        log.info("Session store {} answers again", store.name());
      }
    } catch (StoreUnavailableException e) {
      status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
      body = "store unavailable";
      if (healthy.compareAndSet(true, false)) {
        log.warn("Health check failed: {}", e.getMessage());
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
