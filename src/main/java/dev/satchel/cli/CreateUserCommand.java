package dev.satchel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code satchel createuser USERNAME}: adds a user who can then sign in at /login. */
@Command(name = "createuser", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Create a user. The password is read from the first line of standard input when it is not "
        + "a terminal, else prompted for twice without echo. Safe to run while the server is running.")
final class CreateUserCommand implements Callable<Integer> {
  private final UserCommands users;

  @Spec
  CommandSpec spec;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  @Parameters(index = "0", paramLabel = "USERNAME", description = "Letters, digits and @ . + - _ (at most 150).")
  String username;

  CreateUserCommand(UserCommands users) {
    this.users = users;
  }

  @Override
  public Integer call() {
    return users.run(spec, settingsOptions, username,
        (accounts, password) -> "Created user " + accounts.create(username, password).username() + ".");
  }
}
