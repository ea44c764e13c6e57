package dev.satchel.cli;

import dev.satchel.auth.Accounts;
import dev.satchel.auth.User;
import dev.satchel.config.Settings;
import java.util.Map;
import java.util.Optional;
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
  private final CliContext context;
  private final PasswordInput passwords;

  @Spec
  CommandSpec spec;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  @Parameters(index = "0", paramLabel = "USERNAME", description = "Letters, digits and @ . + - _ (at most 150).")
  String username;

  CreateUserCommand(CliContext context, PasswordInput passwords) {
    this.context = context;
    this.passwords = passwords;
  }

  @Override
  public Integer call() {
    Settings settings = settingsOptions.resolve(context, Map.of());
    try {
      Optional<String> password = passwords.read(username);
      User user = UserCommands.withAccounts(settings, context, accounts -> accounts.create(username, password.orElse("")));
      spec.commandLine().getOut().println("Created user " + user.username() + ".");
      return 0;
    } catch (Accounts.RefusedException | PasswordInput.MismatchException e) {
      spec.commandLine().getErr().println("satchel: createuser: " + e.getMessage());
      return UserCommands.EXIT_REFUSED;
    }
  }
}
