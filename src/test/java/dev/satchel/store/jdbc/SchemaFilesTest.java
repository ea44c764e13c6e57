package dev.satchel.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every schema version exists for every database: a version added for H2 alone would break PostgreSQL at start. */
class SchemaFilesTest {

  @Test
  void everyVersionHasAFileForEveryDatabase() {
    List<String> missing = new ArrayList<>();
    for (SqlDialect dialect : List.of(SqlDialect.forUrl("jdbc:h2:mem:x"), SqlDialect.forUrl("jdbc:postgresql://h/db"))) {
      for (String name : SchemaMigrator.MIGRATIONS) {
        String path = dialect.schemaDirectory() + "/" + name + ".sql";
        if (SchemaMigrator.class.getResource(path) == null) {
          missing.add(path);
        }
      }
    }
    assertTrue(missing.isEmpty(), "schema files missing under src/main/resources/dev/satchel/store/jdbc/: " + missing);
  }
}
