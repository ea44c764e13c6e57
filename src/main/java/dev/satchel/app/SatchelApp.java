package dev.satchel.app;

import dev.satchel.config.Settings;
import jakarta.servlet.ServletContext;

/** Wires Satchel's filter and the demo servlets into a servlet context; shared by the war and the jar. */
public final class SatchelApp {
  private SatchelApp() {}

  /**
   * Opens the configured store, registers the session filter on every request and the demo servlets.
   * Must be called while the context is initializing (from a ServletContainerInitializer or a listener
   * declared in web.xml). The returned handle closes the store; call it when the context is destroyed.
   */
  public static AutoCloseable install(ServletContext context, Settings settings) {
    throw new UnsupportedOperationException("skeleton");
  }
}
