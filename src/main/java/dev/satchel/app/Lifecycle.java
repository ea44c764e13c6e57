package dev.satchel.app;

import dev.satchel.config.Settings;
import dev.satchel.config.SettingsException;
import dev.satchel.servlet.SessionEvents;
import dev.satchel.servlet.SessionListeners;
import dev.satchel.session.SessionReaper;
import dev.satchel.session.SessionStore;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Duration;
import java.util.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts of {@link SatchelApp#install} that shape a session's life: listeners, the reaper, the profile log. */
final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private Lifecycle() {}

  /**
   * The context's listener registry ({@link SessionListeners#of}), plus one instance of every class named
   * in {@code session.listeners}. A class that cannot be made stops start-up with one line naming it.
   */
  static SessionListeners listeners(ServletContext context, Settings settings) {
    SessionListeners listeners = SessionListeners.of(context);
    for (String className : settings.sessionListeners()) {
      Object instance = instantiate(className);
      try {
        listeners.add((EventListener) instance);
      } catch (ClassCastException | IllegalArgumentException e) {
        throw new SettingsException("session.listeners: '" + className + "' is not a session listener"
            + " (HttpSessionListener, HttpSessionAttributeListener or HttpSessionIdListener)");
      }
    }
    return listeners;
  }

  private static Object instantiate(String className) {
    try {
      Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new SettingsException("session.listeners: '" + className + "' cannot be created: a public class"
          + " with a public no-argument constructor is needed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Starts the expired-session reaper unless {@code session.cleanup-interval} is 0. */
  static SessionReaper startReaper(
      SessionStore store, Clock clock, Settings settings, SessionListeners listeners, ServletContext context) {
    int seconds = settings.cleanupIntervalSeconds();
    if (seconds == 0) {
      log.info("Expired sessions are not cleaned up in the background (session.cleanup-interval=0)");
      return null;
    }
    return SessionReaper.start(
        store, clock, Duration.ofSeconds(seconds), SessionEvents.expiryReporter(listeners, context));
  }

  /** One line an operator can read at start: where sessions live, how the cookie looks, when they end. */
  static void logProfile(Settings settings, SessionStore store) {
    log.info(
        "Sessions: store {}, cookie {} (secure {}, SameSite {}, HttpOnly {}{}), idle {} s, absolute {},"
            + " cleanup {}{}{}",
        store.name(),
        settings.cookieName(),
        settings.cookieSecure().map(String::valueOf).orElse("auto"),
        settings.cookieSameSite(),
        settings.cookieHttpOnly(),
        settings.expireAtBrowserClose() ? ", until browser close" : "",
        settings.idleTimeoutSeconds(),
        settings.absoluteTimeoutSeconds() == 0 ? "none" : settings.absoluteTimeoutSeconds() + " s",
        settings.cleanupIntervalSeconds() == 0 ? "off" : "every " + settings.cleanupIntervalSeconds() + " s",
        settings.saveEveryRequest() ? ", saved on every request" : "",
        settings.idHeader().map(h -> ", id header " + h).orElse(""));
  }
}
