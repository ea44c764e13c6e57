package dev.satchel.store.memory;

import dev.satchel.session.SessionData;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the memory store within its bound, so a flood of new visitors cannot exhaust the heap: past the
 * bound, expired sessions go first, then the least recently used, down to 95% of the bound.
 *
 * <p>Evicting a slice rather than one session at a time makes the scan (and its sort) rare: one per
 * hundredth of the bound in new sessions, so its cost per insert stays small and flat.
 */
final class Eviction {
  private static final Logger log = LoggerFactory.getLogger(Eviction.class);
  private static final long LOG_EVERY_MILLIS = 60_000;

  /**
   * Past the bound, evict down to 1/SLICE below it: a scan of the whole map happens once per
   * maxSessions/SLICE new sessions, so with 100 000 sessions a flood of new visitors pays for one scan (a few
   * milliseconds) per 5 000 inserts rather than one per 1 000.
   */
  private static final int SLICE = 20;

  private final ConcurrentMap<String, SessionData> sessions;
  private final int maxSessions;
  private final int target;
  private final ReentrantLock lock = new ReentrantLock();
  private long lastLogged = Long.MIN_VALUE;
  private long evictedSinceLog;

  Eviction(ConcurrentMap<String, SessionData> sessions, int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, not " + maxSessions);
    }
    this.sessions = sessions;
    this.maxSessions = maxSessions;
    this.target = Math.max(1, maxSessions - Math.max(1, maxSessions / SLICE));
  }

  void afterInsert(long nowMillis) {
    // tryLock: one thread evicts while the others carry on, leaving their sessions to it. So the evicting
    // thread checks again after each pass and after letting go of the lock: sessions created during a pass
    // must not stay over the bound once the requests stop (the 1M-request flood found the store 418 over).
    // The bound may then be passed only while requests are running, by at most the number running at once.
    while (sessions.size() > maxSessions && lock.tryLock()) {
      try {
        while (sessions.size() > maxSessions) {
          long evicted = evict(nowMillis);
          report(evicted, nowMillis);
          if (evicted == 0) {
            return; // every candidate changed under the scan; the next insert tries again
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private long evict(long nowMillis) {
    long evicted = 0;
    // One pass removes the expired and notes when each live session was last used; primitives, so that
    // ordering a hundred thousand of them is a sort of longs (milliseconds), not of boxed entries.
    long[] lastUsed = new long[sessions.size() + 64];
    int live = 0;
    for (Map.Entry<String, SessionData> entry : sessions.entrySet()) {
      SessionData session = entry.getValue();
      if (session.isExpired(nowMillis)) {
        if (sessions.remove(entry.getKey(), session)) {
          evicted++;
        }
      } else if (live < lastUsed.length) {
        lastUsed[live++] = session.lastAccessedAt();
      }
    }
    int excess = sessions.size() - target;
    if (excess > 0 && live > 0) {
      Arrays.sort(lastUsed, 0, live);
      long threshold = lastUsed[Math.min(excess, live) - 1];
      // A second pass takes the least recently used: everything last used at or before the threshold.
      for (Map.Entry<String, SessionData> entry : sessions.entrySet()) {
        if (excess <= 0) {
          break;
        }
        SessionData session = entry.getValue();
        // Removing by key and value: a session used since the scan is not the least recently used any more.
        if (session.lastAccessedAt() <= threshold && sessions.remove(entry.getKey(), session)) {
          evicted++;
          excess--;
        }
      }
    }
    return evicted;
  }

  private void report(long evicted, long nowMillis) {
    evictedSinceLog += evicted;
    if (lastLogged == Long.MIN_VALUE || nowMillis - lastLogged >= LOG_EVERY_MILLIS) {
      log.warn("Memory store is full ({} sessions, session.memory.max-sessions={}): evicted {} "
          + "(expired first, then least recently used)", sessions.size(), maxSessions, evictedSinceLog);
      lastLogged = nowMillis;
      evictedSinceLog = 0;
    }
  }
}
