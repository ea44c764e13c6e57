package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Hostile requests written byte by byte on a raw socket, as an attacker would send them: each gets a 4xx or
 * a fresh session, never a 5xx, and the server keeps serving afterwards.
 *
 * <p>Every assertion names the request it is about, the client port and the start of the response: a
 * status seen once in many runs (a 501 was, on a GET) must explain itself from the report alone.
 */
class HostileInputHttpTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("session.store", "jdbc"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void serverStillServes(TestInfo test) throws IOException {
    Exchange after = send("GET after " + test.getDisplayName(),
        "GET /session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(200, after.status(), after::toString);
    assertTrue(after.response().contains("Visits: 1"), after::toString);
  }

  @Test
  void formBodyOverTheLimitIsRefusedWith4xx() throws IOException {
    byte[] body = ("name=" + "a".repeat(3_000_000)).getBytes(StandardCharsets.US_ASCII);
    assertClientError(send("3 MB form", post("/session", body, "application/x-www-form-urlencoded")));
  }

  @Test
  void formWithTenThousandParametersIsRefusedOrIgnoredNever5xx() throws IOException {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      form.append(i == 0 ? "" : "&").append("p").append(i).append("=v");
    }
    Exchange exchange = send("10 000 parameters", post("/session",
        form.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded"));
    assertTrue(exchange.status() < 500, exchange::toString);
  }

  @Test
  void invalidUtf8InAFormFieldIsNever5xx() throws IOException {
    byte[] body = concat("name=".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    Exchange exchange =
        send("invalid UTF-8 form", post("/session", body, "application/x-www-form-urlencoded;charset=utf-8"));
    assertTrue(exchange.status() < 500, exchange::toString);
  }

  @Test
  void invalidUtf8InTheCookieIsAFreshSession() throws IOException {
    byte[] request = concat(
        "GET /session HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: sessionid=".getBytes(StandardCharsets.US_ASCII),
        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE},
        "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertFreshSessionOrClientError(send("invalid UTF-8 cookie", request));
  }

  @Test
  void headerOverTheLimitIsA4xx() throws IOException {
    String request = "GET /session HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n";
    assertClientError(send("64 KB header", request.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void cookieHeaderWithFiveHundredCookiesIsAFreshSessionOrA4xx() throws IOException {
    StringBuilder cookies = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      cookies.append(i == 0 ? "" : "; ").append(i % 2 == 0 ? "sessionid" : "c" + i).append("=x").append(i);
    }
    String request = "GET /session HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: " + cookies + "\r\n\r\n";
    assertFreshSessionOrClientError(send("500 cookies", request.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void assertClientError(Exchange exchange) {
    int status = exchange.status();
    assertTrue(status >= 400 && status < 500, () -> "expected a 4xx for " + exchange);
  }

  private static void assertFreshSessionOrClientError(Exchange exchange) {
    int status = exchange.status();
    assertTrue(status == 200 || (status >= 400 && status < 500), exchange::toString);
    if (status == 200) {
      assertTrue(exchange.response().contains("Visits: 1"), exchange::toString);
    }
  }

  private static byte[] post(String path, byte[] body, String contentType) {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    return concat(head, body);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Sends the bytes and reads the whole response; a server that closes early still gives what it sent. */
  private static Exchange send(String label, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException closedWhileSending) {
        // The server may answer and close before reading a huge body; the answer is still readable.
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          response.write(buffer, 0, n);
        }
      } catch (IOException reset) {
        // A reset after the status line still counts: the status is what we assert on.
      }
      return new Exchange(label, socket.getLocalPort(), response.toString(StandardCharsets.ISO_8859_1));
    }
  }

  /** One request's answer, and enough about it to tell from a failure report which request it was. */
  private record Exchange(String label, int clientPort, String response) {
    int status() {
      if (!response.startsWith("HTTP/1.1 ")) {
        throw new AssertionError("no HTTP response to " + this);
      }
      return Integer.parseInt(response.substring(9, 12));
    }

    @Override
    public String toString() {
      return label + " (client port " + clientPort + "), response:\n"
          + response.substring(0, Math.min(4096, response.length()));
    }
  }
}
