package dev.satchel.signing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generated secret in {@code <data.dir>/secret.key}: created on first start with mode 0600 (owner read
 * and write only) from {@link java.security.SecureRandom}, read back on every later start so signed cookies
 * stay valid across restarts. Safe when two processes start at once: only one file is ever written.
 */
public final class SecretFile {
  public static final String FILE_NAME = "secret.key";

  private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
  private static final int SECRET_BYTES = 64;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  // A process that won the creation race may not have written its line yet; wait that long for it.
  private static final long WAIT_FOR_WRITER_MILLIS = 500;
  private static final long POLL_MILLIS = 20;

  private SecretFile() {}

  /** The secret stored in {@code dataDir}, creating the directory and the file when missing. */
  public static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return read(file);
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the data directory " + dataDir + ": " + e, e);
    }
    String secret = generate();
    try {
      create(file, secret);
    } catch (FileAlreadyExistsException lostTheRace) {
      return read(file);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the session secret file " + file + ": " + e, e);
    }
    LOG.info("Generated a new session secret in {}", file);
    return secret;
  }

  private static String generate() {
    byte[] bytes = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Creates {@code file} only if absent (atomically, mode 0600 where POSIX applies) and writes one line. */
  private static void create(Path file, String secret) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (FileChannel channel = FileChannel.open(file, options, attributes)) {
      if (posix) {
        Files.setPosixFilePermissions(file, OWNER_ONLY); // an odd umask could have narrowed the mode
      }
      ByteBuffer line = ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.US_ASCII));
      while (line.hasRemaining()) {
        channel.write(line);
      }
      // On disk before any cookie is signed with it, so a crash cannot leave a secret nobody kept.
      channel.force(true);
    } catch (IOException e) {
      if (!(e instanceof FileAlreadyExistsException)) {
        // Leave no empty file behind: the next start would refuse it instead of trying again.
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  /** The trimmed content of an existing secret file, waiting briefly for a concurrent writer. */
  private static String read(Path file) {
    long deadline = System.nanoTime() + WAIT_FOR_WRITER_MILLIS * 1_000_000;
    while (true) {
      String secret;
      try {
        secret = Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read the session secret file " + file + ": " + e, e);
      }
      if (!secret.isEmpty()) {
        warnIfOthersCanRead(file);
        return secret;
      }
      if (System.nanoTime() > deadline || !pause()) {
        throw new IllegalStateException("The session secret file " + file + " is empty; delete it to"
            + " generate a new secret (signed-in users will be signed out) or put the secret in it");
      }
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(POLL_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void warnIfOthersCanRead(Path file) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
          && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
        LOG.warn("The session secret file {} can be read by other users; consider chmod 600", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Only advice: the secret itself was read fine.
    }
  }
}
