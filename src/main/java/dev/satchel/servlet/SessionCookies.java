package dev.satchel.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads the session cookie from raw {@code Cookie} headers and writes {@code Set-Cookie} headers.
 *
 * <p>Both directions are done by hand rather than through {@code request.getCookies()} and {@code
 * jakarta.servlet.http.Cookie}: containers differ in how they treat malformed, duplicated or non-ASCII
 * cookies (some drop the whole header), and older ones cannot write SameSite. By hand, every container
 * behaves the same.
 */
final class SessionCookies {
  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final int MAX_VALUES = 16;
  /** Max-Age, Expires, Path, Domain, Secure, HttpOnly and SameSite with a typical path and domain. */
  private static final int ATTRIBUTES_ROOM = 160;
  /** The last Expires date written. Every response of one second names the same date (same Max-Age). */
  private static volatile FormattedSecond lastExpires = new FormattedSecond(Long.MIN_VALUE, "");

  private record FormattedSecond(long epochSecond, String text) {}

  private SessionCookies() {}

  /** The values of every cookie called {@code name}, in the order the client sent them (at most 16). */
  static List<String> valuesNamed(HttpServletRequest request, String name) {
    List<String> values = new ArrayList<>(1);
    Enumeration<String> headers = request.getHeaders("Cookie");
    if (headers == null) {
      return values;
    }
    while (headers.hasMoreElements() && values.size() < MAX_VALUES) {
      collect(headers.nextElement(), name, values);
    }
    return values;
  }

  private static void collect(String header, String name, List<String> into) {
    if (header == null) {
      return;
    }
    int start = 0;
    int length = header.length();
    while (start < length && into.size() < MAX_VALUES) {
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = length;
      }
      int eq = header.indexOf('=', start);
      if (eq > start && eq < end && nameIs(header, start, eq, name)) {
        String value = header.substring(eq + 1, end).trim();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1);
        }
        into.add(value);
      }
      start = end + 1;
    }
  }

  /**
   * Whether {@code header[from, to)}, trimmed as {@link String#trim} would, is {@code name}: compared in
   * place, because a request's other cookies are not worth a string each.
   */
  private static boolean nameIs(String header, int from, int to, String name) {
    while (from < to && header.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && header.charAt(to - 1) <= ' ') {
      to--;
    }
    return to - from == name.length() && header.startsWith(name, from);
  }

  /**
   * A {@code Set-Cookie} header value carrying {@code value}.
   *
   * @param maxAgeSeconds the cookie's lifetime; negative for a browser-session cookie (no Max-Age)
   */
  static String setCookie(
      CookieSettings settings, String value, long maxAgeSeconds, boolean secure, long nowMillis) {
    // Room for the attributes up front: a cookie-store value is hundreds of characters, and growing the
    // builder copied it twice (the largest allocation of a cookie-store request, session 9).
    StringBuilder header = new StringBuilder(settings.name().length() + value.length() + ATTRIBUTES_ROOM);
    header.append(settings.name()).append('=').append(value);
    if (maxAgeSeconds >= 0) {
      header.append("; Max-Age=").append(maxAgeSeconds);
      header.append("; Expires=").append(expires(nowMillis + maxAgeSeconds * 1000L));
    }
    appendAttributes(header, settings, secure);
    return header.toString();
  }

  /**
   * The RFC 1123 date of {@code epochMillis}, which names whole seconds. Formatting it is the dearest part of
   * a {@code Set-Cookie} line (a {@code DateTimeFormatter} walk and a dozen strings), and under load every
   * response of a second asks for the same date, so the last one is kept. A race only formats twice.
   */
  static String expires(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000L);
    FormattedSecond last = lastExpires;
    if (last.epochSecond() != second) {
      last = new FormattedSecond(second, EXPIRES.format(Instant.ofEpochSecond(second)));
      lastExpires = last;
    }
    return last.text();
  }

  /** A {@code Set-Cookie} header value that makes the browser forget the session cookie. */
  static String clearCookie(CookieSettings settings, boolean secure) {
    StringBuilder header = new StringBuilder(160);
    header.append(settings.name()).append("=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    appendAttributes(header, settings, secure);
    return header.toString();
  }

  private static void appendAttributes(StringBuilder header, CookieSettings settings, boolean secure) {
    header.append("; Path=").append(settings.path());
    settings.domain().ifPresent(domain -> header.append("; Domain=").append(domain));
    if (secure) {
      header.append("; Secure");
    }
    if (settings.httpOnly()) {
      header.append("; HttpOnly");
    }
    header.append("; SameSite=").append(settings.sameSite());
  }

  /** Whether the cookie gets the Secure attribute on this request. */
  static boolean secure(CookieSettings settings, HttpServletRequest request) {
    return switch (settings.secure()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> request.isSecure();
    };
  }
}
