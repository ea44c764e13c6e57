package dev.satchel.auth;

/**
 * A stored user.
 *
 * @param id the database id; kept in the session (as a string) under the store's user attribute
 * @param username the name as created, for display
 * @param passwordHash the bcrypt hash
 */
public record User(long id, String username, String passwordHash) {
  /** Never the hash: records print into logs. */
  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + "]";
  }
}
