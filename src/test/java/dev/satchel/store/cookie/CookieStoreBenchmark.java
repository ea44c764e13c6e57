package dev.satchel.store.cookie;

import dev.satchel.bench.CodecBenchmark;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcRevocations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cookie store's share of a request: writing the cookie value and loading it back (which includes the
 * revocation lookup in an H2 file), each against two formats earlier versions wrote and the store still
 * reads, measured in the same JVM: always deflated ({@code c1.}, before session 5) and the metadata as a JSON
 * object (before session 9). Sessions: the HTTP benchmark's counter (163 bytes of JSON),
 * a typical logged-in session (under 512) and one with a cart of 20 items (over 512, so deflated either way).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieStoreBenchmark {
  @Param({"counter", "typical", "cart"})
  public String session;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Path dir;
  private CookieSessionStore store;
  private SessionData data;
  private String value;
  private String deflatedValue;
  private String objectHeaderValue;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("satchel-jmh-cookie");
    Clock clock = Clock.systemUTC();
    CookieStoreOptions options = new CookieStoreOptions(false, "a-benchmark-secret-0123456789-0123456789",
        List.of(), CookieStoreOptions.maxValueLengthFor("sessionid", "/", Optional.empty()), 0);
    store = new CookieSessionStore(clock, JdbcRevocations.open(JdbcOptions.h2File(dir, false), clock), options);
    long now = clock.millis();
    data = new SessionData(SessionIds.next(), attributes(session), now, now, 1_209_600, 0);
    value = store.cookieValue(data);
    deflatedValue = deflatedValue();
    objectHeaderValue = objectHeaderValue();
  }

  private static Map<String, Object> attributes(String kind) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    switch (kind) {
      case "counter" -> attributes.put("visits", 42);
      case "typical" -> attributes.putAll(CodecBenchmark.typical());
      case "cart" -> {
        attributes.putAll(CodecBenchmark.typical());
        List<Object> cart = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("sku", "SKU-" + (100_000 + i));
          item.put("qty", i % 3 + 1);
          item.put("price", 19.99 + i);
          cart.add(item);
        }
        attributes.put("cart", cart);
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return attributes;
  }

  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  /** What the store writes: JSON as it is under 512 bytes, deflated from there. */
  @Benchmark
  public String write() {
    return store.cookieValue(data);
  }

  /** What earlier versions wrote for every session: deflated JSON. */
  @Benchmark
  public String writeDeflated() {
    return deflatedValue();
  }

  /** What versions before session 9 wrote: the metadata as a JSON object rather than a line. */
  @Benchmark
  public String writeObjectHeader() {
    return objectHeaderValue();
  }

  /** The shape check the filter runs on every verified cookie value before the store reads it. */
  @Benchmark
  public boolean accept() {
    return store.acceptsCookieValue(value);
  }

  @Benchmark
  public Optional<SessionData> read() {
    return store.load(value);
  }

  @Benchmark
  public Optional<SessionData> readDeflated() {
    return store.load(deflatedValue);
  }

  @Benchmark
  public Optional<SessionData> readObjectHeader() {
    return store.load(objectHeaderValue);
  }

  /** As {@link CookieSessionStore#cookieValue} wrote it before session 9 (deflated from 512 bytes too). */
  private String objectHeaderValue() {
    byte[] text = CookiePayload.objectHeaderText(data).getBytes(StandardCharsets.UTF_8);
    return text.length < CookieSessionStore.DEFLATE_FROM_BYTES
        ? CookieSessionStore.PLAIN_JSON_PREFIX + ENCODER.encodeToString(text)
        : CookieSessionStore.PLAIN_DEFLATED_PREFIX + ENCODER.encodeToString(CookiePayload.deflate(text));
  }

  private String deflatedValue() {
    byte[] json = CookiePayload.text(data).getBytes(StandardCharsets.UTF_8);
    return CookieSessionStore.PLAIN_DEFLATED_PREFIX + ENCODER.encodeToString(CookiePayload.deflate(json));
  }
}
