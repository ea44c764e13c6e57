package dev.satchel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven wrote into the jar, or a plain note when run from classes. */
final class VersionProvider implements IVersionProvider {
  // maven-jar-plugin writes this file into every jar it builds; the shaded jar keeps it.
  private static final String POM_PROPERTIES = "/META-INF/maven/dev.satchel/satchel/pom.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"Satchel " + version()};
  }

  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        var properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "(unknown version)");
      }
    } catch (IOException e) {
      // falls through: a version string is not worth failing --version over
    }
    return "(development build)";
  }
}
