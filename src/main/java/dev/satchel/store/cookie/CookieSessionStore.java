package dev.satchel.store.cookie;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.session.SessionTooLargeException;
import dev.satchel.store.jdbc.JdbcRevocations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the whole session in its cookie: a format prefix and the base64url of the session's text (a line of
 * metadata, then the attributes' JSON; see {@link CookiePayload#text}), which the filter then signs. {@code
 * c2.} carries the text as it is, {@code c1.} raw-deflated (a session of {@value #DEFLATE_FROM_BYTES} bytes
 * or more); {@code e2.} and {@code e1.} the same, encrypted.
 * The server keeps no copy, only a list of sessions ended early (logout, id rotation, "sign out
 * everywhere") in the configured database, which {@link #load} consults once per request.
 *
 * <p>What a server copy would give and this store cannot: two requests of one session changing different
 * attributes do not merge (the later cookie wins whole), {@link #updateAttribute} is not atomic across
 * requests (it returns empty, so the filter updates the request's own copy), and sessions cannot be listed
 * by user. A session whose signed cookie would not fit a browser's 4096 bytes fails the response with a
 * {@link SessionTooLargeException} rather than being dropped by the browser without a word.
 */
public final class CookieSessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(CookieSessionStore.class);

  static final String PLAIN_DEFLATED_PREFIX = "c1.";
  static final String PLAIN_JSON_PREFIX = "c2.";
  static final String ENCRYPTED_DEFLATED_PREFIX = "e1.";
  static final String ENCRYPTED_JSON_PREFIX = "e2.";
  /**
   * Smaller JSON goes into the cookie undeflated. Deflating is a fixed cost of several microseconds (zlib
   * clears its tables for every stream) and inflating another few, on every request that reads or writes;
   * below this size it saves little: 30 characters of cookie on the 163 bytes of a typical session, 78 on a
   * 298-byte login session, against 1 057 on a 1.2 KB one (measured; see docs/benchmarks.md).
   */
  static final int DEFLATE_FROM_BYTES = 512;
  /** A request that loaded a session before a logout may still write its cookie this much later. */
  static final long IN_FLIGHT_SLACK_MILLIS = 60 * 60 * 1000L;
  static final int RECENT_SESSIONS = 10_000;
  private static final long WARN_EVERY_MILLIS = 60_000;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Clock clock;
  private final JdbcRevocations revocations;
  private final CookieStoreOptions options;
  private final CookieCipher cipher; // null when not encrypting
  private final String deflatedPrefix;
  private final String jsonPrefix;
  private final AtomicLong lastUnreadableWarning = new AtomicLong(Long.MIN_VALUE / 2);
  /** Idle limit and deadline of recently loaded sessions, so a revocation is kept exactly as long as needed. */
  private final Map<String, long[]> recentLimits =
      Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > RECENT_SESSIONS;
        }
      });

  public CookieSessionStore(Clock clock, JdbcRevocations revocations, CookieStoreOptions options) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.options = Objects.requireNonNull(options, "options");
    this.cipher = options.encrypt() ? new CookieCipher(options.secret(), options.fallbacks()) : null;
    this.deflatedPrefix = options.encrypt() ? ENCRYPTED_DEFLATED_PREFIX : PLAIN_DEFLATED_PREFIX;
    this.jsonPrefix = options.encrypt() ? ENCRYPTED_JSON_PREFIX : PLAIN_JSON_PREFIX;
  }

  @Override
  public String cookieValue(SessionData data) {
    byte[] json = CookiePayload.text(data).getBytes(StandardCharsets.UTF_8);
    if (json.length > CookiePayload.MAX_INFLATED_BYTES) {
      // Highly repetitive data could still squeeze into the cookie, but load would refuse to inflate it.
      throw tooLarge(data, "its JSON would be " + json.length + " bytes, over the "
          + CookiePayload.MAX_INFLATED_BYTES + " this store inflates", json.length, CookiePayload.MAX_INFLATED_BYTES);
    }
    if (json.length < DEFLATE_FROM_BYTES) {
      String value = encoded(jsonPrefix, json);
      if (value.length() <= options.maxValueLength()) {
        return value;
      }
    }
    String value = encoded(deflatedPrefix, CookiePayload.deflate(json));
    if (value.length() > options.maxValueLength()) {
      // The fast level packs a large session up to a fifth less tightly: before refusing it, try the
      // tightest, so the largest session that fits is the same as it always was.
      value = encoded(deflatedPrefix, CookiePayload.deflateSmallest(json));
    }
    if (value.length() > options.maxValueLength()) {
      int size = value.length() + CookieStoreOptions.SIGNATURE_CHARS;
      int limit = options.maxValueLength() + CookieStoreOptions.SIGNATURE_CHARS;
      throw tooLarge(data, "the signed cookie value would be " + size + " bytes, over the " + limit
          + " that fit in a browser's " + CookieStoreOptions.BROWSER_COOKIE_BYTES + "-byte cookie", size, limit);
    }
    return value;
  }

  /** The cookie value for a payload: encrypted when configured, base64url, behind the format's prefix. */
  private String encoded(String prefix, byte[] payload) {
    return prefix + ENCODER.encodeToString(cipher != null ? cipher.encrypt(payload) : payload);
  }

  /** The prefix {@code value} starts with, of this store's encryption mode; null for any other. */
  private String formatOf(String value) {
    if (value == null) {
      return null;
    }
    if (value.startsWith(jsonPrefix)) {
      return jsonPrefix;
    }
    return value.startsWith(deflatedPrefix) ? deflatedPrefix : null;
  }

  @Override
  public boolean acceptsCookieValue(String value) {
    String prefix = formatOf(value);
    if (prefix == null || value.length() <= prefix.length()) {
      return false;
    }
    for (int i = prefix.length(); i < value.length(); i++) {
      if (!SessionIds.isBase64url(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<SessionData> load(String cookieValue) {
    // Only the prefix: the filter has already run acceptsCookieValue on this value, and the base64 decoder
    // below refuses any other character anyway (a character scan of a 300-byte value twice per request
    // showed in profiles).
    String prefix = formatOf(cookieValue);
    if (prefix == null || cookieValue.length() <= prefix.length()) {
      return Optional.empty();
    }
    Optional<SessionData> decoded = decode(cookieValue.substring(prefix.length()), prefix.equals(jsonPrefix));
    if (decoded.isEmpty()) {
      warnUnreadable();
      return Optional.empty();
    }
    SessionData data = decoded.get();
    if (data.isExpired(clock.millis())) {
      return Optional.empty(); // the browser kept the cookie past the expiry signed into it
    }
    Object user = data.attributes().get(USER_ATTRIBUTE);
    if (revocations.isRevoked(data.id(), user == null ? null : String.valueOf(user), data.lastAccessedAt())) {
      return Optional.empty();
    }
    recentLimits.put(data.id(), new long[] {data.maxInactiveSeconds(), data.absoluteDeadline()});
    return decoded;
  }

  /** Sessions whose limits are remembered for revocations; for tests of their bound. */
  int rememberedLimitCount() {
    return recentLimits.size();
  }

  /**
   * Past the signature, so written by us: an older format or a changed encryption setting, which every
   * browser then presents at once. One line a minute says so without flooding the log.
   */
  private void warnUnreadable() {
    long now = clock.millis();
    long last = lastUnreadableWarning.get();
    if (now - last >= WARN_EVERY_MILLIS && lastUnreadableWarning.compareAndSet(last, now)) {
      log.warn("A signed session cookie could not be read (older format or changed encryption); it counts "
          + "as absent and a new session starts (logged at most once a minute)");
    }
  }

  private Optional<SessionData> decode(String base64, boolean json) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(base64);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (cipher != null) {
      Optional<byte[]> plain = cipher.decrypt(bytes);
      if (plain.isEmpty()) {
        return Optional.empty();
      }
      bytes = plain.get();
    }
    return json ? CookiePayload.parse(bytes) : CookiePayload.decode(bytes);
  }

  /** Nothing to write: the cookie the filter sets next is the store. */
  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {}

  /**
   * Always empty: with no server copy there is nothing to update atomically. The filter then applies
   * {@code fn} to the request's own copy, and parallel requests of one session may lose updates.
   */
  @Override
  public Optional<SessionData> updateAttribute(String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    return Optional.empty();
  }

  /** Always empty: the sessions live in browsers, and the server cannot list them. */
  @Override
  public List<SessionData> findByUser(String user) {
    return List.of();
  }

  /**
   * Ends every session of {@code user} last used before now, by one revocation row for the user. Returns 0:
   * how many cookies that ends is unknown. A request that wants to keep its own session (a password change)
   * must write it after this call, which rotating its id does.
   */
  @Override
  public long deleteByUser(String user) {
    if (user == null) {
      return 0; // no session is logged in as nobody
    }
    long now = clock.millis();
    revocations.revokeUser(user, now, keepUntil(now, null));
    return 0;
  }

  /** Records the id as revoked until no cookie carrying it can still be live. */
  @Override
  public void delete(String id) {
    long now = clock.millis();
    revocations.revokeSession(id, now, keepUntil(now, recentLimits.remove(id)));
  }

  /**
   * When a revocation may go. For a session loaded here lately: when a cookie written now, or by a request
   * still running, would expire. Otherwise the absolute timeout bounds every session; without one, forever.
   */
  private long keepUntil(long now, long[] limits) {
    long fallback = options.absoluteTimeoutSeconds() > 0
        ? now + options.absoluteTimeoutSeconds() * 1000L + IN_FLIGHT_SLACK_MILLIS
        : Long.MAX_VALUE;
    if (limits == null) {
      return fallback;
    }
    long idleEnd = limits[0] < 0 ? Long.MAX_VALUE : now + IN_FLIGHT_SLACK_MILLIS + limits[0] * 1000L;
    long deadline = limits[1] <= 0 ? Long.MAX_VALUE : limits[1];
    return Math.min(idleEnd, deadline);
  }

  /** Removes revocation rows past their use; the sessions themselves expire in the browsers. */
  @Override
  public long deleteExpired(long nowMillis) {
    return revocations.deleteExpired(nowMillis);
  }

  @Override
  public void ping() {
    revocations.ping();
  }

  @Override
  public String name() {
    return "cookie";
  }

  @Override
  public void close() {
    revocations.close();
  }

  private static SessionTooLargeException tooLarge(SessionData data, String why, int size, int limit) {
    String largest = data.attributes().entrySet().stream()
        .map(e -> Map.entry(e.getKey(), jsonBytes(e.getKey(), e.getValue())))
        .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).reversed())
        .limit(3)
        .map(e -> e.getKey() + " (" + e.getValue() + " bytes)")
        .collect(Collectors.joining(", "));
    String message = "session too large for the cookie store: " + why + "; largest attributes (JSON size): "
        + (largest.isEmpty() ? "none" : largest);
    log.error("{}", message);
    return new SessionTooLargeException(message, size, limit);
  }

  private static int jsonBytes(String name, Object value) {
    return AttributeCodec.encode(Collections.singletonMap(name, value)).getBytes(StandardCharsets.UTF_8).length;
  }
}
