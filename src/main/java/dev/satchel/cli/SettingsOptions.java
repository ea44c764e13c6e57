package dev.satchel.cli;

import dev.satchel.config.Settings;
import dev.satchel.config.SettingsFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every subcommand shares to find its settings: {@code --data-dir} and {@code --config}. */
final class SettingsOptions {

  // A String, not a Path: Settings validates it and reports a bad value like any other setting.
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory for the H2 database and the generated secret (data.dir, default ./data).")
  String dataDir;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file to read instead of config/satchel.properties in the working directory.")
  Path config;

  /** The settings from these flags plus {@code moreFlags}, over the environment, system properties and file. */
  Settings resolve(CliContext context, Map<String, String> moreFlags) {
    Map<String, String> flags = new HashMap<>(moreFlags);
    if (dataDir != null) {
      flags.put("data.dir", dataDir);
    }
    var file = SettingsFiles.load(Optional.ofNullable(config), context.workingDir());
    return Settings.resolve(flags, context.env(), context.systemProperties(), file);
  }
}
