package dev.satchel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.satchel.session.SessionStore;
import dev.satchel.session.StoreUnavailableException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The health check answers from the store's ping alone, and never reaches for a session. */
class HealthServletTest {

  private final SessionStore store = mock(SessionStore.class);
  private final HealthServlet servlet = new HealthServlet(store);

  private void storeGoesDown() {
    doThrow(new StoreUnavailableException("fake", "ping", new SQLException("connection refused")))
        .when(store)
        .ping();
  }

  private record Answer(int status, String body, HttpServletRequest request) {}

  private Answer probe() throws IOException {
    HttpServletRequest request = mock(HttpServletRequest.class);
    HttpServletResponse response = mock(HttpServletResponse.class);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    when(response.getOutputStream()).thenReturn(new CapturingOutput(body));

    servlet.doGet(request, response);

    ArgumentCaptor<Integer> status = ArgumentCaptor.forClass(Integer.class);
    verify(response).setStatus(status.capture());
    verify(response).setContentType("text/plain;charset=UTF-8");
    return new Answer(status.getValue(), body.toString(StandardCharsets.UTF_8), request);
  }

  @Test
  void answeringStoreIsOk() throws IOException {
    Answer answer = probe();

    assertEquals(200, answer.status());
    assertEquals("ok", answer.body());
  }

  @Test
  void silentStoreIsServiceUnavailable() throws IOException {
    storeGoesDown();

    Answer answer = probe();

    assertEquals(503, answer.status());
    assertEquals("store unavailable", answer.body());
  }

  @Test
  void recoveredStoreIsOkAgain() throws IOException {
    storeGoesDown();
    probe();
    doNothing().when(store).ping();

    assertEquals(200, probe().status());
  }

  @Test
  void probeNeverTouchesTheSession() throws IOException {
    HttpServletRequest request = probe().request();

    verify(request, never()).getSession();
    verify(request, never()).getSession(anyBoolean());
  }

  private static final class CapturingOutput extends ServletOutputStream {
    private final ByteArrayOutputStream target;

    CapturingOutput(ByteArrayOutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      target.write(b);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {}
  }
}
