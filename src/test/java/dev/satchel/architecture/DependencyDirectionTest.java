package dev.satchel.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package arrows of docs/architecture.md true by reading the imports under src/main/java: the
 * session model stays free of HTTP, the servlet face never names a concrete store, and only the embedded
 * server touches Jetty, so the war never loads it.
 */
class DependencyDirectionTest {
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);

  /** For each package (prefix under dev.satchel), the import prefixes it may use besides java.* and its own. */
  private static final Map<String, List<String>> ALLOWED =
      Map.of(
          "session", List.of("org.slf4j."),
          "signing", List.of("org.slf4j."),
          "store", List.of("dev.satchel.session.", "org.slf4j.", "com.zaxxer.", "org.h2.",
              "com.github.benmanes.caffeine.", "io.lettuce."),
          "servlet", List.of("dev.satchel.session.", "dev.satchel.signing.", "jakarta.servlet.", "org.slf4j."),
          "auth", List.of("dev.satchel.session.", "dev.satchel.signing.", "jakarta.servlet.", "at.favre.", "org.slf4j."),
          "config", List.of("dev.satchel.session.", "dev.satchel.store.", "dev.satchel.signing.", "org.slf4j."),
          "app", List.of("dev.satchel.servlet.", "dev.satchel.auth.", "dev.satchel.config.", "dev.satchel.session.",
              "dev.satchel.signing.", "jakarta.servlet.", "gg.jte.", "org.slf4j."),
          "server", List.of("dev.satchel.app.", "dev.satchel.config.", "dev.satchel.session.", "jakarta.servlet.",
              "org.eclipse.jetty.", "org.slf4j."),
          "cli", List.of("dev.satchel.", "picocli.", "org.slf4j."));

  @Test
  void everyImportFollowsThePackageArrows() throws IOException {
    List<String> violations = new ArrayList<>();
    Path root = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String source = Files.readString(file);
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
          continue;
        }
        String own = pkg.group(1);
        String area = own.replaceFirst("^dev\\.satchel\\.", "").split("\\.")[0];
        List<String> allowed = ALLOWED.get(area);
        assertTrue(allowed != null, "package " + own + " is not in the architecture map; add it here and to docs/architecture.md");
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
          String imported = imports.group(1);
          boolean ok = isJdk(imported) || imported.startsWith(own + ".")
              || imported.startsWith("dev.satchel." + area + ".")
              || allowed.stream().anyMatch(imported::startsWith);
          if (!ok) {
            violations.add(root.relativize(file) + " imports " + imported);
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), "imports against the package arrows:\n" + String.join("\n", violations));
  }

  private static boolean isJdk(String imported) {
    return imported.startsWith("java.") || imported.startsWith("javax.crypto.") || imported.startsWith("javax.sql.");
  }
}
