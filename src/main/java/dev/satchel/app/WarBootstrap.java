package dev.satchel.app;

import dev.satchel.config.Settings;
import dev.satchel.config.SettingsException;
import dev.satchel.session.StoreUnavailableException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Satchel when a servlet container deploys the war, and stops it when the war is undeployed.
 *
 * <p>Declared as a listener in {@code WEB-INF/web.xml}, which is what allows it to register the filter and
 * servlets programmatically through {@link SatchelApp#install}. The context's init-parameters take the place
 * of the settings file; environment variables and system properties still override them.
 */
public final class WarBootstrap implements ServletContextListener {
  private static final Logger log = LoggerFactory.getLogger(WarBootstrap.class);

  private AutoCloseable installed;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    try {
      Settings settings =
          Settings.resolve(Map.of(), System.getenv(), System.getProperties(), fileLayer(context));
      installed = SatchelApp.install(context, settings);
    } catch (SettingsException e) {
      log.error("Satchel not started: {}", e.getMessage());
      // No cause attached: the message says all there is, and the container logs the stack trace it gets.
      throw new IllegalStateException("Satchel not started: " + e.getMessage());
    } catch (StoreUnavailableException e) {
      // The same one greppable line; the container logs the exception, whose cause holds the driver's reason.
      log.error("Satchel not started: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (installed != null) {
      try {
        installed.close();
      } catch (Exception e) {
        // Undeploy goes on regardless; the container cannot do anything better with the exception.
        log.warn("Satchel did not close cleanly", e);
      } finally {
        installed = null;
      }
    }
    deregisterOwnJdbcDrivers();
  }

  /**
   * A JDBC driver from the war's own jars stays registered with {@link DriverManager} after undeploy and
   * pins the war's class loader, so a redeploy would leak every class (Tomcat warns of exactly this).
   */
  private static void deregisterOwnJdbcDrivers() {
    ClassLoader own = WarBootstrap.class.getClassLoader();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == own) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          log.warn("Could not deregister JDBC driver {}", driver.getClass().getName(), e);
        }
      }
    }
  }

  /**
   * The lowest settings layer: the context's init-parameters, plus the war's own default data directory
   * (a war has no meaningful working directory, so {@code ./data} would land wherever the container runs).
   */
  static Properties fileLayer(ServletContext context) {
    Properties file = new Properties();
    for (String name : Collections.list(context.getInitParameterNames())) {
      file.setProperty(name, context.getInitParameter(name));
    }
    if (!file.containsKey("data.dir")) {
      file.setProperty("data.dir", Path.of(System.getProperty("user.home"), ".satchel").toString());
    }
    return file;
  }
}
