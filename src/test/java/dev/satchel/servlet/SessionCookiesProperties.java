package dev.satchel.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The Cookie header parser takes any header text without throwing and never returns more than 16 values;
 * the Set-Cookie line's Expires date, kept from one response to the next, is always the date of its own
 * moment.
 */
class SessionCookiesProperties {
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  /** Moments a few milliseconds apart across second boundaries, forwards and back (a clock set back). */
  @Property(tries = 300)
  void expiresIsTheDateOfItsOwnMomentWhateverCameBefore(@ForAll("moments") List<Long> moments) {
    CookieSettings settings = CookieSettings.defaults();
    for (long now : moments) {
      String header = SessionCookies.setCookie(settings, "v", 1_209_600, false, now);

      String expected = RFC_1123.format(Instant.ofEpochMilli(now + 1_209_600_000L));
      assertEquals(expected, SessionCookies.expires(now + 1_209_600_000L));
      assertTrue(header.contains("; Max-Age=1209600; Expires=" + expected + ";"), header);
    }
  }

  @Provide
  Arbitrary<List<Long>> moments() {
    return Arbitraries.integers().between(-2_500, 2_500).list().ofMinSize(1).ofMaxSize(40).map(steps -> {
      List<Long> moments = new ArrayList<>();
      long now = 1_795_773_566_998L;
      for (int step : steps) {
        now += step;
        moments.add(now);
      }
      return moments;
    });
  }

  @Property(tries = 3000)
  void anyCookieHeaderParsesWithoutThrowing(@ForAll("headers") List<String> headers) {
    List<String> values = SessionCookies.valuesNamed(requestWith(headers), "sessionid");
    assertTrue(values.size() <= 16);
  }

  @Provide
  Arbitrary<List<String>> headers() {
    Arbitrary<String> structured = Arbitraries.of("sessionid", "sessionid=", "=", ";", " ", "\"", "a=b", "sessionid=\"x\"",
        "sessionid=a.b", "\u00ff", "\t").list().ofMaxSize(30).map(parts -> String.join("", parts));
    return Arbitraries.oneOf(structured, Arbitraries.strings().all().ofMaxLength(300)).list().ofMaxSize(3);
  }

  /** A request that answers only getHeaders("Cookie"): enough for the parser, nothing else to fake. */
  private static HttpServletRequest requestWith(List<String> headers) {
    HttpServletRequest bare = (HttpServletRequest) Proxy.newProxyInstance(
        HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
    return new HttpServletRequestWrapper(bare) {
      @Override
      public java.util.Enumeration<String> getHeaders(String name) {
        return "Cookie".equalsIgnoreCase(name) ? Collections.enumeration(headers) : Collections.emptyEnumeration();
      }
    };
  }
}
