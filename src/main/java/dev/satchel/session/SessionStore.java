package dev.satchel.session;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where sessions are kept between requests. Implementations are thread-safe.
 *
 * <p>Expected outcomes are values: an unknown, expired or unreadable session loads as empty. Only an
 * outage (the store cannot be reached or fails mid-operation) throws, as {@link
 * StoreUnavailableException}, which names the store and the operation.
 */
public interface SessionStore extends AutoCloseable {

  /**
   * The attribute that names a session's logged-in user (its value as a string). Stores index it, so the
   * sessions of one user can be listed and ended without a scan — at a password change, or "sign out
   * everywhere else".
   */
  String USER_ATTRIBUTE = "satchel.user";

  /**
   * The live session that a cookie value names; empty when unknown, expired or its stored data cannot be
   * decoded. For a server-side store the value is the session id.
   */
  Optional<SessionData> load(String cookieValue);

  /**
   * What the session cookie carries for this session, before signing: the id for a server-side store; the
   * whole session for a store that keeps it in the cookie. Called on every cookie write.
   */
  default String cookieValue(SessionData data) {
    return data.id();
  }

  /** True when a verified cookie value has the shape this store writes; checked before any store I/O. */
  default boolean acceptsCookieValue(String value) {
    return SessionIds.looksValid(value);
  }

  /**
   * Writes a session.
   *
   * <p>{@link SaveMode#CREATE} stores {@code data} whole. {@link SaveMode#UPDATE} writes the metadata
   * (last access, idle timeout, absolute deadline) and, of the attributes, only those named in {@code
   * changedAttributes}: a name present in {@code data.attributes()} is set, an absent name is removed.
   * Attributes another request changed meanwhile are kept, so two parallel requests writing different
   * attributes both survive. An UPDATE of a session that is no longer stored does nothing.
   */
  void save(SessionData data, SaveMode mode, Set<String> changedAttributes);

  /**
   * Atomically replaces one attribute of a stored session with {@code fn} applied to its stored value, and
   * refreshes the last-access time to {@code nowMillis}. Concurrent updates of the same attribute never
   * lose one another: a counter incremented by 50 parallel requests ends at 50.
   *
   * <p>{@code fn} receives a private copy of the current value (null when absent) and returns the new one
   * (null removes the attribute; anything else must be a JSON type). It may run more than once — a store
   * may retry a compare-and-set — so it must not have side effects.
   *
   * @return the session as stored after the update; empty when it is no longer stored or has expired
   */
  Optional<SessionData> updateAttribute(String id, String name, UnaryOperator<Object> fn, long nowMillis);

  /** The live sessions whose {@link #USER_ATTRIBUTE} is {@code user}, in no particular order. */
  List<SessionData> findByUser(String user);

  /** Removes every session of {@code user}; returns how many were removed. */
  long deleteByUser(String user);

  /**
   * Moves a stored session to a new id ({@code data.id()}), written whole as by {@link SaveMode#CREATE},
   * and removes {@code oldId}. The default writes the new id first, then deletes the old, so no moment
   * finds neither; a store that can do both in one step overrides it, so no moment finds both either.
   */
  default void rotate(String oldId, SessionData data) {
    save(data, SaveMode.CREATE, Set.of());
    delete(oldId);
  }

  /** Removes the session; removing an unknown id is not an error. */
  void delete(String id);

  /** Removes every session expired at {@code nowMillis}; returns how many were removed. */
  long deleteExpired(long nowMillis);

  /**
   * Why {@link #deleteExpired} has nothing to do for this store, when it never does (Redis expires keys
   * itself); {@code clearsessions} prints it. Empty for stores that do clean up.
   */
  default Optional<String> cleanupNote() {
    return Optional.empty();
  }

  /**
   * Removes every session expired at {@code nowMillis} and hands each one to {@code onDeleted}, after the
   * removal is final, only when this call removed it: when several nodes clean one store at once, each
   * expired session is reported by exactly one of them (session listeners hear of it once). The default
   * removes without reporting, for a store that cannot tell what it removed.
   *
   * @return how many were removed
   */
  default long deleteExpired(long nowMillis, Consumer<SessionData> onDeleted) {
    return deleteExpired(nowMillis);
  }

  /**
   * Removes the session a cookie value names when it has expired at {@code nowMillis}, and returns it when
   * this call removed it — the filter's way to report an expiry it finds on load exactly once, racing the
   * cleanup of other nodes. Empty when the session is live, unknown, or removed by someone else; the default
   * is always empty (such a store reports expiry through {@link #deleteExpired(long, Consumer)} or not at
   * all).
   */
  default Optional<SessionData> deleteIfExpired(String cookieValue, long nowMillis) {
    return Optional.empty();
  }

  /** Returns normally when the store answers; throws {@link StoreUnavailableException} when it does not. */
  void ping();

  /** A short name for logs and messages, such as {@code jdbc} or {@code memory}. */
  String name();

  /** Releases connections and threads. The default does nothing. */
  @Override
  default void close() {}
}
