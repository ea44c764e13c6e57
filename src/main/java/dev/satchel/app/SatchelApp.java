package dev.satchel.app;

import dev.satchel.config.AuthDatabase;
import dev.satchel.config.Settings;
import dev.satchel.config.StoreFactory;
import dev.satchel.servlet.CookieSettings;
import dev.satchel.servlet.SessionFilter;
import dev.satchel.servlet.SessionListeners;
import dev.satchel.servlet.SessionPolicy;
import dev.satchel.session.SessionReaper;
import dev.satchel.session.SessionStore;
import dev.satchel.signing.SecretFile;
import dev.satchel.signing.Signer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionTrackingMode;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Satchel's filter and the demo servlets into a servlet context; shared by the war and the jar. */
public final class SatchelApp {
  private static final Logger log = LoggerFactory.getLogger(SatchelApp.class);

  /** The signing purpose of session cookies: a signature made for anything else never verifies here. */
  static final String COOKIE_PURPOSE = "satchel.session-cookie";

  static final String FILTER_NAME = "satchel-session";

  private SatchelApp() {}

  /**
   * Opens the configured store, registers the session filter on every request and the demo servlets.
   * Must be called while the context is initializing (from a ServletContainerInitializer or a listener
   * declared in web.xml). The returned handle closes the users database and the store; call it when the context is destroyed.
   */
  public static AutoCloseable install(ServletContext context, Settings settings) {
    Clock clock = Clock.systemUTC();
    String secret = settings.secret().orElseGet(() -> SecretFile.loadOrCreate(settings.dataDir()));
    Signer signer = new Signer(secret, settings.secretFallbacks(), COOKIE_PURPOSE);
    SessionStore store = StoreFactory.open(settings, clock);
    SessionReaper reaper = null;
    AuthDatabase users = null;
    try {
      useCookieTrackingOnly(context);
      SessionListeners listeners = Lifecycle.listeners(context, settings);
      var filter = new SessionFilter(store, signer, cookieSettings(settings), sessionPolicy(settings), clock)
          .withListeners(listeners)
          .withIdHeader(settings.idHeader().orElse(null));
      FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, filter);
      if (registration == null) {
        // addFilter answers null when a web.xml already declares the name; two session filters would fight.
        throw new IllegalStateException(
            "A filter named " + FILTER_NAME + " is already declared; SatchelApp.install registers it itself");
      }
      // ERROR and ASYNC too: the container hands an error page or an async dispatch its own request, not the
      // one the filter wrapped, and only the filter can give it back the same session. A forward or include
      // carries the wrapped request already, so it needs no mapping. isMatchAfter=false puts Satchel ahead
      // of any filter a web.xml declares, so those filters see Satchel's HttpSession too.
      registration.addMappingForUrlPatterns(
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC), false, "/*");
      // The filter saves an async request's session when it completes; without this flag an async servlet
      // behind it could not even start.
      registration.setAsyncSupported(true);

      Templates templates = new Templates();
      addServlet(context, "satchel-index", new IndexServlet(templates), "");
      addServlet(context, "satchel-session-demo", new SessionDemoServlet(templates), "/session");
      addServlet(context, "satchel-health", new HealthServlet(store), "/healthz");
      users = AuthPages.install(settings, secret, store, clock, templates, (pattern, servlet) ->
          addServlet(context, "satchel-" + pattern.replaceAll("[^a-z]", ""), servlet, pattern));
      reaper = Lifecycle.startReaper(store, clock, settings, listeners, context);
    } catch (RuntimeException e) {
      if (reaper != null) {
        reaper.close();
      }
      if (users != null) {
        users.close();
      }
      store.close();
      throw e;
    }
    log.info("Satchel installed at '{}' (store: {})", context.getContextPath(), store.name());
    Lifecycle.logProfile(settings, store);
    SessionReaper started = reaper;
    AuthDatabase opened = users;
    return () -> {
      // The reaper first: it must not run against a closed store.
      if (started != null) {
        started.close();
      }
      opened.close();
      store.close();
    };
  }

  static CookieSettings cookieSettings(Settings settings) {
    CookieSettings.Secure secure =
        settings.cookieSecure()
            .map(always -> always ? CookieSettings.Secure.ALWAYS : CookieSettings.Secure.NEVER)
            .orElse(CookieSettings.Secure.AUTO);
    return new CookieSettings(
        settings.cookieName(),
        secure,
        settings.cookieHttpOnly(),
        settings.cookieSameSite(),
        settings.cookieDomain(),
        settings.cookiePath(),
        settings.expireAtBrowserClose());
  }

  static SessionPolicy sessionPolicy(Settings settings) {
    return new SessionPolicy(
        settings.idleTimeoutSeconds(), settings.absoluteTimeoutSeconds(), settings.saveEveryRequest());
  }

  /**
   * Satchel replaces the container's sessions, but a container may still hold its own for code that reaches
   * the raw request; cookie-only tracking at least keeps {@code ;jsessionid=} out of every rewritten URL.
   */
  private static void useCookieTrackingOnly(ServletContext context) {
    try {
      context.setSessionTrackingModes(Set.of(SessionTrackingMode.COOKIE));
    } catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
      log.debug("Container keeps its own session tracking modes: {}", e.toString());
    }
  }

  private static void addServlet(ServletContext context, String name, Servlet servlet, String pattern) {
    ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
    if (registration == null) {
      // addServlet answers null when a servlet of that name is already declared (by a web.xml).
      log.warn("Servlet {} is already declared; Satchel's is not registered", name);
      return;
    }
    Set<String> conflicts = registration.addMapping(pattern);
    if (!conflicts.isEmpty()) {
      log.warn("Path {} is already mapped; {} is not reachable there", conflicts, name);
    }
  }
}
