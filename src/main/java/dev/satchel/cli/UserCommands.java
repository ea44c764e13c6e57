package dev.satchel.cli;

import dev.satchel.auth.Accounts;
import dev.satchel.auth.Passwords;
import dev.satchel.auth.Users;
import dev.satchel.config.AuthDatabase;
import dev.satchel.config.Settings;
import dev.satchel.config.StoreFactory;
import dev.satchel.session.SessionStore;
import java.util.function.Function;

/** Opens what the user commands need (the session store and the users database beside it) for one action. */
final class UserCommands {
  /** Exit code when the request itself is refused: a taken name, a rejected password, an unknown user. */
  static final int EXIT_REFUSED = 1;

  private UserCommands() {}

  static <T> T withAccounts(Settings settings, CliContext context, Function<Accounts, T> action) {
    try (SessionStore store = StoreFactory.open(settings, context.clock());
        AuthDatabase database = AuthDatabase.open(settings, store, context.clock())) {
      Users users = new Users(database.dataSource(), context.clock());
      return action.apply(new Accounts(users, new Passwords(settings.bcryptCost()), store));
    }
  }
}
