package dev.satchel.config;

import dev.satchel.session.SessionStore;
import java.time.Clock;

/** Opens the {@link SessionStore} that {@code session.store} names. */
public final class StoreFactory {
  private StoreFactory() {}

  /**
   * Opens the configured store, creating its schema when needed. A store that cannot be opened at start
   * fails with a {@link dev.satchel.session.StoreUnavailableException}; a value this build cannot serve yet
   * fails with a {@link SettingsException}.
   */
  public static SessionStore open(Settings settings, Clock clock) {
    throw new UnsupportedOperationException("skeleton");
  }
}
