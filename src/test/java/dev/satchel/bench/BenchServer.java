package dev.satchel.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.satchel.app.SatchelApp;
import dev.satchel.bench.BenchServlet.Workload;
import dev.satchel.config.Settings;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * One HTTP benchmark contender on its own Jetty: {@code BenchServer CONTENDER PORT DATA_DIR}.
 *
 * <p>Contenders: {@code bare} (no sessions), {@code jetty-memory} (Jetty's DefaultSessionCache over a
 * NullSessionDataStore), {@code jetty-h2-cached} and {@code jetty-h2} (Jetty's JDBCSessionDataStore on an H2
 * file with and without its DefaultSessionCache), {@code plain-jdbc} (the plain filter issue 6 measures
 * against, {@link PlainJdbcSessions}), and {@code satchel} — Satchel installed exactly as the
 * product does it ({@link SatchelApp#install}), its store chosen by the usual settings, given here as system
 * properties ({@code -Dsession.store=memory}). Every contender serves the same {@link BenchServlet}s on the
 * same connector and thread pool. Prints {@code READY <port>} once serving; stops on SIGTERM.
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: BenchServer bare|jetty-memory|jetty-h2|jetty-h2-cached|plain-jdbc|satchel PORT DATA_DIR");
      System.exit(2);
    }
    String contender = args[0];
    int port = Integer.parseInt(args[1]);
    Path dataDir = Files.createDirectories(Path.of(args[2]));
    Server server = start(contender, port, dataDir, Map.of());
    System.out.println("READY " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    System.out.flush();
    server.join();
  }

  /**
   * Starts {@code contender} on {@code port} (0: any free port). {@code satchelSettings} are Satchel
   * settings given as flags, over the system properties. The server also has a {@link LocalConnector},
   * for in-process requests without sockets.
   */
  static Server start(String contender, int port, Path dataDir, Map<String, String> satchelSettings)
      throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // An experiment's knob, off by default: Jetty caches each connection's header lines in a trie (1 024 by
    // default; 0 turns the cache off), which a cookie rewritten on every response never hits.
    Integer headerCacheSize = Integer.getInteger("bench.header-cache-size");
    if (headerCacheSize != null) {
      http.setHeaderCacheSize(headerCacheSize);
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    server.addConnector(connector);
    server.addConnector(new LocalConnector(server, new HttpConnectionFactory(http)));
    server.setStopAtShutdown(true);

    ServletContextHandler context;
    AtomicReference<AutoCloseable> satchel = new AtomicReference<>();
    switch (contender) {
      case "bare" -> {
        context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        addServlets(context, false);
      }
      case "jetty-memory", "jetty-h2", "jetty-h2-cached" -> {
        context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        SessionHandler sessions = context.getSessionHandler();
        SessionCache cache =
            contender.equals("jetty-h2") ? new NullSessionCache(sessions) : new DefaultSessionCache(sessions);
        cache.setSessionDataStore(dataStore(contender, dataDir));
        sessions.setSessionCache(cache);
        addServlets(context, true);
      }
      case "plain-jdbc" -> {
        context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        PlainJdbcSessions plain = new PlainJdbcSessions(dataDir);
        satchel.set(plain);
        context.addFilter(new FilterHolder(plain), "/*", EnumSet.of(DispatcherType.REQUEST));
        addServlets(context, true);
      }
      case "satchel" -> {
        context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        Settings settings =
            Settings.resolve(satchelSettings, Map.of(), System.getProperties(), new Properties())
                .with("data.dir", dataDir.toString());
        context.addServletContainerInitializer(
            (classes, servletContext) -> {
              satchel.set(SatchelApp.install(servletContext, settings));
              // Registered through the servlet API so they sit behind Satchel's filter like the demo does.
              servletContext.addServlet("b-inc", new BenchServlet(Workload.INC, true)).addMapping("/b/inc");
              servletContext.addServlet("b-read", new BenchServlet(Workload.READ, true)).addMapping("/b/read");
              servletContext.addServlet("b-new", new BenchServlet(Workload.NEW, true)).addMapping("/b/new");
              servletContext
                  .addServlet("b-atomic", new BenchServlet(Workload.ATOMIC, true))
                  .addMapping("/b/atomic");
            });
      }
      default -> throw new IllegalArgumentException("unknown contender: " + contender);
    }
    server.setHandler(context);
    server.start();
    // The store closes once Jetty has stopped (on SIGTERM through stop-at-shutdown, or server.stop()).
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            AutoCloseable handle = satchel.getAndSet(null);
            if (handle != null) {
              try {
                handle.close();
              } catch (Exception e) {
                System.err.println("closing the store: " + e);
              }
            }
          }
        });
    return server;
  }

  private static void addServlets(ServletContextHandler context, boolean sessions) {
    context.addServlet(new ServletHolder(new BenchServlet(Workload.INC, sessions)), "/b/inc");
    context.addServlet(new ServletHolder(new BenchServlet(Workload.READ, sessions)), "/b/read");
    context.addServlet(new ServletHolder(new BenchServlet(Workload.NEW, sessions)), "/b/new");
  }

  /**
   * An H2 file on H2's defaults behind the same pool as Satchel's JDBC store (HikariCP, 8 connections), for the
   * JDBC contenders that are not Satchel, so only the session layers differ.
   */
  static HikariDataSource h2Pool(String name, Path file) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath());
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  private static SessionDataStore dataStore(String contender, Path dataDir) {
    if (contender.equals("jetty-memory")) {
      return new NullSessionDataStore();
    }
    DatabaseAdaptor adaptor = new DatabaseAdaptor();
    adaptor.setDatasource(h2Pool("jetty-jdbc", dataDir.resolve("jetty")));
    JDBCSessionDataStore store = new JDBCSessionDataStore();
    store.setDatabaseAdaptor(adaptor);
    return store;
  }
}
