package dev.satchel.config;

/**
 * A setting that cannot be used. The message is one line naming the key, the value and what is accepted,
 * for example {@code session.store: 'mongo' is not one of memory, jdbc, cookie, redis, cached-jdbc}.
 */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
