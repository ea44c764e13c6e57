package dev.satchel.servlet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code Set-Cookie} line of a response that writes the session cookie (every new session; every write
 * with the cookie store), against the way it was built before session 9 in the same JVM: the Expires date
 * formatted for every line, and a 160-character builder grown to fit the value. Values: a server store's
 * signed id (87 characters) and the cookie store's counter session (179).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SetCookieBenchmark {
  private static final DateTimeFormatter EXPIRES = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final long MAX_AGE = 1_209_600;

  @Param({"signed-id", "cookie-store"})
  public String value;

  private final CookieSettings settings = CookieSettings.defaults();
  private String cookieValue;

  @Setup
  public void setUp() {
    cookieValue = switch (value) {
      case "signed-id" -> "a".repeat(43) + "." + "b".repeat(43);
      case "cookie-store" -> "c2." + "c".repeat(132) + "." + "d".repeat(43);
      default -> throw new IllegalArgumentException(value);
    };
  }

  @Benchmark
  public String setCookie() {
    return SessionCookies.setCookie(settings, cookieValue, MAX_AGE, false, System.currentTimeMillis());
  }

  /** Before session 9: the date formatted for every line, the builder sized for a short value. */
  @Benchmark
  public String setCookieFormattedEachTime() {
    long now = System.currentTimeMillis();
    StringBuilder header = new StringBuilder(160);
    header.append(settings.name()).append('=').append(cookieValue);
    header.append("; Max-Age=").append(MAX_AGE);
    header.append("; Expires=").append(EXPIRES.format(Instant.ofEpochMilli(now + MAX_AGE * 1000L)));
    header.append("; Path=").append(settings.path());
    if (settings.httpOnly()) {
      header.append("; HttpOnly");
    }
    header.append("; SameSite=").append(settings.sameSite());
    return header.toString();
  }
}
