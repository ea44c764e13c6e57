package dev.satchel.servlet;

import java.util.Objects;
import java.util.Optional;

/**
 * How the session cookie is written.
 *
 * @param name cookie name ({@code sessionid} by default)
 * @param secure {@link Secure#AUTO} follows {@code request.isSecure()}
 * @param httpOnly hide the cookie from scripts
 * @param sameSite {@code Strict}, {@code Lax} or {@code None}
 * @param domain the Domain attribute, empty for a host-only cookie
 * @param path the Path attribute
 * @param expireAtBrowserClose send no Max-Age, so the browser forgets the cookie when it closes
 */
public record CookieSettings(
    String name,
    Secure secure,
    boolean httpOnly,
    String sameSite,
    Optional<String> domain,
    String path,
    boolean expireAtBrowserClose) {

  /** When the cookie carries the Secure attribute. */
  public enum Secure {
    AUTO,
    ALWAYS,
    NEVER
  }

  public CookieSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secure, "secure");
    Objects.requireNonNull(sameSite, "sameSite");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
  }

  /** The contract's defaults: {@code sessionid}, Secure on HTTPS, HttpOnly, SameSite=Lax, Path=/. */
  public static CookieSettings defaults() {
    return new CookieSettings("sessionid", Secure.AUTO, true, "Lax", Optional.empty(), "/", false);
  }

  public CookieSettings withName(String newName) {
    return new CookieSettings(newName, secure, httpOnly, sameSite, domain, path, expireAtBrowserClose);
  }

  public CookieSettings withSecure(Secure newSecure) {
    return new CookieSettings(name, newSecure, httpOnly, sameSite, domain, path, expireAtBrowserClose);
  }

  public CookieSettings withSameSite(String newSameSite) {
    return new CookieSettings(name, secure, httpOnly, newSameSite, domain, path, expireAtBrowserClose);
  }

  public CookieSettings withExpireAtBrowserClose(boolean value) {
    return new CookieSettings(name, secure, httpOnly, sameSite, domain, path, value);
  }
}
