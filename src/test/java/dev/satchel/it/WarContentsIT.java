package dev.satchel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks that {@code satchel.war} carries Satchel and its libraries but nothing a container provides. */
final class WarContentsIT {
  private static List<String> entries;

  @BeforeAll
  static void readWar() throws IOException {
    try (ZipFile war = new ZipFile(BuiltArtifacts.war().toFile())) {
      entries = Collections.list(war.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void warCarriesNoJetty() {
    assertEquals(List.of(), matching("org/eclipse/jetty"), "Jetty classes");
    assertEquals(List.of(), matching("WEB-INF/lib/jetty-"), "Jetty jars");
  }

  @Test
  void warCarriesNoServletApi() {
    // The container provides jakarta.servlet; a second copy in WEB-INF/lib breaks class identity.
    assertEquals(List.of(), matching("WEB-INF/lib/jakarta.servlet-api"), "servlet API jar");
    assertEquals(List.of(), matching("jakarta/servlet/"), "servlet API classes");
  }

  @Test
  void warCarriesNoEmbeddedServerOrCommandLine() {
    assertEquals(List.of(), matching("WEB-INF/classes/dev/satchel/server/"), "embedded server classes");
    assertEquals(List.of(), matching("WEB-INF/classes/dev/satchel/cli/"), "command-line classes");
  }

  @Test
  void warCarriesTheBootstrapAndItsDescriptor() {
    assertTrue(entries.contains("WEB-INF/web.xml"), "WEB-INF/web.xml");
    assertTrue(entries.contains("WEB-INF/classes/dev/satchel/app/WarBootstrap.class"), "WarBootstrap");
    assertTrue(entries.contains("WEB-INF/classes/dev/satchel/app/SatchelApp.class"), "SatchelApp");
  }

  @Test
  void warCarriesItsLoggingConfig() {
    // Without one, logback in the war falls back to logging everything at DEBUG.
    assertTrue(entries.contains("WEB-INF/classes/logback.xml"), "WEB-INF/classes/logback.xml");
  }

  private static List<String> matching(String part) {
    return entries.stream().filter(name -> name.contains(part)).toList();
  }
}
