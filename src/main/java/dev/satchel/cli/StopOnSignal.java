package dev.satchel.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a graceful stop that completes before the JVM starts shutting down.
 *
 * <p>Left to the JVM, a signal runs every shutdown hook at once, and H2 closes its database from a hook of
 * its own while Jetty is still letting in-flight requests finish — their sessions would fail to save.
 * Handling the signal first lets requests finish and the pool close; only then does the process exit.
 */
final class StopOnSignal {
  private static final Logger log = LoggerFactory.getLogger(StopOnSignal.class);

  private StopOnSignal() {}

  @SuppressWarnings("restriction")
  static void install(Runnable stop) {
    for (String name : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
          log.info("SIG{} received: finishing in-flight requests, then stopping", name);
          stop.run();
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // Some platforms reserve a signal; the JVM's shutdown hook still stops the server then.
        log.debug("Cannot handle SIG{}: {}", name, e.toString());
      }
    }
  }
}
