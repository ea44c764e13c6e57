package dev.satchel.cli;

import dev.satchel.config.SettingsException;
import dev.satchel.session.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The entry point of {@code satchel.jar}: parses the command line and runs one command. Exit codes: 0 done,
 * 1 the store is unavailable, the request was refused (a taken name, a rejected password) or an unexpected
 * failure, 2 a bad command line or setting.
 */
public final class Main {
  static final int EXIT_STORE_UNAVAILABLE = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err, CliContext.ofProcess()));
  }

  /** Runs one command with this process's system properties, working directory and clock, but {@code env}. */
  static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CliContext process = CliContext.ofProcess();
    return run(args, out, err, new CliContext(env, process.systemProperties(), process.workingDir(), process.clock()));
  }

  /** Runs one command and returns its exit code; never calls {@code System.exit}. */
  static int run(String[] args, PrintWriter out, PrintWriter err, CliContext context) {
    return run(args, out, err, context, PasswordInput.ofProcess());
  }

  /** Runs one command whose user commands read passwords from {@code passwords}; for tests. */
  static int run(String[] args, PrintWriter out, PrintWriter err, CliContext context, PasswordInput passwords) {
    CommandLine cli = commandLine(context, passwords);
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  static CommandLine commandLine(CliContext context) {
    return commandLine(context, PasswordInput.ofProcess());
  }

  /** The command line whose user commands read passwords from {@code passwords}. */
  static CommandLine commandLine(CliContext context, PasswordInput passwords) {
    var serve = new ServeCommand(context);
    var users = new UserCommands(context, passwords);
    CommandLine cli = new CommandLine(new SatchelCommand(serve))
        .addSubcommand(serve)
        .addSubcommand(new ClearSessionsCommand(context))
        .addSubcommand(new PrintConfigCommand(context))
        .addSubcommand(new CreateUserCommand(users))
        .addSubcommand(new ChangePasswordCommand(users))
        .addSubcommand(new HelpCommand());
    // Set after the subcommands are added, so that it applies to them too.
    cli.setExecutionExceptionHandler(new OneLineErrors());
    return cli;
  }

  /** Turns the expected failures into one line on stderr and an exit code; anything else keeps its trace. */
  private static final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) throws Exception {
      if (e instanceof SettingsException) {
        return report(cli, e, EXIT_USAGE);
      }
      if (e instanceof StoreUnavailableException) {
        return report(cli, e, EXIT_STORE_UNAVAILABLE);
      }
      throw e;
    }

    private static int report(CommandLine cli, Exception e, int exitCode) {
      // The messages are one line by design; a cause's text (from a driver, say) might not be.
      String message = String.valueOf(e.getMessage()).replaceAll("\\R+", " ");
      cli.getErr().println("satchel: " + message);
      return exitCode;
    }
  }
}
