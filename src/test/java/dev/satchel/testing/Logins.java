package dev.satchel.testing;

import dev.satchel.auth.Accounts;
import dev.satchel.auth.Passwords;
import dev.satchel.auth.Users;
import dev.satchel.config.AuthDatabase;
import dev.satchel.config.Settings;
import dev.satchel.store.memory.MemorySessionStore;
import dev.satchel.testing.Browser.Page;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers for the login pages: read a form's CSRF token, create users in a server's database. */
public final class Logins {
  /** bcrypt's cheapest cost Satchel accepts: the tests hash many passwords and are not about the cost. */
  public static final String TEST_COST = "10";

  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

  private Logins() {}

  /** The hidden {@code csrf_token} of the first form on the page. */
  public static String csrfToken(Page page) {
    Matcher m = CSRF.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no csrf_token field on the page:\n" + page.body());
    }
    return m.group(1);
  }

  /** Creates a user in the database of a server running on {@code dataDir} with the default database. */
  public static void createUser(Path dataDir, String username, String password) {
    accounts(dataDir, accounts -> accounts.create(username, password));
  }

  /** Creates a user in the users database these server settings name (jdbc.url, or the data dir's H2). */
  public static void createUser(Map<String, String> serverSettings, String username, String password) {
    accounts(serverSettings, accounts -> accounts.create(username, password));
  }

  private static void accounts(Path dataDir, Consumer<Accounts> action) {
    accounts(Map.of("data.dir", dataDir.toString()), action);
  }

  private static void accounts(Map<String, String> serverSettings, Consumer<Accounts> action) {
    Map<String, String> values = new HashMap<>();
    for (String key : new String[] {"data.dir", "jdbc.url", "jdbc.user", "jdbc.password"}) {
      if (serverSettings.containsKey(key)) {
        values.put(key, serverSettings.get(key));
      }
    }
    values.put("auth.bcrypt-cost", TEST_COST);
    Settings settings = Settings.of(values);
    Clock clock = Clock.systemUTC();
    try (var sessions = new MemorySessionStore(clock);
        AuthDatabase database = AuthDatabase.open(settings, sessions, clock)) {
      action.accept(new Accounts(new Users(database.dataSource(), clock), new Passwords(10), sessions));
    }
  }

  /** Changes a user's password as {@code changepassword} does, through the server's database. */
  public static void changePassword(Path dataDir, String username, String password) {
    accounts(dataDir, accounts -> accounts.changePassword(username, password));
  }

  /** GET /login, then POST the form with these credentials and the page's token. */
  public static Page logIn(Browser browser, String username, String password) {
    return logIn(browser, username, password, Map.of());
  }

  /** As {@link #logIn(Browser, String, String)}, with more form fields (such as {@code next}). */
  public static Page logIn(Browser browser, String username, String password, Map<String, String> more) {
    Page form = browser.get("/login");
    Map<String, String> fields = new HashMap<>(more);
    fields.put("csrf_token", csrfToken(form));
    fields.put("username", username);
    fields.put("password", password);
    return browser.postForm("/login", fields);
  }
}
