package dev.satchel.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code GET} on a fresh socket ({@code Connection: close}), read to the end and sorted by what the
 * client saw. A crash or a shutdown can end an exchange anywhere, and only raw bytes tell "the server
 * closed before answering" (safe: the client knows nothing was acknowledged) from "the answer was cut"
 * (not safe) — {@link java.net.http.HttpClient} reports both as the same {@link IOException}.
 */
record RawExchange(Outcome outcome, int status, String head, String body, long doneNanos) {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  // A hang guard, not a speed check: a stuck request shows up as NO_ANSWER instead of blocking the test.
  private static final int READ_TIMEOUT_MILLIS = 20_000;
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
  private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding:\\s*chunked\\s*$");
  private static final Pattern SESSION_COOKIE = Pattern.compile("(?im)^set-cookie:\\s*sessionid=([^;\\r\\n]*)");
  private static final Pattern VISITS = Pattern.compile("\"visits\":(\\d+)");

  enum Outcome {
    /** A complete response: status line, headers and the whole body its framing announced. */
    ANSWERED,
    /** Nobody listening: the connection was refused. */
    REFUSED,
    /** The server closed (or reset) the connection before sending a single byte of response. */
    CLOSED_BEFORE_RESPONSE,
    /** Some bytes of a response, then the connection ended: an answer cut short. */
    TRUNCATED,
    /** No end of response within the read timeout. */
    NO_ANSWER
  }

  /** {@code GET path} on {@code localhost:port}, with {@code sessionid=cookie} when a cookie is given. */
  static RawExchange get(int port, String path, String cookie) {
    String request = "GET " + path + " HTTP/1.1\r\n"
        + "Host: localhost:" + port + "\r\n"
        + "Accept: application/json\r\n"
        + (cookie == null ? "" : "Cookie: sessionid=" + cookie + "\r\n")
        + "Connection: close\r\n\r\n";
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("localhost", port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      in.transferTo(received);
    } catch (ConnectException e) {
      return new RawExchange(Outcome.REFUSED, 0, "", "", System.nanoTime());
    } catch (SocketTimeoutException e) {
      return new RawExchange(Outcome.NO_ANSWER, 0, "", received.toString(StandardCharsets.UTF_8), System.nanoTime());
    } catch (IOException e) {
      // A reset while connecting, writing or reading: judged below by what had arrived.
    } finally {
      closeQuietly(socket);
    }
    return parse(received.toByteArray(), System.nanoTime());
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Everything the exchange needed was read (or never came); closing cannot change the outcome.
    }
  }

  private static RawExchange parse(byte[] bytes, long doneNanos) {
    if (bytes.length == 0) {
      return new RawExchange(Outcome.CLOSED_BEFORE_RESPONSE, 0, "", "", doneNanos);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0 || !text.startsWith("HTTP/1.1 ")) {
      return new RawExchange(Outcome.TRUNCATED, 0, text, "", doneNanos);
    }
    String head = text.substring(0, headEnd);
    String body = text.substring(headEnd + 4);
    int status = Integer.parseInt(head.substring(9, 12));
    Matcher length = CONTENT_LENGTH.matcher(head);
    boolean complete;
    if (length.find()) {
      complete = body.length() >= Integer.parseInt(length.group(1));
    } else if (CHUNKED.matcher(head).find()) {
      complete = body.endsWith("0\r\n\r\n");
    } else {
      // Framed by the close itself: nothing to check it against.
      complete = true;
    }
    String shownBody = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return new RawExchange(complete ? Outcome.ANSWERED : Outcome.TRUNCATED, status, head, shownBody, doneNanos);
  }

  /** The {@code sessionid} value this response set, if it set one. */
  Optional<String> sessionCookie() {
    Matcher cookie = SESSION_COOKIE.matcher(head);
    return cookie.find() ? Optional.of(cookie.group(1)) : Optional.empty();
  }

  /** The visit count of a {@code /session} JSON answer, or -1 when the body carries none. */
  int visits() {
    Matcher visits = VISITS.matcher(body);
    return visits.find() ? Integer.parseInt(visits.group(1)) : -1;
  }

  /** A complete 200 answer. */
  boolean ok() {
    return outcome == Outcome.ANSWERED && status == 200;
  }

  /** One line for failure messages; never the cookie value. */
  String describe() {
    String firstLine = head.lines().findFirst().orElse("");
    return outcome.name().toLowerCase(Locale.ROOT) + (firstLine.isEmpty() ? "" : " '" + firstLine + "'");
  }
}
