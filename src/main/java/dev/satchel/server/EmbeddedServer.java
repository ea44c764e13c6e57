package dev.satchel.server;

import dev.satchel.config.Settings;

/** The embedded Jetty 12 (ee10) that serves Satchel from the executable jar. */
public final class EmbeddedServer implements AutoCloseable {

  /** Starts serving on {@code settings.serverPort()} (0 picks a free port) and returns once ready. */
  public static EmbeddedServer start(Settings settings) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The port actually bound. */
  public int port() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Blocks until the server stops (on SIGTERM, through the JVM shutdown hook, or {@link #close()}). */
  public void join() throws InterruptedException {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Graceful stop: no new connections, in-flight requests finish, then the store is closed. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("skeleton");
  }
}
