package dev.satchel.servlet;

import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A real store with a tally of the calls made to it, so a test can see I/O that should not happen. */
final class CountingStore implements SessionStore {
  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger saves = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();
  private final SessionStore delegate;

  CountingStore(SessionStore delegate) {
    this.delegate = delegate;
  }

  int total() {
    return loads.get() + saves.get() + deletes.get();
  }

  void reset() {
    loads.set(0);
    saves.set(0);
    deletes.set(0);
  }

  @Override
  public Optional<SessionData> load(String id) {
    loads.incrementAndGet();
    return delegate.load(id);
  }

  @Override
  public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
    saves.incrementAndGet();
    delegate.save(data, mode, changedAttributes);
  }

  @Override
  public Optional<SessionData> updateAttribute(
      String id, String name, UnaryOperator<Object> fn, long nowMillis) {
    saves.incrementAndGet();
    return delegate.updateAttribute(id, name, fn, nowMillis);
  }

  @Override
  public java.util.List<SessionData> findByUser(String user) {
    loads.incrementAndGet();
    return delegate.findByUser(user);
  }

  @Override
  public long deleteByUser(String user) {
    deletes.incrementAndGet();
    return delegate.deleteByUser(user);
  }

  @Override
  public void delete(String id) {
    deletes.incrementAndGet();
    delegate.delete(id);
  }

  @Override
  public long deleteExpired(long nowMillis) {
    return delegate.deleteExpired(nowMillis);
  }

  @Override
  public void ping() {
    delegate.ping();
  }

  @Override
  public String name() {
    return delegate.name();
  }
}
