package dev.satchel.cli;

import dev.satchel.auth.Accounts;
import dev.satchel.auth.Passwords;
import dev.satchel.auth.Users;
import dev.satchel.config.AuthDatabase;
import dev.satchel.config.Settings;
import dev.satchel.config.StoreFactory;
import dev.satchel.session.SessionStore;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code createuser} and {@code changepassword} share: read the new password, open the session store and
 * the users database beside it for one action, and turn a refusal into one line on stderr and an exit code.
 */
final class UserCommands {
  /** Exit code when the request itself is refused: a taken name, a rejected password, an unknown user. */
  static final int EXIT_REFUSED = 1;

  /** One command's work once it has the password; returns the line to print on success. */
  @FunctionalInterface
  interface PasswordAction {
    String apply(Accounts accounts, String password);
  }

  private final CliContext context;
  private final PasswordInput passwords;

  UserCommands(CliContext context, PasswordInput passwords) {
    this.context = context;
    this.passwords = passwords;
  }

  /**
   * Reads the password for {@code username}, runs {@code action}, prints its line and answers 0; a taken or
   * unknown name, a rejected password or two typed passwords that differ print {@code satchel: CMD: why} on
   * stderr and answer {@link #EXIT_REFUSED}. Other failures (settings, store) go to Main's handler.
   */
  int run(CommandSpec spec, SettingsOptions settingsOptions, String username, PasswordAction action) {
    Settings settings = settingsOptions.resolve(context, Map.of());
    try {
      // Standard input ended before a line: an empty password, which Accounts refuses with its own reason.
      String password = passwords.read(username).orElse("");
      String done;
      try (SessionStore store = StoreFactory.open(settings, context.clock());
          AuthDatabase database = AuthDatabase.open(settings, store, context.clock())) {
        Users users = new Users(database.dataSource(), context.clock());
        done = action.apply(new Accounts(users, new Passwords(settings.bcryptCost()), store), password);
      }
      spec.commandLine().getOut().println(done);
      return 0;
    } catch (Accounts.RefusedException | PasswordInput.MismatchException e) {
      spec.commandLine().getErr().println("satchel: " + spec.name() + ": " + e.getMessage());
      return EXIT_REFUSED;
    }
  }
}
