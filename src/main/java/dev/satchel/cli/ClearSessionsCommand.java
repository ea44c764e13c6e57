package dev.satchel.cli;

import dev.satchel.config.Settings;
import dev.satchel.config.StoreFactory;
import dev.satchel.session.SessionStore;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code satchel clearsessions}: deletes expired sessions from the configured store, like Django's command. */
@Command(name = "clearsessions", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Delete expired sessions from the configured store and print how many. "
        + "Safe to run while the server is running (for example from cron).")
final class ClearSessionsCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  ClearSessionsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Settings settings = settingsOptions.resolve(context, Map.of());
    try (SessionStore store = StoreFactory.open(settings, context.clock())) {
      long deleted = store.deleteExpired(context.clock().millis());
      String note = store.cleanupNote().map(why -> " " + why).orElse("");
      spec.commandLine().getOut().println("Deleted " + deleted + " expired sessions." + note);
    }
    return 0;
  }
}
