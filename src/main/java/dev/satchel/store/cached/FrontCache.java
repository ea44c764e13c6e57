package dev.satchel.store.cached;

import java.util.Optional;

/**
 * The fast copy in front of the database: encoded sessions by id, each kept for a short time. Any method may
 * throw a {@link RuntimeException} when the cache cannot be reached; {@link CachedSessionStore} then falls
 * back to the database, which is the truth.
 *
 * <p>Besides values, an entry can hold a <em>claim</em>: a token a loader places before it reads the
 * database, so that a write landing while it reads can knock the claim out and its stale fill is refused.
 * {@link #get} never returns a claim.
 */
interface FrontCache extends AutoCloseable {

  /** The encoded session cached for {@code id}; empty when nothing, or only a claim, is there. */
  Optional<String> get(String id);

  /** Places a fresh claim when the entry is empty and returns its token; empty when anything is there. */
  Optional<String> claim(String id);

  /** Stores {@code value} if the entry still holds the claim {@code token}; does nothing otherwise. */
  void fill(String id, String token, String value);

  /** Stores {@code value} whatever the entry holds. */
  void put(String id, String value);

  /** Empties the entry, value or claim. */
  void invalidate(String id);

  /** Empties the entry if it still holds the claim {@code token}. */
  void release(String id, String token);

  /** For logs: {@code caffeine} or {@code redis}. */
  String name();

  @Override
  void close();
}
