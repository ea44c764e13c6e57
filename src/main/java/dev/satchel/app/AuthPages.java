package dev.satchel.app;

import dev.satchel.auth.Authenticator;
import dev.satchel.auth.LoginThrottle;
import dev.satchel.auth.Passwords;
import dev.satchel.auth.SessionLogin;
import dev.satchel.auth.Users;
import dev.satchel.config.AuthDatabase;
import dev.satchel.config.Settings;
import dev.satchel.session.SessionStore;
import dev.satchel.signing.Signer;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;

/** Builds the login machinery over the users database and hands {@code /login}, {@code /logout}, {@code /dashboard} to the app. */
final class AuthPages {
  private AuthPages() {}

  /** Opens the users database (sharing the JDBC store's pool when there is one) and registers the pages. */
  static AuthDatabase install(Settings settings, String secret, SessionStore store,
      Clock clock, Templates templates, BiConsumer<String, Servlet> register) {
    AuthDatabase database = AuthDatabase.open(settings, store, clock);
    try {
      Users users = new Users(database.dataSource(), clock);
      var throttle = new LoginThrottle(database.dataSource(), clock, throttlePolicy(settings));
      var authenticator = new Authenticator(users, new Passwords(settings.bcryptCost()), throttle);
      var signer = new Signer(secret, settings.secretFallbacks(), SessionLogin.AUTH_HASH_PURPOSE);
      var sessionLogin = new SessionLogin(users, signer, store, clock);
      register.accept("/login", new LoginServlet(templates, authenticator, sessionLogin));
      register.accept("/logout", new LogoutServlet(templates, sessionLogin));
      register.accept("/dashboard",
          new DashboardServlet(templates, sessionLogin, settings.absoluteTimeoutSeconds()));
      register.accept("/static/*", new StaticServlet());
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The {@code auth.throttle.*} settings as the throttle's policy; their defaults are {@code Policy.defaults()}. */
  static LoginThrottle.Policy throttlePolicy(Settings settings) {
    return new LoginThrottle.Policy(settings.throttleMaxFailuresPerUser(), settings.throttleMaxFailuresPerAddress(),
        Duration.ofSeconds(settings.throttleWindowSeconds()));
  }
}
