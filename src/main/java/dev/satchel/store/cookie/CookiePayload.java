package dev.satchel.store.cookie;

import dev.satchel.session.AttributeCodec;
import dev.satchel.session.SessionData;
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
 * A whole session as bytes: two lines of JSON (the metadata, then the attributes, both written by {@link
 * AttributeCodec}), as they are or raw-deflated. Decoding refuses anything that would inflate past {@link
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

  private CookiePayload() {}

  /** The JSON text of {@code data}: one line of metadata, a newline, one line of attributes. */
  static String json(SessionData data) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", data.id());
    meta.put("created", data.createdAt());
    meta.put("lastAccess", data.lastAccessedAt());
    meta.put("maxInactive", data.maxInactiveSeconds());
    meta.put("absoluteDeadline", data.absoluteDeadline());
    // The codec escapes control characters inside strings, so a raw newline only ever separates the lines.
    return AttributeCodec.encode(meta) + "\n" + AttributeCodec.encode(data.attributes());
  }

  /**
   * Raw deflate of the UTF-8 JSON from {@link #json}, at zlib's fastest level: on a session of a few hundred
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
      Map<String, Object> meta = AttributeCodec.decode(text.substring(0, newline));
      Map<String, Object> attributes = AttributeCodec.decode(text.substring(newline + 1));
      if (!(meta.get("id") instanceof String id)) {
        return Optional.empty();
      }
      return Optional.of(new SessionData(id, attributes, number(meta, "created"), number(meta, "lastAccess"),
          Math.toIntExact(number(meta, "maxInactive")), number(meta, "absoluteDeadline")));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static long number(Map<String, Object> meta, String key) {
    if (meta.get(key) instanceof Integer || meta.get(key) instanceof Long) {
      return ((Number) meta.get(key)).longValue();
    }
    throw new IllegalArgumentException("metadata '" + key + "' is not a whole number");
  }
}
