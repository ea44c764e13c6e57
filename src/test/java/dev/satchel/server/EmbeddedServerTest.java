package dev.satchel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.config.Settings;
import dev.satchel.session.StoreUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, announce, stop: what scripts and operators rely on from the embedded server. */
class EmbeddedServerTest {
  @TempDir Path dataDir;

  private Settings settings(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("server.port", "0");
    values.put("data.dir", dataDir.toString());
    values.put("session.store", "memory");
    values.putAll(extra);
    return Settings.of(values);
  }

  @Test
  void startPrintsTheListeningLineOnStdout() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    EmbeddedServer server;
    try {
      server = EmbeddedServer.start(settings(Map.of()));
    } finally {
      System.setOut(original);
    }
    try (server) {
      String line = "Satchel listening on http://localhost:" + server.port() + "/";
      assertTrue(captured.toString(StandardCharsets.UTF_8).lines().anyMatch(line::equals), captured::toString);
      assertTrue(server.port() > 0);
    }
  }

  @Test
  void closeStopsListeningAndMayBeRepeated() {
    EmbeddedServer server = EmbeddedServer.start(settings(Map.of()));
    int port = server.port();

    server.close();
    server.close();

    assertThrows(ConnectException.class, () -> new Socket("localhost", port).close());
  }

  // The raw POST has no session and so no CSRF token: the demo reads the whole form, then refuses it with 403.
  // What matters here is that the answer arrives at all while the server stops.
  private static final String REFUSED_FORM = "HTTP/1.1 403 Forbidden";

  @Test
  void inFlightRequestFinishesDuringStop() throws Exception {
    EmbeddedServer server = EmbeddedServer.start(settings(Map.of()));
    String body = "name=Slowpoke";
    // A warm-up POST first, so class loading cannot delay the real request past the start of the stop.
    try (Socket warmUp = new Socket("localhost", server.port())) {
      warmUp.setSoTimeout(15_000);
      warmUp.getOutputStream().write(post(body, body.length()));
      assertEquals(REFUSED_FORM, readStatusLine(warmUp.getInputStream()));
    }
    try (Socket socket = new Socket("localhost", server.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      // Headers and half the body now, the rest later: the servlet is waiting on the form when stop begins.
      // (Jetty delays dispatch until some content arrives, so headers alone would not yet be in flight.)
      out.write(post(body, 6));
      out.flush();
      Thread.sleep(500);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
      Thread.sleep(300);
      assertFalse(stopping.isDone(), "stop waits for the request in flight");

      out.write(body.substring(6).getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String status = readStatusLine(socket.getInputStream());
      assertEquals(REFUSED_FORM, status);
      stopping.get(15, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }

  @Test
  void requestOnAnAcceptedConnectionDuringStopIsServedNotRefused() throws Exception {
    EmbeddedServer server = EmbeddedServer.start(settings(Map.of()));
    String body = "name=Slowpoke";
    try (Socket warmUp = new Socket("localhost", server.port())) {
      warmUp.setSoTimeout(15_000);
      warmUp.getOutputStream().write(post(body, body.length()));
      assertEquals(REFUSED_FORM, readStatusLine(warmUp.getInputStream()));
    }
    try (Socket slow = new Socket("localhost", server.port());
        Socket late = new Socket("localhost", server.port())) {
      slow.setSoTimeout(15_000);
      late.setSoTimeout(15_000);
      // A request in flight holds the stop open; the second connection is accepted but has not spoken yet.
      slow.getOutputStream().write(post(body, 6));
      slow.getOutputStream().flush();
      Thread.sleep(500);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
      Thread.sleep(300);
      assertFalse(stopping.isDone(), "stop waits for the request in flight");

      // A client that connected just before the stop gets its real answer, not a 503 error page.
      String get = "GET /session HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n";
      late.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
      late.getOutputStream().flush();
      InputStream answer = late.getInputStream();
      assertEquals("HTTP/1.1 200 OK", readStatusLine(answer));
      List<String> headers = new ArrayList<>();
      for (String line = readStatusLine(answer); !line.isEmpty(); line = readStatusLine(answer)) {
        headers.add(line.toLowerCase(Locale.ROOT));
      }
      assertTrue(
          headers.contains("connection: close"), () -> "a keep-alive client must not hold the stop open: " + headers);

      slow.getOutputStream().write(body.substring(6).getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      assertEquals(REFUSED_FORM, readStatusLine(slow.getInputStream()));
      stopping.get(15, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }

  @Test
  void unreachableStoreFailsStartWithItsOwnException() {
    // Port 1 on loopback refuses at once: the store cannot be opened, so the server must not start.
    Settings unreachable =
        settings(Map.of("session.store", "jdbc", "jdbc.url", "jdbc:h2:tcp://127.0.0.1:1/mem:nowhere"));

    RuntimeException failure = assertThrows(RuntimeException.class, () -> EmbeddedServer.start(unreachable));

    assertInstanceOf(StoreUnavailableException.class, failure, failure.toString());
  }

  /** A form POST to /session announcing all of {@code body} but carrying only its first {@code sent} bytes. */
  private static byte[] post(String body, int sent) {
    String request =
        "POST /session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, sent);
    return request.getBytes(StandardCharsets.US_ASCII);
  }

  private static String readStatusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
