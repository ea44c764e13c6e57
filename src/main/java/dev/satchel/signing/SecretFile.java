package dev.satchel.signing;

import java.nio.file.Path;

/**
 * The generated secret in {@code <data.dir>/secret.key}: created on first start with mode 0600 (owner read
 * and write only) from {@link java.security.SecureRandom}, read back on every later start so signed cookies
 * stay valid across restarts. Safe when two processes start at once: only one file is ever written.
 */
public final class SecretFile {
  public static final String FILE_NAME = "secret.key";

  private SecretFile() {}

  /** The secret stored in {@code dataDir}, creating the directory and the file when missing. */
  public static String loadOrCreate(Path dataDir) {
    throw new UnsupportedOperationException("skeleton");
  }
}
