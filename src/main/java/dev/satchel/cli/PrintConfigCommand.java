package dev.satchel.cli;

import dev.satchel.config.Settings;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code satchel print-config}: the effective settings and where each came from, secrets hidden. */
@Command(name = "print-config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print every setting's effective value and where it came from (flag, environment,"
        + " system-property, file, default). Secrets and passwords are shown as (hidden).")
final class PrintConfigCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Mixin
  SettingsOptions settingsOptions = new SettingsOptions();

  PrintConfigCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Settings settings = settingsOptions.resolve(context, Map.of());
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> shown = settings.asMap();
    int width = shown.keySet().stream().mapToInt(String::length).max().orElse(0);
    shown.forEach((key, value) -> {
      String source = settings.sourceOf(key).name().toLowerCase(Locale.ROOT).replace('_', '-');
      out.println(String.format(Locale.ROOT, "%-" + width + "s = %s   (%s)", key, value, source));
    });
    return 0;
  }
}
