package dev.satchel.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmark's {@code plain-jdbc} contender: the "deliberately plain filter" issue 6 cites as the yardstick
 * for a JDBC session layer — an HMAC-verified cookie, one {@code SELECT} by primary key, Jackson, one
 * {@code UPDATE} before the response commits, HikariCP, H2 on its defaults — written here as such a filter
 * would be, so that its ratio to bare is measured on the same host in the same run as Satchel's.
 *
 * <p>Deliberately without what Satchel adds: no expiry index, no user column, no revision check (two parallel
 * requests of one session overwrite each other), no idle-limit refresh of the cookie, no fixation or
 * timeout handling, no outage page. It writes through on every {@code setAttribute} (so the benchmark
 * servlet's one {@code setAttribute} is one UPDATE, before the servlet writes and so commits its body), and a
 * read-only request writes nothing, not even a last-access time. Not for use outside the benchmark.
 */
final class PlainJdbcSessions implements Filter, AutoCloseable {
  private static final String COOKIE = "PLAIN";
  private static final long IDLE_MILLIS = 30 * 60 * 1000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final HikariDataSource pool;
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Mac> macs;

  PlainJdbcSessions(Path dataDir) throws SQLException {
    pool = BenchServer.h2Pool("plain-jdbc", dataDir.resolve("plain"));
    try (Connection connection = pool.getConnection(); Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS plain_session "
          + "(id VARCHAR(64) PRIMARY KEY, data VARCHAR NOT NULL, expires BIGINT NOT NULL)");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    key = new SecretKeySpec(secret, "HmacSHA256");
    macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    chain.doFilter(new PlainRequest(http, (HttpServletResponse) response, verifiedId(http)), response);
  }

  private String verifiedId(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        String value = cookie.getValue();
        int dot = value.indexOf('.');
        if (dot > 0 && MessageDigest.isEqual(
            sign(value.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
            value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
          return value.substring(0, dot);
        }
      }
    }
    return null;
  }

  private String sign(String id) {
    return B64.encodeToString(macs.get().doFinal(id.getBytes(StandardCharsets.US_ASCII)));
  }

  private PlainSession load(String id, ServletContext context) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT data, expires FROM plain_session WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next() || row.getLong(2) < System.currentTimeMillis()) {
          return null;
        }
        return new PlainSession(id, JSON.readValue(row.getString(1), MAP), false, context);
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("loading a session", e);
    }
  }

  private void write(PlainSession session) {
    String sql = session.stored
        ? "UPDATE plain_session SET data = ?, expires = ? WHERE id = ?"
        : "INSERT INTO plain_session (data, expires, id) VALUES (?, ?, ?)";
    try (Connection connection = pool.getConnection(); PreparedStatement write = connection.prepareStatement(sql)) {
      write.setString(1, JSON.writeValueAsString(session.attributes));
      write.setLong(2, System.currentTimeMillis() + IDLE_MILLIS);
      write.setString(3, session.id);
      write.executeUpdate();
      session.stored = true;
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("saving a session", e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private final class PlainRequest extends HttpServletRequestWrapper {
    private final HttpServletResponse response;
    private final String cookieId;
    private PlainSession session;
    private boolean loaded;

    PlainRequest(HttpServletRequest request, HttpServletResponse response, String cookieId) {
      super(request);
      this.response = response;
      this.cookieId = cookieId;
    }

    @Override
    public HttpSession getSession() {
      return getSession(true);
    }

    @Override
    public HttpSession getSession(boolean create) {
      if (!loaded) {
        loaded = true;
        session = cookieId == null ? null : load(cookieId, getServletContext());
      }
      if (session == null && create) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = B64.encodeToString(bytes);
        session = new PlainSession(id, new LinkedHashMap<>(), true, getServletContext());
        Cookie cookie = new Cookie(COOKIE, id + "." + sign(id));
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
      }
      return session;
    }
  }

  private final class PlainSession implements HttpSession {
    final String id;
    final Map<String, Object> attributes;
    final ServletContext context;
    final long created = System.currentTimeMillis();
    boolean stored;

    PlainSession(String id, Map<String, Object> attributes, boolean isNew, ServletContext context) {
      this.id = id;
      this.attributes = attributes;
      this.stored = !isNew;
      this.context = context;
    }

    @Override
    public void setAttribute(String name, Object value) {
      attributes.put(name, value);
      write(this);
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
      write(this);
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
      return Collections.enumeration(attributes.keySet());
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public boolean isNew() {
      return !stored;
    }

    @Override
    public long getCreationTime() {
      return created;
    }

    @Override
    public long getLastAccessedTime() {
      return created;
    }

    @Override
    public ServletContext getServletContext() {
      return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
      throw new UnsupportedOperationException("plain-jdbc has one fixed idle limit");
    }

    @Override
    public int getMaxInactiveInterval() {
      return (int) (IDLE_MILLIS / 1000);
    }

    @Override
    public void invalidate() {
      throw new UnsupportedOperationException("not needed by the benchmark");
    }
  }
}
