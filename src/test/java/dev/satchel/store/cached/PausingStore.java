package dev.satchel.store.cached;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real store whose {@code load} stops after reading, until the test lets it go: puts a write between a
 * cache miss's database read and its cache fill, the one moment a stale copy could slip in.
 */
final class PausingStore implements SessionStore {
  private final SessionStore inner;
  private final CountDownLatch readDone;
  private final CountDownLatch goOn;

  PausingStore(SessionStore inner, CountDownLatch readDone, CountDownLatch goOn) {
    this.inner = inner;
    this.readDone = readDone;
    this.goOn = goOn;
  }

  @Override
  public Optional<SessionData> load(String id) {
    Optional<SessionData> read = inner.load(id);
    readDone.countDown();
    try {
      if (!goOn.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the test never let the read go on");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return read;
  }

  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
    inner.save(data, mode, changedAttributes);
  }

  @Override
  public Optional<SessionData> updateAttribute(String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    return inner.updateAttribute(id, name, fn, nowMillis);
  }

  @Override
  public List<SessionData> findByUser(String user) {
    return inner.findByUser(user);
  }

  @Override
  public long deleteByUser(String user) {
    return inner.deleteByUser(user);
  }

  @Override
  public void delete(String id) {
    inner.delete(id);
  }

  @Override
  public long deleteExpired(long nowMillis) {
    return inner.deleteExpired(nowMillis);
  }

  @Override
  public void ping() {
    inner.ping();
  }

  @Override
  public String name() {
    return "pausing";
  }
}
