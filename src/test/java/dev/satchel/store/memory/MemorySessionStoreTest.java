package dev.satchel.store.memory;

import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import dev.satchel.store.SessionStoreContract;
import dev.satchel.testing.MutableClock;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class MemorySessionStoreTest implements SessionStoreContract {
  private final MutableClock clock = MutableClock.startingNow();
  private final ConcurrentHashMap<String, SessionData> map = new ConcurrentHashMap<>();
  private final MemorySessionStore store = new MemorySessionStore(clock, map);

  @Override
  public SessionStore store() {
    return store;
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public boolean storedBehindTheBack(String id) {
    return map.containsKey(id);
  }

  @Override
  public void corruptBehindTheBack(String id) {
    throw new UnsupportedOperationException("the memory store holds checked objects, never encoded text");
  }

  @Override
  @Test
  @Disabled("the memory store holds checked objects, never encoded text: there is nothing to corrupt")
  public void corruptDataLoadsEmpty() {}

  @Override
  @Test
  @Disabled("the memory store holds checked objects, never encoded text: there is nothing to corrupt")
  public void unreadableRecordIsDeletedSoItIsLoggedOnce() {}
}
