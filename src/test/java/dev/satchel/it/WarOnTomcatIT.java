package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploys the built {@code satchel.war} into a real embedded Tomcat 11 and uses it like a browser. */
final class WarOnTomcatIT {
  @TempDir Path tomcatBase;
  @TempDir Path dataDir;

  private Tomcat tomcat;

  @AfterEach
  void stopTomcat() throws LifecycleException {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Test
  void sessionFlowWorksInTomcat() throws Exception {
    Context context = deploy(Map.of("data.dir", dataDir.toString(), "session.store", "jdbc"));
    assertEquals(LifecycleState.STARTED, context.getState(), "the war should deploy; see Tomcat's log above");

    new SessionFlow(URI.create("http://localhost:" + tomcat.getConnector().getLocalPort() + "/")).run();

    try (Stream<Path> files = Files.list(dataDir)) {
      assertTrue(files.findAny().isPresent(), "the data.dir init-parameter should reach Satchel's settings");
    }
  }

  @Test
  void badInitParameterFailsTheDeployment() throws Exception {
    Context context = deploy(Map.of("data.dir", dataDir.toString(), "session.store", "mongo"));

    assertNotEquals(LifecycleState.STARTED, context.getState(), "a bad setting must stop the deployment");
  }

  private Context deploy(Map<String, String> initParameters) throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(tomcatBase.toString());
    // The host's appBase, where Tomcat unpacks the war.
    Files.createDirectories(tomcatBase.resolve("webapps"));
    tomcat.setPort(0);
    // Embedded Tomcat creates its HTTP connector only when asked for it.
    tomcat.getConnector();
    // Tomcat's default web.xml maps a JSP servlet (Jasper is not on the classpath) and a default servlet;
    // Satchel needs neither, and a real Tomcat's conf/web.xml plays no part in what this test checks.
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context = tomcat.addWebapp("", BuiltArtifacts.war().toString());
    initParameters.forEach(context::addParameter);
    tomcat.start();
    return context;
  }
}
