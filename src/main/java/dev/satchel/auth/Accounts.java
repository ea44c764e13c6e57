package dev.satchel.auth;

import dev.satchel.session.SessionStore;
import java.util.Optional;

/** Creates users and changes passwords, for the management commands; refusals carry one clear line. */
public final class Accounts {
  /** A refused request (taken name, bad password, unknown user); the message is meant for the user. */
  public static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
      super(message);
    }
  }

  private final Users users;
  private final Passwords passwords;
  private final SessionStore sessions;

  public Accounts(Users users, Passwords passwords, SessionStore sessions) {
    this.users = users;
    this.passwords = passwords;
    this.sessions = sessions;
  }

  /** Adds a user with this password. */
  public User create(String username, String password) {
    Optional<String> problem = Usernames.problem(username).or(() -> Passwords.problem(password));
    if (problem.isPresent()) {
      throw new RefusedException(problem.get());
    }
    try {
      return users.create(username, passwords.hash(password));
    } catch (Users.TakenException e) {
      throw new RefusedException(e.getMessage());
    }
  }

  /**
   * Sets a new password and ends every session of the user at once (the auth hash would end them at their
   * next request anyway; this also frees their rows). Returns how many sessions ended.
   */
  public long changePassword(String username, String password) {
    Passwords.problem(password).ifPresent(problem -> {
      throw new RefusedException(problem);
    });
    User user = users.findByName(username)
        .orElseThrow(() -> new RefusedException("there is no user named '" + username.strip() + "'"));
    if (!users.changePasswordHash(user.id(), passwords.hash(password))) {
      throw new RefusedException("the user '" + user.username() + "' was deleted meanwhile");
    }
    return sessions.deleteByUser(String.valueOf(user.id()));
  }
}
