package dev.satchel.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session listeners Satchel tells about session events: {@link HttpSessionListener}, {@link
 * HttpSessionAttributeListener} and {@link HttpSessionIdListener}. Thread-safe; a listener added after the
 * filter started is told about later events.
 *
 * <p>Why a registry of our own: the Servlet API has no portable way to list the listeners a container
 * holds, and the container's own session machinery never runs under Satchel, so a listener registered
 * with {@code ServletContext.addListener} would never hear anything. Register it here instead — {@code
 * SessionListeners.add(context, listener)}, or name its class in the {@code session.listeners} setting.
 */
public final class SessionListeners {
  /** The context attribute under which a context's registry lives. */
  public static final String ATTRIBUTE = SessionListeners.class.getName();

  private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

  /** An empty registry. */
  public SessionListeners() {}

  /** The registry of {@code context}, created on first use; the one {@code SatchelApp.install} wires. */
  public static SessionListeners of(ServletContext context) {
    synchronized (SessionListeners.class) {
      Object existing = context.getAttribute(ATTRIBUTE);
      if (existing instanceof SessionListeners registry) {
        return registry;
      }
      SessionListeners created = new SessionListeners();
      context.setAttribute(ATTRIBUTE, created);
      return created;
    }
  }

  /** Adds {@code listener} to the registry of {@code context}. */
  public static void add(ServletContext context, EventListener listener) {
    of(context).add(listener);
  }

  /**
   * Adds a listener, which must implement at least one of the three session listener interfaces.
   *
   * @throws IllegalArgumentException naming the class when it implements none of them
   */
  public SessionListeners add(EventListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!(listener instanceof HttpSessionListener
        || listener instanceof HttpSessionAttributeListener
        || listener instanceof HttpSessionIdListener)) {
      throw new IllegalArgumentException(
          listener.getClass().getName()
              + " is not an HttpSessionListener, HttpSessionAttributeListener or HttpSessionIdListener");
    }
    listeners.add(listener);
    return this;
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** A snapshot, in registration order. */
  List<EventListener> all() {
    return List.copyOf(listeners);
  }
}
