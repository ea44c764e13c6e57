package dev.satchel.cli;

import dev.satchel.config.Settings;
import dev.satchel.server.EmbeddedServer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code satchel serve}: runs the embedded server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve Satchel on the embedded Jetty until stopped (the default command).")
final class ServeCommand implements Callable<Integer> {
  private final CliContext context;

  // A String, not an int: Settings validates it, so `--port abc` reads like any other bad setting.
  @Option(names = "--port", paramLabel = "N",
      description = "Port to listen on (server.port, default 8080; 0 picks a free one).")
  String port;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = settingsOptions.resolve(context, port == null ? Map.of() : Map.of("server.port", port));
    EmbeddedServer server = EmbeddedServer.start(settings);
    // SIGTERM: stop gracefully first, then let the JVM exit (EmbeddedServer's shutdown hook is the fallback).
    StopOnSignal.install(server::close);
    try {
      server.join();
    } catch (InterruptedException e) {
      server.close();
      throw e;
    }
    return 0;
  }
}
