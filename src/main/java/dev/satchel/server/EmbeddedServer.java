package dev.satchel.server;

import dev.satchel.app.SatchelApp;
import dev.satchel.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded Jetty 12 (ee10) that serves Satchel from the executable jar. */
public final class EmbeddedServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  /** How long a stop waits for in-flight requests; well inside the grace systemd or Kubernetes allow. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Server server;
  private final ServerConnector connector;

  private EmbeddedServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts serving on {@code settings.serverPort()} (0 picks a free port) and returns once ready. */
  public static EmbeddedServer start(Settings settings) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("satchel-http");
    Server server = new Server(threads);
    ServerConnector connector = connector(server, settings.serverPort(), settings.forwardedHeaders());
    server.addConnector(connector);
    // Past the limit Jetty stops accepting: new connections wait in the kernel's backlog until one closes,
    // instead of each taking a descriptor and buffers (a flood of idle connections would exhaust both).
    server.addBean(new NetworkConnectionLimit(settings.serverMaxConnections(), connector));

    AtomicReference<AutoCloseable> app = new AtomicReference<>();
    AtomicReference<RuntimeException> installFailure = new AtomicReference<>();
    ServletContextHandler context = context(settings, app, installFailure);

    // Stopping (close() or SIGTERM through the shutdown hook) first stops taking new connections, lets the
    // in-flight requests finish for up to STOP_TIMEOUT, then stops the handlers; the store closes last.
    server.setHandler(new DrainingHandler(context));
    server.setStopTimeout(STOP_TIMEOUT.toMillis());
    server.setStopAtShutdown(true);
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            closeApp(app);
          }
        });

    Exception startFailure = null;
    try {
      server.start();
    } catch (Exception e) {
      startFailure = e;
    }
    if (startFailure != null || installFailure.get() != null || !context.isAvailable()) {
      // A failed context may leave Jetty running with nothing to serve: stop rather than answer 503s.
      stopQuietly(server);
      closeApp(app);
      // The installer's own exception (a bad setting, an unreachable store) carries the one clear line.
      RuntimeException cause = installFailure.get();
      throw cause != null
          ? cause
          : new IllegalStateException("Satchel could not start: " + startFailure, startFailure);
    }

    EmbeddedServer started = new EmbeddedServer(server, connector);
    String url = "http://localhost:" + started.port() + "/";
    Path dataDir = settings.dataDir().toAbsolutePath();
    log.info("Satchel listening on {} (store: {}, data: {})", url, settings.store(), dataDir);
    // Scripts and tests read the port from this exact line on stdout (logs go to stderr).
    System.out.println("Satchel listening on " + url);
    System.out.flush();
    return started;
  }

  private static ServerConnector connector(Server server, int port, boolean forwardedHeaders) {
    HttpConfiguration http = new HttpConfiguration();
    if (forwardedHeaders) {
      // Behind a TLS-terminating proxy: Forwarded / X-Forwarded-Proto make isSecure() true, so a cookie
      // under session.cookie.secure=auto gets Secure. Only safe when the proxy is the sole way in.
      http.addCustomizer(new ForwardedRequestCustomizer());
    }
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Jetty's 8 KiB default answers 431 to a browser carrying many cookies for localhost or one oversized
    // cookie; 16 KiB lets such a request through, where a cookie that does not verify is simply ignored.
    http.setRequestHeaderSize(16 * 1024);
    // Jetty caches the header lines of earlier requests on a connection and, by default, matches them ignoring
    // case: a Cookie header that differs from the previous one only in case was read as the previous one, so
    // a tampered cookie got the logged-in session (found by the soak; KeepAliveCookieTest).
    http.setHeaderCacheCaseSensitive(true);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    return connector;
  }

  /** The servlet context at "/", into which Satchel installs itself while the context starts. */
  private static ServletContextHandler context(
      Settings settings, AtomicReference<AutoCloseable> app, AtomicReference<RuntimeException> failure) {
    // NO_SESSIONS: Satchel's filter is the session mechanism; a Jetty SessionHandler would only compete.
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowCauses(false);
    context.setErrorHandler(errors);
    // An initializer, unlike a plain listener, may register filters and servlets during context start.
    context.addServletContainerInitializer(
        (classes, servletContext) -> {
          try {
            app.set(SatchelApp.install(servletContext, settings));
          } catch (RuntimeException e) {
            failure.set(e);
            throw e;
          }
        });
    return context;
  }

  /** The port actually bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Blocks until the server stops (on SIGTERM, through the JVM shutdown hook, or {@link #close()}). */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Graceful stop: no new connections, in-flight requests finish, then the store is closed. */
  @Override
  public void close() {
    if (server.isStopped()) {
      return;
    }
    try {
      server.stop();
      log.info("Satchel stopped");
    } catch (Exception e) {
      // A request still running after STOP_TIMEOUT makes stop() time out; the server is down regardless.
      log.warn("Satchel stopped with an error: {}", e.toString());
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      log.debug("Stopping after a failed start: {}", e.toString());
    }
  }

  private static void closeApp(AtomicReference<AutoCloseable> app) {
    AutoCloseable handle = app.getAndSet(null);
    if (handle == null) {
      return;
    }
    try {
      handle.close();
    } catch (Exception e) {
      log.warn("Closing the session store failed: {}", e.toString());
    }
  }
}
