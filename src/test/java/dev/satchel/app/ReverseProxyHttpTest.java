package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a TLS proxy the server sees plain HTTP; with {@code server.forwarded-headers} it believes the
 * proxy's {@code X-Forwarded-Proto} / {@code Forwarded}, so {@code secure=auto} sends a Secure cookie.
 */
class ReverseProxyHttpTest {

  @Test
  void forwardedHttpsGetsASecureCookieWhenForwardedHeadersAreOn() {
    try (TestServer server = TestServer.start(Map.of("server.forwarded-headers", "true"))) {
      String cookie = server.browser().raw("/session", null, Map.of("X-Forwarded-Proto", "https"))
          .setCookie("sessionid").orElseThrow();
      assertTrue(cookie.contains("; Secure"), cookie);
      String rfc7239 = server.browser().raw("/session", null, Map.of("Forwarded", "for=192.0.2.1;proto=https"))
          .setCookie("sessionid").orElseThrow();
      assertTrue(rfc7239.contains("; Secure"), rfc7239);
      String plain = server.browser().raw("/session", null).setCookie("sessionid").orElseThrow();
      assertFalse(plain.contains("; Secure"), "no forwarded header, plain HTTP: " + plain);
    }
  }

  @Test
  void forwardedHeadersAreIgnoredByDefault() {
    try (TestServer server = TestServer.start()) {
      String cookie = server.browser().raw("/session", null, Map.of("X-Forwarded-Proto", "https"))
          .setCookie("sessionid").orElseThrow();
      assertFalse(cookie.contains("; Secure"), "a client must not be able to claim HTTPS: " + cookie);
    }
  }
}
