import java.sql.*;
import java.security.SecureRandom;
import java.util.Base64;

public class MergeVsInsert {
  static final String MERGE = "MERGE INTO satchel_session (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at, user_id) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static final String INSERT = "INSERT INTO satchel_session (id, attributes, created_at, last_accessed_at, max_inactive_seconds, absolute_deadline, expires_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  public static void main(String[] a) throws Exception {
    String dir = a[0];
    Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir + "/db", "sa", "");
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE satchel_session (id VARCHAR(64) PRIMARY KEY, attributes CHARACTER VARYING NOT NULL, created_at BIGINT NOT NULL, last_accessed_at BIGINT NOT NULL, max_inactive_seconds INT NOT NULL, absolute_deadline BIGINT NOT NULL, expires_at BIGINT NOT NULL, user_id VARCHAR(255), revision BIGINT DEFAULT 0 NOT NULL)");
      if (a.length < 2 || !a[1].equals("no-index")) {
        s.execute("CREATE INDEX e ON satchel_session (expires_at)");
        s.execute("CREATE INDEX u ON satchel_session (user_id)");
      }
    }
    PreparedStatement merge = c.prepareStatement(MERGE), insert = c.prepareStatement(INSERT);
    SecureRandom r = new SecureRandom();
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    byte[] b = new byte[32];
    long[] t = new long[2]; long[] n = new long[2];
    for (int round = 0; round < 30; round++) {
      for (int k = 0; k < 2; k++) {
        PreparedStatement p = k == 0 ? merge : insert;
        long start = System.nanoTime();
        for (int i = 0; i < 10000; i++) {
          r.nextBytes(b);
          long now = System.currentTimeMillis();
          p.setString(1, enc.encodeToString(b)); p.setString(2, "{\"visits\":1}"); p.setLong(3, now); p.setLong(4, now);
          p.setInt(5, 1800); p.setLong(6, 0); p.setLong(7, (now + 1800000) / 60000 * 60000); p.setString(8, null);
          p.executeUpdate();
        }
        long took = System.nanoTime() - start;
        if (round >= 10) { t[k] += took; n[k] += 10000; }
      }
    }
    System.out.printf((a.length > 1 ? a[1] : "indexes") + ": MERGE %.2f us/row, INSERT %.2f us/row, ratio %.2f%n", t[0] / 1e3 / n[0], t[1] / 1e3 / n[1], (double) t[0] / n[0] / ((double) t[1] / n[1]));
  }
}
