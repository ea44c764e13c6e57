package dev.satchel.session;

/** Whether a save writes a session that is new to the store or one the store already holds. */
public enum SaveMode {
  /** The session was created in this request; the store has never seen its id. */
  CREATE,
  /**
   * The session was loaded from the store. If it has been deleted meanwhile (a logout in a parallel
   * request), the update does nothing: a slow request must never bring a deleted session back.
   */
  UPDATE
}
