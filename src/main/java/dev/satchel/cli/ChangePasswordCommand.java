package dev.satchel.cli;

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
  private final UserCommands users;

  @Spec
  CommandSpec spec;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  @Parameters(index = "0", paramLabel = "USERNAME", description = "The user whose password changes.")
  String username;

  ChangePasswordCommand(UserCommands users) {
    this.users = users;
  }

  @Override
  public Integer call() {
    return users.run(spec, settingsOptions, username, (accounts, password) -> {
      long ended = accounts.changePassword(username, password);
      return "Changed the password of " + username.strip() + "; ended " + ended + " session" + (ended == 1 ? "." : "s.");
    });
  }
}
