package dev.satchel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injecting TCP relay between Satchel and a real server: {@link #cut()} makes the server look gone,
 * {@link #slow(Duration)} makes it answer late, {@link #restore()} brings it back on the same port. The
 * listener stays bound throughout, so a cut looks like a server that accepts and hangs up at once.
 */
public final class FaultProxy implements AutoCloseable {
  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile Duration delay = Duration.ZERO;

  private FaultProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon("fault-proxy-accept", this::accept);
  }

  /** A relay on a free loopback port to {@code 127.0.0.1:targetPort}, passing traffic through at once. */
  public static FaultProxy to(int targetPort) {
    return new FaultProxy(targetPort);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every relayed connection and hangs up on new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(FaultProxy::closeQuietly);
    open.clear();
  }

  /** Delays every chunk relayed in either direction by {@code perChunk} (existing connections too). */
  public void slow(Duration perChunk) {
    delay = perChunk;
  }

  /** Relays again, promptly. */
  public void restore() {
    delay = Duration.ZERO;
    cut = false;
  }

  @Override
  public void close() {
    closeQuietly(listener);
    cut();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // listener closed (ends the loop) or the target refused this one connection (keep accepting)
      }
    }
  }

  private void pump(Socket from, Socket to) {
    daemon("fault-proxy-pump", () -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          Duration wait = delay;
          if (!wait.isZero()) {
            Thread.sleep(wait.toMillis());
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side closed or the proxy was cut: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    });
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
