package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploys the built {@code satchel.war} into a Jetty 12 ee10 {@link WebAppContext} and uses it like a browser. */
final class WarOnJettyIT {
  @TempDir Path jettyTemp;
  @TempDir Path dataDir;

  private Server server;

  @AfterEach
  void stopJetty() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void sessionFlowWorksInJetty() throws Exception {
    ServerConnector connector = prepare(Map.of("data.dir", dataDir.toString(), "session.store", "jdbc"));
    server.start();

    new SessionFlow(URI.create("http://localhost:" + connector.getLocalPort() + "/")).run();

    try (Stream<Path> files = Files.list(dataDir)) {
      assertTrue(files.findAny().isPresent(), "the data.dir init-parameter should reach Satchel's settings");
    }
  }

  @Test
  void badInitParameterFailsTheDeployment() throws Exception {
    prepare(Map.of("data.dir", dataDir.toString(), "session.store", "mongo"));

    Exception failure = assertThrows(Exception.class, server::start, "a bad setting must stop the deployment");
    assertTrue(mentions(failure, "session.store"), () -> "the failure should name the key: " + failure);
  }

  private ServerConnector prepare(Map<String, String> initParameters) {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);

    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(BuiltArtifacts.war().toString());
    webapp.setTempDirectory(jettyTemp.toFile());
    // A failed deployment fails server.start() instead of leaving a context that answers 503.
    webapp.setThrowUnavailableOnStartupException(true);
    initParameters.forEach(webapp::setInitParameter);
    server.setHandler(webapp);
    return connector;
  }

  private static boolean mentions(Throwable failure, String text) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(text)) {
        return true;
      }
    }
    return false;
  }
}
