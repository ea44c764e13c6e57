package dev.satchel.store.cookie;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A whole session as bytes: two lines, the metadata (see {@link #text}) and the attributes as JSON written by
 * {@link AttributeCodec}, as they are or raw-deflated. Decoding refuses anything that would inflate past {@link
 * #MAX_INFLATED_BYTES}, so even a payload that got past the signature cannot exhaust memory.
 */
final class CookiePayload {
  /** Far above what fits in a 4 KB cookie (JSON compresses about 3 to 10 times), far below harm. */
  static final int MAX_INFLATED_BYTES = 64 * 1024;
  /**
   * Idle zlib streams kept for reuse, a few per core: each holds native memory (a deflater a few hundred KB),
   * so the pool is bounded and a burst beyond it makes and ends streams of its own.
   */
  private static final int POOLED = 2 * Runtime.getRuntime().availableProcessors();
  private static final BlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(POOLED);
  private static final BlockingQueue<Inflater> INFLATERS = new ArrayBlockingQueue<>(POOLED);
  private static final String NO_DEADLINE = "-";

  private CookiePayload() {}

  /**
   * The text of {@code data}: a line of metadata, a newline, the attributes as one line of JSON. The
   * metadata line is five fields separated by spaces: the id, {@code created}, {@code lastAccess} as
   * milliseconds after {@code created}, {@code maxInactive} seconds, and the absolute deadline as
   * milliseconds after {@code created} ({@code -} for none), all decimal. It replaced a JSON object of the
   * same five values (session 9 of issue 6): 77 bytes instead of 153 on a typical session, so about 100
   * characters less cookie on every request and every response that writes it, and no map to parse. The
   * object form is still read, and still written for an id with a character the line could not carry
   * (ids from {@link SessionIds} never have one).
   */
  static String text(SessionData data) {
    if (!lineSafe(data.id())) {
      return objectHeaderText(data);
    }
    StringBuilder out = new StringBuilder(96 + data.attributes().size() * 32);
    out.append(data.id()).append(' ').append(data.createdAt())
        .append(' ').append(data.lastAccessedAt() - data.createdAt())
        .append(' ').append(data.maxInactiveSeconds()).append(' ');
    if (data.absoluteDeadline() == 0) {
      out.append(NO_DEADLINE);
    } else {
      out.append(data.absoluteDeadline() - data.createdAt());
    }
    // The codec escapes control characters inside strings, so a raw newline only ever separates the lines.
    return out.append('\n').append(AttributeCodec.encode(data.attributes())).toString();
  }

  /** The earlier text: the metadata as a JSON object ({@code {"id":...}}), then the attributes. */
  static String objectHeaderText(SessionData data) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", data.id());
    meta.put("created", data.createdAt());
    meta.put("lastAccess", data.lastAccessedAt());
    meta.put("maxInactive", data.maxInactiveSeconds());
    meta.put("absoluteDeadline", data.absoluteDeadline());
    return AttributeCodec.encode(meta) + "\n" + AttributeCodec.encode(data.attributes());
  }

  /** True when {@code id} is base64url, as every generated id is: no space, newline or brace in it. */
  private static boolean lineSafe(String id) {
    if (id.isEmpty()) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!SessionIds.isBase64url(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Raw deflate of the UTF-8 text from {@link #text}, at zlib's fastest level: on a session of a few hundred
   * bytes the best level saved one byte in 150 and took three times as long, and a fresh {@code Deflater}
   * per call (zlib allocates and clears its windows) as long again as the compression itself. A large session
   * packs up to a fifth less tightly; {@link #deflateSmallest} is there for one that would not fit.
   */
  static byte[] deflate(byte[] json) {
    Deflater deflater = DEFLATERS.poll();
    if (deflater == null) {
      deflater = new Deflater(Deflater.BEST_SPEED, true);
    }
    try {
      return deflateWith(deflater, json);
    } finally {
      deflater.reset();
      if (!DEFLATERS.offer(deflater)) {
        deflater.end();
      }
    }
  }

  /** Raw deflate at zlib's best level: slower, for a session the fast level leaves too large for a cookie. */
  static byte[] deflateSmallest(byte[] json) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      return deflateWith(deflater, json);
    } finally {
      deflater.end();
    }
  }

  private static byte[] deflateWith(Deflater deflater, byte[] json) {
    deflater.setInput(json);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 2));
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    return out.toByteArray();
  }

  /** The session in {@code compressed}; empty when it does not inflate, is too large or is not ours. */
  static Optional<SessionData> decode(byte[] compressed) {
    return inflate(compressed).flatMap(CookiePayload::parse);
  }

  static Optional<String> inflate(byte[] compressed) {
    Inflater inflater = INFLATERS.poll();
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    try {
      inflater.setInput(compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return Optional.empty(); // truncated, or not raw deflate at all
        }
        if (out.size() + n > MAX_INFLATED_BYTES) {
          return Optional.empty();
        }
        out.write(buffer, 0, n);
      }
      return Optional.of(out.toString(StandardCharsets.UTF_8));
    } catch (DataFormatException e) {
      return Optional.empty();
    } finally {
      inflater.reset();
      if (!INFLATERS.offer(inflater)) {
        inflater.end();
      }
    }
  }

  /** The session in undeflated {@code json}; empty when it is not ours. */
  static Optional<SessionData> parse(byte[] json) {
    return json.length > MAX_INFLATED_BYTES ? Optional.empty() : parse(new String(json, StandardCharsets.UTF_8));
  }

  private static Optional<SessionData> parse(String text) {
    int newline = text.indexOf('\n');
    if (newline < 0) {
      return Optional.empty();
    }
    try {
      Map<String, Object> attributes = AttributeCodec.decode(text.substring(newline + 1));
      // A line-form header starts with the id, which is base64url: never with the object form's brace.
      return text.charAt(0) == '{'
          ? parseObjectHeader(text.substring(0, newline), attributes)
          : parseLineHeader(text.substring(0, newline), attributes);
    } catch (IllegalArgumentException | ArithmeticException e) { // NumberFormatException included
      return Optional.empty();
    }
  }

  private static Optional<SessionData> parseLineHeader(String line, Map<String, Object> attributes) {
    String[] fields = line.split(" ", -1);
    if (fields.length != 5 || !lineSafe(fields[0])) {
      return Optional.empty();
    }
    long created = Long.parseLong(fields[1]);
    long lastAccess = Math.addExact(created, Long.parseLong(fields[2]));
    int maxInactive = Integer.parseInt(fields[3]);
    long deadline = NO_DEADLINE.equals(fields[4]) ? 0 : Math.addExact(created, Long.parseLong(fields[4]));
    return Optional.of(new SessionData(fields[0], attributes, created, lastAccess, maxInactive, deadline));
  }

  private static Optional<SessionData> parseObjectHeader(String line, Map<String, Object> attributes) {
    Map<String, Object> meta = AttributeCodec.decode(line);
    if (!(meta.get("id") instanceof String id)) {
      return Optional.empty();
    }
    return Optional.of(new SessionData(id, attributes, number(meta, "created"), number(meta, "lastAccess"),
        Math.toIntExact(number(meta, "maxInactive")), number(meta, "absoluteDeadline")));
  }

  private static long number(Map<String, Object> meta, String key) {
    if (meta.get(key) instanceof Integer || meta.get(key) instanceof Long) {
      return ((Number) meta.get(key)).longValue();
    }
    throw new IllegalArgumentException("metadata '" + key + "' is not a whole number");
  }
}
