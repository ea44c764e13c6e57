package dev.satchel.servlet;

import jakarta.servlet.http.HttpSession;
import java.util.function.UnaryOperator;

/**
 * The {@link HttpSession} Satchel hands out, with one addition: an atomic update of one attribute.
 *
 * <p>{@code setAttribute} is last-writer-wins when two requests of one session write the same attribute
 * at once. Where that is wrong — a counter, a balance, a list two tabs append to — use {@link #update}:
 * <pre>{@code
 * int visits = (Integer) ((SatchelSession) request.getSession())
 *     .update("visits", v -> v == null ? 1 : (Integer) v + 1);
 * }</pre>
 */
public interface SatchelSession extends HttpSession {

  /**
   * Replaces attribute {@code name} with {@code fn} applied to its current stored value (null when
   * absent), atomically against every other request of this session, and returns the new value. The
   * result must be a JSON type or null (which removes the attribute). {@code fn} may run more than once,
   * so it must not have side effects.
   */
  Object update(String name, UnaryOperator<Object> fn);
}
