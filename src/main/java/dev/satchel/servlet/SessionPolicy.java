package dev.satchel.servlet;

/**
 * When sessions end and when they are written.
 *
 * @param idleTimeoutSeconds seconds without a request before a session expires (a session may override it
 *     with {@code setMaxInactiveInterval}; negative means no idle limit)
 * @param absoluteTimeoutSeconds seconds after creation when a session expires however active; 0 = none
 * @param saveEveryRequest write the session and re-send the cookie on every request that has one
 */
public record SessionPolicy(int idleTimeoutSeconds, long absoluteTimeoutSeconds, boolean saveEveryRequest) {

  /** The contract's defaults: two weeks idle, thirty days absolute, save only what changed. */
  public static SessionPolicy defaults() {
    return new SessionPolicy(1_209_600, 2_592_000L, false);
  }
}
