package dev.satchel.store.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and where in it to keep sessions.
 *
 * @param url {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...} for TLS
 * @param keyPrefix put before every key, so several applications can share one Redis; no braces (they
 *     would change which part of a key picks its cluster slot)
 * @param connectTimeout how long opening a connection may take
 * @param commandTimeout how long one command may take before the operation fails as an outage
 */
public record RedisOptions(String url, String keyPrefix, Duration connectTimeout, Duration commandTimeout) {
  public static final String DEFAULT_PREFIX = "satchel:";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  public RedisOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    checkUrl(url);
    if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("the key prefix must not contain '{' or '}'");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()
        || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * The URL with the default prefix and 3 s timeouts (the defaults of {@code store.connect-timeout} and
   * {@code store.command-timeout}): an outage fails a request in seconds, never hangs it.
   */
  public static RedisOptions defaults(String url) {
    return new RedisOptions(url, DEFAULT_PREFIX, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
  }

  public RedisOptions withKeyPrefix(String prefix) {
    return new RedisOptions(url, prefix, connectTimeout, commandTimeout);
  }

  public RedisOptions withTimeouts(Duration connect, Duration command) {
    return new RedisOptions(url, keyPrefix, connect, command);
  }

  /** Never shows a password that the URL carries. */
  @Override
  public String toString() {
    return "RedisOptions[url=" + redacted(url) + ", keyPrefix=" + keyPrefix + ", connectTimeout="
        + connectTimeout + ", commandTimeout=" + commandTimeout + "]";
  }

  // The message never echoes the URL: it may carry a password.
  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme();
      if (("redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme))
          && uri.getHost() != null && !uri.getHost().isEmpty()) {
        return;
      }
    } catch (URISyntaxException e) {
      // falls through to the rejection
    }
    throw new IllegalArgumentException("not a redis:// or rediss:// URL with a host");
  }

  private static String redacted(String url) {
    try {
      URI uri = new URI(url.strip());
      return uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "***@");
    } catch (URISyntaxException e) {
      return "***";
    }
  }
}
