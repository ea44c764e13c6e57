package dev.satchel.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.session.SessionData;
import dev.satchel.session.SessionStore;
import dev.satchel.store.SessionStoreContract;
import dev.satchel.testing.SessionRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for a store that keeps its sessions in {@code satchel_session}: the hooks that look behind
 * the store's back are plain SQL on that table, the same for H2 and PostgreSQL, with or without a cache in front.
 */
public interface JdbcStoreContract extends SessionStoreContract {

  /** The table the store under test writes to. */
  SessionRows rows();

  @Override
  default boolean storedBehindTheBack(String id) {
    return rows().exists(id);
  }

  @Override
  default void corruptBehindTheBack(String id) {
    rows().corrupt(id);
  }

  /**
   * The indexed expires_at column is the expiry rounded down to the minute (ExpiryColumn), so a session can sit
   * below "now" in that index for up to a minute while still live. Every path must still go by the exact
   * expiry: the session's limit falls 30.5 s past a minute, and it is checked 1 ms before and at that moment.
   */
  @Test
  default void everyExpiryPathGoesByTheExactLimitNotTheRoundedIndex() {
    SessionData data = created(SessionStoreContract.attrs(SessionStore.USER_ATTRIBUTE, "ann"));
    // Written again by a request 30.5 s later (the one-statement conditional update): the limit moves with it.
    clock().advance(Duration.ofMillis(30_500));
    SessionData read = store().load(data.id()).orElseThrow();
    store().save(read.withLastAccessedAt(clock().millis())
            .withAttributes(SessionStoreContract.attrs(SessionStore.USER_ATTRIBUTE, "ann", "visits", 2)),
        dev.satchel.session.SaveMode.UPDATE, java.util.Set.of("visits"));
    clock().advance(Duration.ofSeconds(IDLE_SECONDS).minusMillis(1));
    long justBefore = clock().millis();

    List<SessionData> reported = new ArrayList<>();
    assertEquals(0, store().deleteExpired(justBefore), "bulk cleanup leaves a live session");
    assertEquals(0, store().deleteExpired(justBefore, reported::add), "reporting cleanup leaves it too");
    assertTrue(store().deleteIfExpired(data.id(), justBefore).isEmpty(), "single expiry leaves it");
    assertEquals(1, store().findByUser("ann").size(), "a live session of the user is listed");
    assertTrue(store().load(data.id()).isPresent(), "and loads");

    clock().advance(Duration.ofMillis(1));
    long atTheLimit = clock().millis();
    assertTrue(store().findByUser("ann").isEmpty(), "expired at its limit: no longer listed");
    assertTrue(store().load(data.id()).isEmpty(), "nor loaded");
    assertEquals(1, store().deleteExpired(atTheLimit, reported::add), "cleanup removes it");
    assertEquals(List.of(data.id()), reported.stream().map(SessionData::id).toList());
    assertFalse(storedBehindTheBack(data.id()));
  }
}
