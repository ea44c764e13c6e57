package dev.satchel.auth;

import static dev.satchel.auth.Sql.prepare;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/** The users table: create, find by name or id, replace a password hash. */
public final class Users {
  private static final String INSERT = """
      INSERT INTO satchel_user (username, username_key, password_hash, created_at, password_changed_at)
      VALUES (?, ?, ?, ?, ?)
      """;
  private static final String SELECT_BY_KEY = """
      SELECT id, username, password_hash
      FROM satchel_user
      WHERE username_key = ?
      """;
  private static final String SELECT_BY_ID = """
      SELECT id, username, password_hash
      FROM satchel_user
      WHERE id = ?
      """;
  private static final String UPDATE_HASH = """
      UPDATE satchel_user
      SET password_hash = ?, password_changed_at = ?
      WHERE id = ?
      """;
  private static final String REPLACE_HASH = """
      UPDATE satchel_user
      SET password_hash = ?
      WHERE id = ? AND password_hash = ?
      """;

  private final Sql sql;
  private final Clock clock;

  public Users(DataSource dataSource, Clock clock) {
    this.sql = new Sql(dataSource);
    this.clock = clock;
  }

  /** Raised when a username's key is already taken. */
  public static final class TakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TakenException(String username) {
      super("the username '" + username + "' is already taken");
    }
  }

  /** Adds a user; {@link TakenException} when the name (after normalisation and case folding) exists. */
  public User create(String username, String passwordHash) {
    String name = username.strip();
    long now = clock.millis();
    return sql.run("createUser", connection -> {
      try (PreparedStatement insert = connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
        insert.setQueryTimeout(Sql.QUERY_TIMEOUT_SECONDS);
        insert.setString(1, name);
        insert.setString(2, Usernames.key(name));
        insert.setString(3, passwordHash);
        insert.setLong(4, now);
        insert.setLong(5, now);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          return new User(keys.getLong(1), name, passwordHash);
        }
      } catch (SQLException e) {
        if (Sql.isDuplicateKey(e)) {
          throw new TakenException(name);
        }
        throw e;
      }
    });
  }

  /** The user whose name compares equal to {@code username}; empty when there is none. */
  public Optional<User> findByName(String username) {
    String key = Usernames.key(username);
    if (key.isEmpty() || key.length() > Usernames.MAX_KEY_LENGTH) {
      return Optional.empty();
    }
    return sql.run("findUser", connection -> {
      try (PreparedStatement select = prepare(connection, SELECT_BY_KEY)) {
        select.setString(1, key);
        return one(select);
      }
    });
  }

  /** The user with this id; empty when it is gone. */
  public Optional<User> findById(long id) {
    return sql.run("findUser", connection -> {
      try (PreparedStatement select = prepare(connection, SELECT_BY_ID)) {
        select.setLong(1, id);
        return one(select);
      }
    });
  }

  /** Sets a new password hash (a password change); returns false when the user is gone. */
  public boolean changePasswordHash(long id, String passwordHash) {
    return sql.run("changePassword", connection -> {
      try (PreparedStatement update = prepare(connection, UPDATE_HASH)) {
        update.setString(1, passwordHash);
        update.setLong(2, clock.millis());
        update.setLong(3, id);
        return update.executeUpdate() == 1;
      }
    });
  }

  /**
   * Replaces {@code oldHash} with a stronger hash of the same password, unless the password was changed
   * meanwhile (then the newer password wins); returns whether it replaced.
   */
  boolean upgradeHash(long id, String oldHash, String newHash) {
    return sql.run("rehash", connection -> {
      try (PreparedStatement update = prepare(connection, REPLACE_HASH)) {
        update.setString(1, newHash);
        update.setLong(2, id);
        update.setString(3, oldHash);
        return update.executeUpdate() == 1;
      }
    });
  }

  private static Optional<User> one(PreparedStatement select) throws SQLException {
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? Optional.of(new User(row.getLong(1), row.getString(2), row.getString(3))) : Optional.empty();
    }
  }
}
