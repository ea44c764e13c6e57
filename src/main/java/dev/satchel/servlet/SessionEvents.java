package dev.satchel.servlet;

import dev.satchel.session.SessionData;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registered {@link SessionListeners} what happened to a session. Callers fire only after the
 * store write that made it so has succeeded. A listener that throws is logged and skipped: it never fails
 * the request, nor keeps the other listeners from hearing.
 */
public final class SessionEvents {
  private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

  private final SessionListeners listeners;

  SessionEvents(SessionListeners listeners) {
    this.listeners = listeners;
  }

  /**
   * What the reaper hands each session it removed: a {@code sessionDestroyed} with the session as it was
   * (attributes readable, every change refused).
   */
  public static Consumer<SessionData> expiryReporter(SessionListeners listeners, ServletContext context) {
    SessionEvents events = new SessionEvents(listeners);
    return data -> events.destroyed(new EndedSession(data, context));
  }

  /** True when someone listens; otherwise the filter skips the work that only events need. */
  boolean active() {
    return !listeners.isEmpty();
  }

  void created(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(HttpSessionListener.class, "sessionCreated", l -> l.sessionCreated(event));
  }

  void destroyed(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(HttpSessionListener.class, "sessionDestroyed", l -> l.sessionDestroyed(event));
  }

  void idChanged(HttpSession session, String oldId) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(HttpSessionIdListener.class, "sessionIdChanged", l -> l.sessionIdChanged(event, oldId));
  }

  /**
   * An attribute change: {@code oldValue} null means added, {@code newValue} null means removed, both set
   * means replaced (the event then carries the old value, as the Servlet spec says).
   */
  void attributeChanged(HttpSession session, String name, Object oldValue, Object newValue) {
    if (oldValue == null && newValue == null) {
      return;
    }
    if (oldValue == null) {
      var event = new HttpSessionBindingEvent(session, name, newValue);
      each(HttpSessionAttributeListener.class, "attributeAdded", l -> l.attributeAdded(event));
    } else if (newValue == null) {
      var event = new HttpSessionBindingEvent(session, name, oldValue);
      each(HttpSessionAttributeListener.class, "attributeRemoved", l -> l.attributeRemoved(event));
    } else {
      var event = new HttpSessionBindingEvent(session, name, oldValue);
      each(HttpSessionAttributeListener.class, "attributeReplaced", l -> l.attributeReplaced(event));
    }
  }

  private <L> void each(Class<L> kind, String method, Consumer<L> call) {
    for (EventListener listener : listeners.all()) {
      if (kind.isInstance(listener)) {
        try {
          call.accept(kind.cast(listener));
        } catch (RuntimeException e) {
          log.warn("Session listener {}.{} failed: {}", listener.getClass().getName(), method, e.toString());
        }
      }
    }
  }
}
