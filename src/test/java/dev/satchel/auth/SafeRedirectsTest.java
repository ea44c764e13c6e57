package dev.satchel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectsTest {
  @ParameterizedTest
  @ValueSource(strings = {"/", "/dashboard", "/session?x=1&y=2", "/a/b/../c", "/%7Euser", "/search?q=a%20b", "/x#frag"})
  void sameSitePathsPass(String next) {
    assertEquals(Optional.of(next), SafeRedirects.safePath(next));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://evil.example", "http:evil.example", "//evil.example", "///evil.example", "/\\evil.example",
      "\\/evil.example", "javascript:alert(1)", "data:text/html,x", "/%2F%2Fevil.example", "/%2f/evil.example",
      "/%5Cevil.example", "/%255C%255Cevil.example", "/%25252F%25252Fevil.example", "/\r\nX: y", "/%0D%0AX:%20y",
      "/\tx", "/%09/evil.example", "/ x", "/\u00a0x", "/é", "/%", "/%zz", "dashboard", " /dashboard"})
  void everythingElseIsRefused(String next) {
    assertTrue(SafeRedirects.safePath(next).isEmpty(), next);
  }
}
