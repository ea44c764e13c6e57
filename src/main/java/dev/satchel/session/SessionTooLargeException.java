package dev.satchel.session;

/**
 * A session too large for where its store must put it: for the cookie store, a signed cookie over what a
 * browser keeps (4096 bytes), which a browser would drop silently. The filter answers a small 500 page
 * rather than let the session vanish. The message names sizes and attribute names, never values.
 */
public final class SessionTooLargeException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int size;
  private final int limit;

  public SessionTooLargeException(String message, int size, int limit) {
    super(message);
    this.size = size;
    this.limit = limit;
  }

  /** How large the session came out, in the store's unit (bytes of cookie value for the cookie store). */
  public int size() {
    return size;
  }

  /** The most the store can keep, in the same unit. */
  public int limit() {
    return limit;
  }
}
