package dev.satchel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.satchel.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that follow each other on one kept-alive connection are read as sent. Jetty keeps a per-connection
 * cache of header lines it has parsed, and by default matches it ignoring case: a {@code Cookie} header
 * differing from the previous request's only in the case of a letter was read as that previous header. The
 * soak found it (a tampered cookie served the logged-in dashboard, and a good cookie sent after a tampered one
 * was logged out); the embedded server now makes the cache case-sensitive.
 */
class KeepAliveCookieTest {
  private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie: sessionid=([^;\\r\\n]*)");
  private static final Pattern VISITS = Pattern.compile("\"visits\":(\\d+)");
  private static final Pattern LENGTH = Pattern.compile("(?im)^Content-Length: (\\d+)");

  @TempDir Path dataDir;

  @Test
  void aCookieDifferingOnlyInCaseOnTheSameConnectionIsAnotherCookie() throws IOException {
    Settings settings = Settings.of(Map.of(
        "server.port", "0", "data.dir", dataDir.toString(), "session.store", "memory"));
    try (EmbeddedServer server = EmbeddedServer.start(settings);
        Socket connection = new Socket("127.0.0.1", server.port())) {
      connection.setSoTimeout(15_000);
      String first = exchange(connection, null);
      Matcher issued = SET_COOKIE.matcher(first);
      assertEquals(true, issued.find(), first);
      String cookie = issued.group(1);
      assertEquals(2, visits(exchange(connection, cookie)), "the cookie as issued continues the session");

      String swapped = swapCase(cookie);
      String forged = exchange(connection, swapped);
      assertEquals(1, visits(forged), () -> "a cookie differing in case must not verify:\n" + forged);
      Matcher fresh = SET_COOKIE.matcher(forged);
      assertEquals(true, fresh.find(), forged);
      assertNotEquals(cookie, fresh.group(1));

      assertEquals(3, visits(exchange(connection, cookie)), "the real session is untouched");
    }
  }

  /** One GET /session as JSON on the open connection (so a Content-Length tells where it ends). */
  private static String exchange(Socket connection, String cookie) throws IOException {
    OutputStream out = connection.getOutputStream();
    String request = "GET /session HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        + (cookie == null ? "" : "Cookie: sessionid=" + cookie + "\r\n") + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = connection.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed mid-answer: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    Matcher length = LENGTH.matcher(headers);
    assertEquals(true, length.find(), headers);
    byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
    return headers + new String(body, StandardCharsets.UTF_8);
  }

  private static int visits(String answer) {
    Matcher m = VISITS.matcher(answer);
    assertNotNull(m.find() ? m.group(1) : null, answer);
    return Integer.parseInt(m.group(1));
  }

  /** The cookie with the case of every letter swapped: the same text to a case-insensitive eye. */
  private static String swapCase(String value) {
    StringBuilder swapped = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return swapped.toString();
  }
}
