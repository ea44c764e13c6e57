package dev.satchel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The top-level {@code satchel} command; run without a subcommand it serves, as {@code serve} would. */
@Command(name = "satchel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Django-style sessions for Jakarta Servlet: the demo server and its management commands.%n"
        + "Without a command, runs serve (and takes its options).",
    footer = {"%nSettings: each key of config/satchel.properties can also be set as a JVM system property"
        + " (-Dsession.store=memory) or an environment variable (SESSION_STORE=memory)."
        + " Precedence: flag > environment > system property > file > default."})
final class SatchelCommand implements Callable<Integer> {
  private final ServeCommand serve;

  // serve's options, accepted here too: `java -jar satchel.jar --port 9000` is what people type first.
  @Option(names = "--port", paramLabel = "N",
      description = "Port to listen on when serving (server.port, default 8080; 0 picks a free one).")
  String port;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  SatchelCommand(ServeCommand serve) {
    this.serve = serve;
  }

  @Override
  public Integer call() throws Exception {
    serve.port = port;
    serve.settingsOptions = settingsOptions;
    return serve.call();
  }
}
