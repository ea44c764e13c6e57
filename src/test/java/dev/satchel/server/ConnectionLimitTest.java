package dev.satchel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.config.Settings;
import dev.satchel.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.max-connections} bounds the open connections, so a flood of idle ones cannot take every
 * descriptor and the heap: past it, a new connection waits until another closes, and is then served.
 */
class ConnectionLimitTest {
  private static final String OK = "HTTP/1.1 200 OK";

  @TempDir Path dataDir;

  @Test
  void aConnectionPastTheLimitWaitsUntilAnotherCloses() throws IOException {
    Settings settings = Settings.of(Map.of("server.port", "0", "data.dir", dataDir.toString(),
        "session.store", "memory", "server.max-connections", "2"));
    try (EmbeddedServer server = EmbeddedServer.start(settings);
        Socket first = new Socket("127.0.0.1", server.port());
        Socket second = new Socket("127.0.0.1", server.port())) {
      assertEquals(OK, healthCheck(first, 15_000), "the first connection is served");
      assertEquals(OK, healthCheck(second, 15_000), "the second connection is served");
      try (Socket third = new Socket("127.0.0.1", server.port())) {
        // The kernel completes the handshake; Jetty does not accept the connection, so nothing reads it.
        sendHealthCheck(third);
        assertThrows(SocketTimeoutException.class, () -> statusLine(third, 1_000));
        first.close();
        assertEquals(OK, statusLine(third, 15_000), "once a connection closes, the waiting one is served");
      }
    }
  }

  @Test
  void aLimitBelowOneIsRefusedWithOneLineNamingTheKey() {
    SettingsException refused =
        assertThrows(SettingsException.class, () -> Settings.of(Map.of("server.max-connections", "0")));
    assertTrue(refused.getMessage().contains("server.max-connections") && refused.getMessage().contains("'0'"),
        refused::getMessage);
    assertFalse(refused.getMessage().contains("\n"), refused::getMessage);
  }

  private static String healthCheck(Socket socket, int timeoutMillis) throws IOException {
    sendHealthCheck(socket);
    return statusLine(socket, timeoutMillis);
  }

  private static void sendHealthCheck(Socket socket) throws IOException {
    socket.getOutputStream().write(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** The first line of the answer, waiting at most {@code timeoutMillis} for each byte. */
  private static String statusLine(Socket socket, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }
}
