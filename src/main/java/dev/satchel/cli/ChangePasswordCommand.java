package dev.satchel.cli;

import dev.satchel.auth.Accounts;
import dev.satchel.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code satchel changepassword USERNAME}: sets a new password and signs the user out everywhere. */
@Command(name = "changepassword", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Set a user's password and end all of their sessions. The password is read like createuser's. "
        + "Safe to run while the server is running.")
final class ChangePasswordCommand implements Callable<Integer> {
  private final CliContext context;
  private final PasswordInput passwords;

  @Spec
  CommandSpec spec;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  @Parameters(index = "0", paramLabel = "USERNAME", description = "The user whose password changes.")
  String username;

  ChangePasswordCommand(CliContext context, PasswordInput passwords) {
    this.context = context;
    this.passwords = passwords;
  }

  @Override
  public Integer call() {
    Settings settings = settingsOptions.resolve(context, Map.of());
    try {
      Optional<String> password = passwords.read(username);
      long ended = UserCommands.withAccounts(settings, context,
          accounts -> accounts.changePassword(username, password.orElse("")));
      spec.commandLine().getOut().println(
          "Changed the password of " + username.strip() + "; ended " + ended + " session" + (ended == 1 ? "." : "s."));
      return 0;
    } catch (Accounts.RefusedException | PasswordInput.MismatchException e) {
      spec.commandLine().getErr().println("satchel: changepassword: " + e.getMessage());
      return UserCommands.EXIT_REFUSED;
    }
  }
}
