package dev.satchel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The top-level {@code satchel} command; run without a subcommand it serves, as {@code serve} would. */
@Command(name = "satchel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Django-style sessions for Jakarta Servlet: the demo server and its management commands.%n"
        + "Without a command, runs serve with its defaults.",
    footer = {"%nSettings: each key of config/satchel.properties can also be set as a JVM system property"
        + " (-Dsession.store=memory) or an environment variable (SESSION_STORE=memory)."
        + " Precedence: flag > environment > system property > file > default."})
final class SatchelCommand implements Callable<Integer> {
  private final ServeCommand serve;

  SatchelCommand(ServeCommand serve) {
    this.serve = serve;
  }

  @Override
  public Integer call() throws Exception {
    return serve.call();
  }
}
