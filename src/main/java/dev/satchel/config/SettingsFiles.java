package dev.satchel.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and reads the properties file layer of the settings. */
public final class SettingsFiles {
  private static final Logger log = LoggerFactory.getLogger(SettingsFiles.class);

  /** Where the file is looked for, relative to the working directory, when no --config is given. */
  public static final Path DEFAULT_LOCATION = Path.of("config", "satchel.properties");

  private SettingsFiles() {}

  /**
   * The file layer: {@code explicitConfig} (resolved against {@code workingDir}) when given, and then it must
   * exist; else {@code config/satchel.properties} in {@code workingDir} when present; else empty. Read as UTF-8.
   */
  public static Properties load(Optional<Path> explicitConfig, Path workingDir) {
    if (explicitConfig.isPresent()) {
      Path file = workingDir.resolve(explicitConfig.get());
      if (!Files.isRegularFile(file)) {
        throw new SettingsException("--config: " + shown(file) + " is not an existing file");
      }
      return read(file, "--config");
    }
    Path file = workingDir.resolve(DEFAULT_LOCATION);
    return Files.isRegularFile(file) ? read(file, "settings file") : new Properties();
  }

  private static Properties read(Path file, String label) {
    var properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (CharacterCodingException e) {
      throw new SettingsException(label + ": " + shown(file) + " is not UTF-8 text");
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: Properties.load's answer to a malformed unicode escape.
      throw new SettingsException(
          label + ": " + shown(file) + " cannot be read (" + Redaction.oneLine(String.valueOf(e.getMessage())) + ")");
    }
    log.debug("Read settings from {}", file);
    return properties;
  }

  private static String shown(Path file) {
    return "'" + Redaction.oneLine(file.toString()) + "'";
  }
}
