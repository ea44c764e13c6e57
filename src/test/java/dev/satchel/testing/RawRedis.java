package dev.satchel.testing;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A plain Redis connection for tests to look behind the store's back, and a key prefix of their own so
 * tests running at once (here and in other branches) never see one another's keys.
 */
public final class RawRedis implements AutoCloseable {
  public final String prefix = "satchel-test-" + UUID.randomUUID() + ":";
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  public RawRedis(String url) {
    client = RedisClient.create(url);
    connection = client.connect();
  }

  public RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /** Every key under this test's prefix. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = commands().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  /** Deletes this test's keys and disconnects. */
  @Override
  public void close() {
    try {
      List<String> keys = keys();
      if (!keys.isEmpty()) {
        commands().del(keys.toArray(String[]::new));
      }
    } finally {
      connection.close();
      client.shutdown();
    }
  }
}
