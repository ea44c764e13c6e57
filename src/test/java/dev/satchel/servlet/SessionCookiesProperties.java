package dev.satchel.servlet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The Cookie header parser takes any header text without throwing and never returns more than 16 values. */
class SessionCookiesProperties {

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
