package dev.satchel.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A response that runs a callback once, just before anything could commit it: a flush, a redirect, an
 * error, a close, or a write that would fill the buffer or reach the declared content length. After commit
 * no {@code Set-Cookie} can be added, so the session must be saved before then, not after the servlet
 * returns.
 */
final class CommitGuardResponse extends HttpServletResponseWrapper {
  private final Runnable beforeCommit;
  private boolean fired;
  private boolean errorSent;
  private long written;
  private long contentLength = -1;
  private GuardedOutputStream stream;
  private PrintWriter writer;

  CommitGuardResponse(HttpServletResponse response, Runnable beforeCommit) {
    super(response);
    this.beforeCommit = beforeCommit;
  }

  /** Runs the callback unless it already ran. Marked first, so a callback that throws is not retried. */
  void fire() {
    if (!fired) {
      fired = true;
      beforeCommit.run();
    }
  }

  boolean fired() {
    return fired;
  }

  /** True once the servlet called {@code sendError}: the container dispatches to an error page next. */
  boolean errorSent() {
    return errorSent;
  }

  /** Called before {@code n} more bytes (or a bound on them) go out. */
  void beforeWrite(long n) {
    if (fired) {
      return;
    }
    long after = written + n;
    if (after > getBufferSize() || (contentLength >= 0 && after >= contentLength)) {
      fire();
    }
    written = after;
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    errorSent = true;
    fire();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    errorSent = true;
    fire();
    super.sendError(sc);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    fire();
    super.sendRedirect(location);
  }

  @Override
  public void flushBuffer() throws IOException {
    fire();
    super.flushBuffer();
  }

  @Override
  public void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    // Jetty commits at once when the bytes already written reach the new length.
    if (len >= 0 && written >= len) {
      fire();
    }
    contentLength = len;
    super.setContentLengthLong(len);
  }

  @Override
  public void reset() {
    super.reset();
    written = 0;
    contentLength = -1;
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    written = 0;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new GuardedOutputStream(super.getOutputStream());
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer = new PrintWriter(new GuardedWriter(super.getWriter()), false);
    }
    return writer;
  }

  private final class GuardedOutputStream extends ServletOutputStream {
    private final ServletOutputStream out;

    GuardedOutputStream(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      beforeWrite(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeWrite(len);
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      fire();
      out.flush();
    }

    @Override
    public void close() throws IOException {
      fire();
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }

  private final class GuardedWriter extends Writer {
    private final PrintWriter out;

    GuardedWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      beforeWrite(utf8Bound(cbuf, off, len));
      out.write(cbuf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      beforeWrite(utf8Bound(s, off, len));
      out.write(s, off, len);
    }

    @Override
    public void write(int c) {
      beforeWrite(c < 0x80 ? 1 : 3);
      out.write(c);
    }

    @Override
    public void flush() {
      fire();
      out.flush();
    }

    @Override
    public void close() {
      fire();
      out.close();
    }
  }

  /** An upper bound of the bytes these characters take in UTF-8 (exact for ASCII, the common case). */
  private static long utf8Bound(CharSequence s, int off, int len) {
    long n = 0;
    for (int i = off; i < off + len; i++) {
      n += s.charAt(i) < 0x80 ? 1 : 3;
    }
    return n;
  }

  private static long utf8Bound(char[] s, int off, int len) {
    long n = 0;
    for (int i = off; i < off + len; i++) {
      n += s[i] < 0x80 ? 1 : 3;
    }
    return n;
  }
}
