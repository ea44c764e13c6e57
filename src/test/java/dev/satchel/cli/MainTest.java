package dev.satchel.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.verify;

import dev.satchel.config.Settings;
import dev.satchel.config.StoreFactory;
import dev.satchel.server.EmbeddedServer;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.testing.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;

class MainTest {
  @TempDir Path workingDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void helpListsTheCommandsAndExitsZero() {
    int code = run(Map.of(), "--help");
    assertEquals(0, code);
    String help = out.toString();
    assertAll(
        () -> assertTrue(help.contains("serve"), help),
        () -> assertTrue(help.contains("clearsessions"), help),
        () -> assertTrue(help.contains("help"), help));
  }

  @Test
  void helpForOneCommandShowsItsOptions() {
    assertEquals(0, run(Map.of(), "help", "serve"));
    assertTrue(out.toString().contains("--port"), out.toString());
    assertTrue(out.toString().contains("--data-dir"), out.toString());
    assertTrue(out.toString().contains("--config"), out.toString());
  }

  @Test
  void versionNamesSatchel() {
    assertEquals(0, run(Map.of(), "--version"));
    assertTrue(out.toString().startsWith("Satchel "), out.toString());
  }

  @Test
  void badPortExitsTwoWithOneLine() {
    assertEquals(2, run(Map.of(), "serve", "--port", "abc"));
    assertEquals("satchel: server.port: 'abc' is not a whole number from 0 to 65535" + System.lineSeparator(),
        err.toString());
  }

  @Test
  void badStoreInEnvironmentStopsTheDefaultCommand() {
    // The four-argument run: the process's own working directory and system properties, the given environment.
    int code = Main.run(new String[0], new PrintWriter(out), new PrintWriter(err), Map.of("SESSION_STORE", "mongo"));
    assertEquals(2, code);
    assertEquals("satchel: session.store: 'mongo' is not one of memory, jdbc, cookie, redis, cached-jdbc"
        + System.lineSeparator(), err.toString());
  }

  @Test
  void missingConfigFileExitsTwoNamingIt() {
    assertEquals(2, run(Map.of(), "clearsessions", "--config", "nope.properties"));
    assertEquals("satchel: --config: '" + workingDir.resolve("nope.properties") + "' is not an existing file"
        + System.lineSeparator(), err.toString());
  }

  @Test
  void unknownOptionExitsTwo() {
    assertEquals(2, run(Map.of(), "serve", "--prot", "8080"));
    assertTrue(err.toString().contains("'--prot'"), err.toString());
  }

  @Test
  void serveStartsTheServerWithFlagsOverTheEnvironment(@TempDir Path dataDir) throws Exception {
    var started = new AtomicReference<Settings>();
    EmbeddedServer server = mock(EmbeddedServer.class);
    try (MockedStatic<EmbeddedServer> embedded = mockStatic(EmbeddedServer.class)) {
      embedded.when(() -> EmbeddedServer.start(any())).thenAnswer(call -> {
        started.set(call.getArgument(0));
        return server;
      });
      int code = run(Map.of("SERVER_PORT", "9000"), "serve", "--port", "9123", "--data-dir", dataDir.toString());
      assertEquals(0, code, err.toString());
    }
    assertEquals(9123, started.get().serverPort());
    assertEquals(dataDir, started.get().dataDir());
    verify(server).join();
  }

  @Test
  void noCommandMeansServe() throws Exception {
    var started = new AtomicReference<Settings>();
    try (MockedStatic<EmbeddedServer> embedded = mockStatic(EmbeddedServer.class)) {
      embedded.when(() -> EmbeddedServer.start(any())).thenAnswer(call -> {
        started.set(call.getArgument(0));
        return mock(EmbeddedServer.class);
      });
      assertEquals(0, run(Map.of()));
    }
    assertEquals(8080, started.get().serverPort());
  }

  @Test
  void serveOptionsWorkWithoutNamingServe(@TempDir Path dataDir) throws Exception {
    var started = new AtomicReference<Settings>();
    try (MockedStatic<EmbeddedServer> embedded = mockStatic(EmbeddedServer.class)) {
      embedded.when(() -> EmbeddedServer.start(any())).thenAnswer(call -> {
        started.set(call.getArgument(0));
        return mock(EmbeddedServer.class);
      });
      assertEquals(0, run(Map.of(), "--port", "9124", "--data-dir", dataDir.toString()), err.toString());
    }
    assertEquals(9124, started.get().serverPort());
    assertEquals(dataDir, started.get().dataDir());
  }

  @Test
  void workingDirConfigFileIsUsed() throws Exception {
    Files.createDirectories(workingDir.resolve("config"));
    Files.writeString(workingDir.resolve("config/satchel.properties"), "server.port=70000\n");
    assertEquals(2, run(Map.of()));
    assertEquals("satchel: server.port: '70000' is not a whole number from 0 to 65535" + System.lineSeparator(),
        err.toString());
  }

  @Test
  void unavailableStoreExitsOneWithOneLine() {
    try (MockedStatic<StoreFactory> factory = mockStatic(StoreFactory.class)) {
      factory.when(() -> StoreFactory.open(any(), any()))
          .thenThrow(new StoreUnavailableException("jdbc", "open", new SQLException("Connection refused\nretry")));
      assertEquals(1, run(Map.of("SESSION_STORE", "jdbc"), "clearsessions", "--data-dir", workingDir.toString()));
    }
    String message = err.toString();
    assertTrue(message.startsWith("satchel: jdbc store failed during open"), message);
    assertEquals(1, message.lines().count(), message);
  }

  // Runs against the real StoreFactory: it passes once dev.satchel.config.StoreFactory opens the memory store.
  @Test
  @Tag("needs-store-factory")
  void clearSessionsReportsHowManyWereDeleted(@TempDir Path dataDir) {
    int code = run(Map.of("SESSION_STORE", "memory"), "clearsessions", "--data-dir", dataDir.toString());
    assertEquals(0, code, err.toString());
    assertEquals("Deleted 0 expired sessions." + System.lineSeparator(), out.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
  }

  private int run(Map<String, String> env, String... args) {
    var context = new CliContext(env, new Properties(), workingDir, MutableClock.startingNow());
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), context);
  }
}
