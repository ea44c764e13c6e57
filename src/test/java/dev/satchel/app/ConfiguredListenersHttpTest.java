package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.satchel.config.SettingsException;
import dev.satchel.testing.Browser;
import dev.satchel.testing.TestServer;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code session.listeners} names listener classes that the real server creates and tells about sessions. */
class ConfiguredListenersHttpTest {

  /** Created by the server from its class name; writes down what it hears where the test can read it. */
  public static final class CountingListener implements HttpSessionListener {
    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    public CountingListener() {}

    @Override
    public void sessionCreated(HttpSessionEvent se) {
      HEARD.add("created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      HEARD.add("destroyed");
    }
  }

  @Test
  void listenerNamedInTheSettingsHearsTheDemoSessionCreated() {
    CountingListener.HEARD.clear();
    try (TestServer server =
        TestServer.start(Map.of("session.listeners", CountingListener.class.getName()))) {
      Browser browser = server.browser();
      browser.get("/session");
      browser.get("/session");
      assertEquals(List.of("created"), CountingListener.HEARD, "one session, created once");
    }
  }

  @Test
  void unknownListenerClassStopsStartUpNamingIt() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> TestServer.start(Map.of("session.listeners", "com.example.NoSuchListener")).close());
    assertTrue(e.getMessage().startsWith("session.listeners: 'com.example.NoSuchListener' cannot be created"),
        e.getMessage());
  }

  @Test
  void classThatIsNoSessionListenerStopsStartUp() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> TestServer.start(Map.of("session.listeners", "java.util.ArrayList")).close());
    assertEquals("session.listeners: 'java.util.ArrayList' is not a session listener"
        + " (HttpSessionListener, HttpSessionAttributeListener or HttpSessionIdListener)", e.getMessage());
  }
}
