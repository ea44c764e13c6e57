package dev.satchel.bench;

import dev.satchel.session.AttributeCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The attribute codec on a typical session (about 200 bytes of JSON) and a large one (about 20 KB). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  @Param({"typical", "large"})
  public String size;

  private Map<String, Object> attributes;
  private String json;

  @Setup
  public void setUp() {
    attributes = size.equals("large") ? large() : typical();
    json = AttributeCodec.encode(attributes);
  }

  /** A logged-in user's session: a name, a counter, the user, a CSRF token, a small cart and preferences. */
  public static Map<String, Object> typical() {
    Map<String, Object> prefs = new LinkedHashMap<>();
    prefs.put("theme", "dark");
    prefs.put("lang", "en-GB");
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("name", "John");
    session.put("visits", 42);
    session.put("satchel.user", "alice@example.com");
    session.put("csrf", "Qm9vdHN0cmFwLXRva2VuLWZvci1iZW5jaG1hcmtpbmc");
    session.put("cart", List.of(1017, 2203, 3391));
    session.put("prefs", prefs);
    return session;
  }

  /** A session that grew: the typical one plus 150 remembered items, about 20 KB of JSON. */
  static Map<String, Object> large() {
    Map<String, Object> session = typical();
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sku", "SKU-" + (100_000 + i));
      item.put("title", "Item number " + i + " with a \"quoted\" word & a longer title");
      item.put("price", 19.99 + i);
      item.put("qty", i % 5 + 1);
      items.add(item);
    }
    session.put("recent", items);
    return session;
  }

  @Benchmark
  public String encode() {
    return AttributeCodec.encode(attributes);
  }

  @Benchmark
  public Map<String, Object> decode() {
    return AttributeCodec.decode(json);
  }
}
