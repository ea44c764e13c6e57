package dev.satchel.store.redis;

import dev.satchel.session.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One shared, multiplexed Lettuce connection, opened on first use, and the one place where a Redis
 * failure becomes a {@link StoreUnavailableException}.
 *
 * <p>Opening lazily lets the server start while Redis is down (its {@code /healthz} answers 503) and
 * recover by itself. Once connected, Lettuce reconnects in the background and, meanwhile, rejects
 * commands at once instead of queueing them: a request fails in milliseconds rather than waiting for the
 * command timeout.
 */
final class RedisLink implements AutoCloseable {
  /** After a failed connect, requests fail at once for this long instead of each waiting to connect. */
  private static final long RETRY_CONNECT_NANOS = Duration.ofSeconds(1).toNanos();

  /** Reconnect attempts back off to at most this, so service resumes within a second of Redis returning. */
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private final ClientResources resources;
  private final RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile boolean closed;
  private long lastFailedAt;
  private RedisException lastFailure;

  RedisLink(RedisOptions options) {
    RedisURI uri = RedisURI.create(options.url().strip());
    uri.setTimeout(options.commandTimeout());
    resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
    client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).build())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .autoReconnect(true)
        .build());
  }

  /** Runs {@code work} on the connection; any Redis failure becomes an outage naming {@code operation}. */
  <T> T run(String operation, Function<RedisCommands<String, String>, T> work) {
    try {
      return work.apply(commands());
    } catch (RedisException e) {
      throw new StoreUnavailableException("redis", operation, e);
    }
  }

  /** EVALSHA, falling back to EVAL once when Redis has lost the script (a restart, SCRIPT FLUSH). */
  static <T> T eval(RedisCommands<String, String> redis, LuaScript script, ScriptOutputType type,
      String[] keys, String... args) {
    try {
      return redis.evalsha(script.sha1(), type, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(script.text(), type, keys, args);
    }
  }

  private RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> open = connection;
    if (open == null) {
      open = connect();
    }
    return open.sync();
  }

  private synchronized StatefulRedisConnection<String, String> connect() {
    if (closed) {
      throw new RedisException("the store is closed");
    }
    if (connection != null) {
      return connection;
    }
    if (lastFailure != null && System.nanoTime() - lastFailedAt < RETRY_CONNECT_NANOS) {
      throw new RedisConnectionException("not connected; the last attempt failed moments ago", lastFailure);
    }
    try {
      connection = client.connect();
      lastFailure = null;
      return connection;
    } catch (RedisException e) {
      lastFailure = e;
      lastFailedAt = System.nanoTime();
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.close();
      connection = null;
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
