package dev.satchel.store.cached;

import java.util.Optional;

/** A real front cache that a test can cut off: while {@link #down}, every call fails as an outage would. */
final class FlakyFrontCache implements FrontCache {
  private final FrontCache inner;
  volatile boolean down;

  FlakyFrontCache(FrontCache inner) {
    this.inner = inner;
  }

  private void check() {
    if (down) {
      throw new IllegalStateException("cache unreachable (injected)");
    }
  }

  @Override
  public Optional<String> get(String id) {
    check();
    return inner.get(id);
  }

  @Override
  public Optional<String> claim(String id) {
    check();
    return inner.claim(id);
  }

  @Override
  public void fill(String id, String token, String value) {
    check();
    inner.fill(id, token, value);
  }

  @Override
  public void put(String id, String value) {
    check();
    inner.put(id, value);
  }

  @Override
  public void invalidate(String id) {
    check();
    inner.invalidate(id);
  }

  @Override
  public void release(String id, String token) {
    check();
    inner.release(id, token);
  }

  @Override
  public String name() {
    return "flaky " + inner.name();
  }

  @Override
  public void close() {}
}
