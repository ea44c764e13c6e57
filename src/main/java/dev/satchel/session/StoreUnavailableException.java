package dev.satchel.session;

/**
 * The store could not be reached or failed while answering. The filter turns it into one 503 page and one
 * WARN line; expected outcomes (unknown id, expired, unreadable data) are values, never this exception.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String store;
  private final String operation;

  public StoreUnavailableException(String store, String operation, Throwable cause) {
    super(store + " store failed during " + operation + ": " + describe(cause), cause);
    this.store = store;
    this.operation = operation;
  }

  public String store() {
    return store;
  }

  public String operation() {
    return operation;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown cause";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
