package dev.satchel.config;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any value for any key gives settings or a SettingsException — never another exception. */
class SettingsProperties {

  @Property(tries = 3000)
  void anyValueForAnyKeyIsAcceptedOrRefusedClearly(@ForAll("keys") String key, @ForAll("values") String value) {
    try {
      Settings.of(Map.of(key, value));
    } catch (SettingsException expected) {
      if (expected.getMessage().lines().count() != 1) {
        throw new AssertionError("message is not one line: " + expected.getMessage());
      }
    }
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(SettingKeys.all().stream().map(SettingKey::name).toList());
  }

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> plausible = Arbitraries.of("", " ", "0", "-1", "65536", "2147483648", "true", "TRUE", "yes",
        "auto", "Lax", "none", "__Host-x", "__Secure-x", "/", "/a", "a b", "redis://", "jdbc:h2:mem:x",
        "jdbc:postgresql://h/db?password=secret", "x".repeat(40), "a,b,,c", "\u0000", "\n", "é");
    return Arbitraries.oneOf(plausible, Arbitraries.strings().all().ofMaxLength(80));
  }
}
