package dev.satchel.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecretFileTest {
  @TempDir Path temp;

  @Test
  void firstStartWritesALongRandomSecretOnOneLine() throws Exception {
    String secret = SecretFile.loadOrCreate(temp);

    Path file = temp.resolve("secret.key");
    assertTrue(secret.matches("[A-Za-z0-9_-]{86}"), "64 random bytes, base64url: " + secret.length());
    assertEquals(secret + "\n", Files.readString(file));
    assertFalse(secret.equals(SecretFile.loadOrCreate(temp.resolve("elsewhere"))), "each install differs");
  }

  @Test
  void secretFileIsReadableByTheOwnerOnly() throws Exception {
    assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    SecretFile.loadOrCreate(temp);
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("secret.key"))));
  }

  @Test
  void laterStartsReuseTheSameSecret() {
    String first = SecretFile.loadOrCreate(temp);
    assertEquals(first, SecretFile.loadOrCreate(temp));
    assertEquals(first, SecretFile.loadOrCreate(temp));
  }

  @Test
  void missingDataDirectoryIsCreated() {
    Path dataDir = temp.resolve("a/b/data");
    SecretFile.loadOrCreate(dataDir);
    assertTrue(Files.isRegularFile(dataDir.resolve("secret.key")));
  }

  @Test
  void handWrittenSecretIsUsedAsIs() throws Exception {
    Files.writeString(temp.resolve("secret.key"), "  my own secret \r\n");
    assertEquals("my own secret", SecretFile.loadOrCreate(temp));
  }

  @Test
  void simultaneousStartsAgreeOnOneSecret() throws Exception {
    int starters = 16;
    for (int round = 0; round < 5; round++) {
      Path dataDir = temp.resolve("round" + round);
      ExecutorService pool = Executors.newFixedThreadPool(starters);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> secrets = new ArrayList<>();
        for (int i = 0; i < starters; i++) {
          Callable<String> start = () -> {
            go.await();
            return SecretFile.loadOrCreate(dataDir);
          };
          secrets.add(pool.submit(start));
        }
        go.countDown();
        Set<String> distinct = new HashSet<>();
        for (Future<String> secret : secrets) {
          distinct.add(secret.get());
        }
        assertEquals(1, distinct.size(), "round " + round);
        assertEquals(distinct.iterator().next(), Files.readString(dataDir.resolve("secret.key")).trim());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void emptySecretFileStopsStartWithItsPath() throws Exception {
    Path file = temp.resolve("secret.key");
    Files.writeString(file, " \n");

    var e = assertThrows(IllegalStateException.class, () -> SecretFile.loadOrCreate(temp));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void unreadableSecretFileStopsStartWithItsPath() throws Exception {
    Path file = Files.createDirectory(temp.resolve("secret.key")); // a directory cannot be read as text

    var e = assertThrows(IllegalStateException.class, () -> SecretFile.loadOrCreate(temp));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void generationIsLoggedWithThePathButNeverTheSecret() {
    Logger logger = (Logger) LoggerFactory.getLogger(SecretFile.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      String secret = SecretFile.loadOrCreate(temp);
      SecretFile.loadOrCreate(temp);

      assertEquals(1, appender.list.size(), "logged once, on creation only");
      String line = appender.list.get(0).getFormattedMessage();
      assertEquals("Generated a new session secret in " + temp.resolve("secret.key"), line);
      assertFalse(line.contains(secret));
    } finally {
      logger.detachAppender(appender);
    }
  }
}
