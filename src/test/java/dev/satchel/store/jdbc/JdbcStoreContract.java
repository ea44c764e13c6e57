package dev.satchel.store.jdbc;

import dev.satchel.store.SessionStoreContract;
import dev.satchel.testing.SessionRows;

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
}
