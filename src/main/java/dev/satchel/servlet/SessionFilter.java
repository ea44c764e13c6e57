package dev.satchel.servlet;

import dev.satchel.session.SessionStore;
import dev.satchel.signing.Signer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Clock;

/**
 * Gives every request a Satchel session in place of the container's: reads the signed cookie, loads the
 * session lazily on first use, and saves what changed before the response commits.
 */
public final class SessionFilter implements Filter {

  public SessionFilter(
      SessionStore store, Signer signer, CookieSettings cookies, SessionPolicy policy, Clock clock) {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    throw new UnsupportedOperationException("skeleton");
  }
}
