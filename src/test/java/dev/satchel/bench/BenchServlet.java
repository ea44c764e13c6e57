package dev.satchel.bench;

import dev.satchel.servlet.SatchelSession;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The one servlet every HTTP benchmark contender runs, so that only the session layer differs between them.
 *
 * <p>Its workload is chosen by the mapping: {@code /b/inc} reads the visit counter and writes it back plus
 * one (get, +1, set), {@code /b/read} only reads it, {@code /b/new} starts a fresh session holding a counter
 * of 1, {@code /b/atomic} increments through {@link SatchelSession#update} (Satchel only). Without sessions
 * (the bare contender) it writes the same small body and touches nothing else.
 */
final class BenchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final String VISITS = "visits";
  private static final UnaryOperator<Object> PLUS_ONE = v -> v instanceof Number n ? n.intValue() + 1 : 1;

  enum Workload {
    INC,
    READ,
    NEW,
    ATOMIC
  }

  private final Workload workload;
  private final boolean sessions;

  BenchServlet(Workload workload, boolean sessions) {
    this.workload = workload;
    this.sessions = sessions;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int visits = sessions ? visit(request) : 1;
    byte[] body = ("visits=" + visits + "\n").getBytes(StandardCharsets.US_ASCII);
    response.setContentType("text/plain");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private int visit(HttpServletRequest request) {
    HttpSession session = request.getSession();
    switch (workload) {
      case INC -> {
        int visits = (Integer) PLUS_ONE.apply(session.getAttribute(VISITS));
        session.setAttribute(VISITS, visits);
        return visits;
      }
      case READ -> {
        return session.getAttribute(VISITS) instanceof Number n ? n.intValue() : 0;
      }
      case NEW -> {
        session.setAttribute(VISITS, 1);
        return 1;
      }
      case ATOMIC -> {
        if (!(session instanceof SatchelSession satchel)) {
          throw new IllegalStateException("/b/atomic needs Satchel's session");
        }
        return ((Number) satchel.update(VISITS, PLUS_ONE)).intValue();
      }
      default -> throw new IllegalStateException(workload.toString());
    }
  }
}
