package dev.satchel.store.redis;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.testing.RawRedis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the Redis store against a real Redis and prints operations per second and latency
 * percentiles; a tool for docs/stores.md, never a test (times are measured, not asserted).
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.satchel.store.redis.RedisStoreMeasure
 * </pre>
 */
public final class RedisStoreMeasure {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 2_000;

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
    try (RawRedis raw = new RawRedis(url);
        RedisSessionStore store =
            RedisSessionStore.open(RedisOptions.defaults(url).withKeyPrefix(raw.prefix), Clock.systemUTC())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < THREADS * 4; i++) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SessionStore.USER_ATTRIBUTE, "user" + (i % 8));
        attributes.put("name", "John");
        attributes.put("cart", List.of("apple", "pear", Map.of("sku", 1234, "qty", 2)));
        long now = System.currentTimeMillis();
        SessionData data = new SessionData(SessionIds.next(), attributes, now, now, 1800, 0);
        store.save(data, SaveMode.CREATE, attributes.keySet());
        ids.add(data.id());
      }
      measure("load", (t, i) -> store.load(ids.get((t * 7 + i) % ids.size())));
      measure("update (1 attribute + metadata)", (t, i) -> {
        SessionData s = store.load(ids.get((t * 7 + i) % ids.size())).orElseThrow();
        Map<String, Object> changed = new LinkedHashMap<>(s.attributes());
        changed.put("step", i);
        store.save(s.withAttributes(changed).withLastAccessedAt(System.currentTimeMillis()), SaveMode.UPDATE,
            Set.of("step"));
      });
      measure("updateAttribute, own session", (t, i) ->
          store.updateAttribute(ids.get(t), "visits", v -> v == null ? 1 : ((Number) v).intValue() + 1,
              System.currentTimeMillis()));
      measure("updateAttribute, one shared hot session", (t, i) ->
          store.updateAttribute(ids.get(0), "hot", v -> v == null ? 1 : ((Number) v).intValue() + 1,
              System.currentTimeMillis()));
      Object hot = store.load(ids.get(0)).orElseThrow().attributes().get("hot");
      System.out.printf("hot counter after %d parallel increments: %s%n", THREADS * PER_THREAD, hot);
      measure("findByUser (8 sessions each)", (t, i) -> store.findByUser("user" + (i % 8)));
    }
  }

  interface Op {
    void run(int thread, int iteration) throws Exception;
  }

  private static void measure(String name, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long[][] nanos = new long[THREADS][PER_THREAD];
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < PER_THREAD; i++) {
          long begin = System.nanoTime();
          op.run(thread, i);
          nanos[thread][i] = System.nanoTime() - begin;
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    long[] all = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("%-40s %8.0f ops/s   p50 %6.2f ms   p99 %6.2f ms%n", name,
        all.length / (elapsed / 1e9), all[all.length / 2] / 1e6, all[all.length * 99 / 100] / 1e6);
  }
}
