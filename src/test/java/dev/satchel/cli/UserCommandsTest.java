package dev.satchel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.testing.Browser;
import dev.satchel.testing.Logins;
import dev.satchel.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code createuser} and {@code changepassword}: in-process for their answers, in a second JVM beside a server. */
class UserCommandsTest {
  private static final Map<String, String> ENV = Map.of("SESSION_STORE", "jdbc", "AUTH_BCRYPT_COST", "10");

  @TempDir Path dataDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    var context = new CliContext(ENV, new Properties(), dataDir, Clock.systemUTC());
    var input = PasswordInput.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), context, input);
  }

  @Test
  void createUserReadsTheFirstLineOfStdin() {
    int code = run("s3cret pass\nignored\n", "createuser", "ada", "--data-dir", dataDir.toString());

    assertEquals(0, code, err.toString());
    assertEquals("Created user ada." + System.lineSeparator(), out.toString());
  }

  @Test
  void takenNameExitsNonZeroWithOneLine() {
    run("one password\n", "createuser", "ada", "--data-dir", dataDir.toString());

    int code = run("another\n", "createuser", "ADA", "--data-dir", dataDir.toString());

    assertEquals(UserCommands.EXIT_REFUSED, code);
    assertEquals("satchel: createuser: the username 'ADA' is already taken", err.toString().strip());
  }

  @Test
  void emptyMissingOrTooLongPasswordsAreRefused() {
    assertEquals(1, run("\n", "createuser", "a", "--data-dir", dataDir.toString()));
    assertEquals(1, run("", "createuser", "b", "--data-dir", dataDir.toString()));
    assertEquals(1, run("x".repeat(1025) + "\n", "createuser", "c", "--data-dir", dataDir.toString()));
    assertEquals(0, run("x".repeat(1024) + "\n", "createuser", "d", "--data-dir", dataDir.toString()), err.toString());
    List<String> lines = err.toString().strip().lines().toList();
    assertEquals(List.of(
        "satchel: createuser: the password must not be empty",
        "satchel: createuser: the password must not be empty",
        "satchel: createuser: the password must be at most 1024 characters"), lines);
  }

  @Test
  void badUsernamesAreRefused() {
    assertEquals(1, run("pw\n", "createuser", "a b", "--data-dir", dataDir.toString()));
    assertEquals(1, run("pw\n", "createuser", "x".repeat(151), "--data-dir", dataDir.toString()));
    assertTrue(err.toString().contains("may hold only letters"), err.toString());
    assertTrue(err.toString().contains("at most 150 characters"), err.toString());
  }

  @Test
  void changePasswordOfAnUnknownUserIsRefused() {
    int code = run("pw\n", "changepassword", "nobody", "--data-dir", dataDir.toString());

    assertEquals(1, code);
    assertEquals("satchel: changepassword: there is no user named 'nobody'", err.toString().strip());
  }

  @Test
  void helpListsTheUserCommands() {
    run("", "--help");

    assertTrue(out.toString().contains("createuser") && out.toString().contains("changepassword"), out.toString());
  }

  @Test
  void commandsInASecondProcessWorkBesideTheRunningServer() throws Exception {
    try (TestServer server = TestServer.start(dataDir, Map.of("session.store", "jdbc", "auth.bcrypt-cost", "10"))) {
      Process create = secondProcess("createuser", "grace", "first password\n");
      assertEquals("Created user grace.", create.output);
      assertEquals(0, create.exitCode);

      Browser here = server.browser();
      Browser there = server.browser();
      assertEquals(303, Logins.logIn(here, "grace", "first password").status());
      assertEquals(303, Logins.logIn(there, "grace", "first password").status());
      assertEquals(200, here.get("/dashboard").status());

      Process change = secondProcess("changepassword", "grace", "second password\n");
      assertEquals(0, change.exitCode, change.output);
      assertEquals("Changed the password of grace; ended 2 sessions.", change.output);

      assertEquals(303, here.get("/dashboard").status(), "changepassword ended this session");
      assertEquals(303, there.get("/dashboard").status(), "and that one");
      assertEquals(401, Logins.logIn(server.browser(), "grace", "first password").status());
      assertEquals(303, Logins.logIn(server.browser(), "grace", "second password").status());
    }
  }

  private record Process(int exitCode, String output) {}

  private Process secondProcess(String command, String username, String stdin) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), command, username, "--data-dir", dataDir.toString())
        .redirectErrorStream(true);
    builder.environment().put("SESSION_STORE", "jdbc");
    builder.environment().put("AUTH_BCRYPT_COST", "10");
    java.lang.Process child = builder.start();
    child.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    child.getOutputStream().close();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "second process finished");
    // Log lines (schema checks, pool start) go to the same stream; the command's own answer is the last line.
    List<String> lines = output.strip().lines().toList();
    assertFalse(lines.isEmpty(), "no output");
    return new Process(child.exitValue(), lines.get(lines.size() - 1));
  }
}
