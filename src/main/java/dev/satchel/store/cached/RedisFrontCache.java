package dev.satchel.store.cached;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared front cache: one Redis string per session ({@code <prefix><id>}, the encoded session) with a
 * PX expiry, so every node sees the same copies. Claims and conditional fills are one-key Lua scripts, so
 * they are atomic and work on Redis Cluster too.
 *
 * <p>Every command gives up after {@value #COMMAND_TIMEOUT_MILLIS} ms, and while the connection is down
 * commands fail at once instead of queueing, so a lost Redis costs a request almost nothing. A connection
 * that could not be made is tried again at most once every {@value #RECONNECT_PAUSE_MILLIS} ms.
 */
final class RedisFrontCache implements FrontCache {
  static final long COMMAND_TIMEOUT_MILLIS = 1_000;
  static final long RECONNECT_PAUSE_MILLIS = 2_000;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final String CLAIM = "claim:";
  private static final long CLAIM_MILLIS = 10_000;

  private static final String FILL_IF_CLAIMED = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      end
      return nil
      """;
  private static final String RELEASE_IF_CLAIMED = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisClient client;
  private final String prefix;
  private final long ttlMillis;
  private StatefulRedisConnection<String, String> connection;
  private long nextAttemptNanos;
  private String lastFailure = "";
  private boolean closed;

  RedisFrontCache(String redisUrl, CacheOptions options) {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(Duration.ofMillis(COMMAND_TIMEOUT_MILLIS));
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(COMMAND_TIMEOUT_MILLIS)))
        .build());
    this.prefix = options.redisKeyPrefix();
    this.ttlMillis = options.ttl().toMillis();
    this.nextAttemptNanos = System.nanoTime();
    try {
      redis(); // connect now, so the first request does not pay for it; a failure is retried on use
    } catch (RuntimeException e) {
      // reported by the store on the first call that needs the cache
    }
  }

  @Override
  public Optional<String> get(String id) {
    String value = redis().get(key(id));
    return value == null || value.startsWith(CLAIM) ? Optional.empty() : Optional.of(value);
  }

  @Override
  public Optional<String> claim(String id) {
    String token = CLAIM + UUID.randomUUID();
    String ok = redis().set(key(id), token, SetArgs.Builder.nx().px(CLAIM_MILLIS));
    return "OK".equals(ok) ? Optional.of(token) : Optional.empty();
  }

  @Override
  public void fill(String id, String token, String value) {
    redis().eval(FILL_IF_CLAIMED, ScriptOutputType.STATUS, new String[] {key(id)}, token, value,
        Long.toString(ttlMillis));
  }

  @Override
  public void put(String id, String value) {
    redis().set(key(id), value, SetArgs.Builder.px(ttlMillis));
  }

  @Override
  public void invalidate(String id) {
    redis().del(key(id));
  }

  @Override
  public void release(String id, String token) {
    redis().eval(RELEASE_IF_CLAIMED, ScriptOutputType.INTEGER, new String[] {key(id)}, token);
  }

  @Override
  public String name() {
    return "redis";
  }

  private String key(String id) {
    return prefix + id;
  }

  /**
   * The connection, made on first use. Once made, Lettuce reconnects it by itself; until it has, commands
   * are rejected at once. A failed first connection is retried after a pause, not on every request.
   */
  private synchronized RedisCommands<String, String> redis() {
    if (connection == null) {
      long now = System.nanoTime();
      if (now - nextAttemptNanos < 0) {
        throw new IllegalStateException("Redis was unreachable moments ago (" + lastFailure + "); trying again shortly");
      }
      try {
        connection = client.connect();
      } catch (RuntimeException e) {
        nextAttemptNanos = now + RECONNECT_PAUSE_MILLIS * 1_000_000;
        lastFailure = e.getMessage();
        throw e;
      }
    }
    return connection.sync();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
