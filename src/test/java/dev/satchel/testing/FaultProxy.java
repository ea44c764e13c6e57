package dev.satchel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fault-injecting TCP relay between Satchel and a real server (PostgreSQL, Redis): the test points the
 * store at {@link #port()} and then makes the server look gone ({@link #cut()}), slow ({@link #slow}), hung
 * ({@link #blackhole()}), unreachable ({@link #unreachable()}: not even a TCP handshake) or drop a connection in
 * the middle of a write ({@link #cutMidWrite}), and brings it back with {@link #restore()} on the same port.
 */
public final class FaultProxy implements AutoCloseable {
  private static final long HOLD_POLL_MILLIS = 10;

  private final int targetPort;
  private final int port;
  private volatile ServerSocket listener;
  /** While {@link #unreachable()}: the listener that never accepts, and the connections that fill its queue. */
  private ServerSocket silent;
  private final java.util.List<Socket> queueFillers = new java.util.ArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicReference<byte[]> midWriteMarker = new AtomicReference<>();
  private final AtomicInteger midWriteCuts = new AtomicInteger();
  private volatile boolean cut;
  private volatile boolean blackhole;
  private volatile Duration delay = Duration.ZERO;

  private FaultProxy(int targetPort) {
    this.targetPort = targetPort;
    listener = listen(0, 50);
    port = listener.getLocalPort();
    startAccepting(listener);
  }

  private static ServerSocket listen(int port, int backlog) {
    // A listener closed a moment ago may hold the port until its accept thread has woken up and let go.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        return bound(port, backlog);
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException(e);
        }
        sleepQuietly(20);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static ServerSocket bound(int port, int backlog) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void startAccepting(ServerSocket on) {
    daemon("fault-proxy-accept", () -> accept(on));
  }

  /** A relay on a free loopback port to {@code 127.0.0.1:targetPort}, passing traffic through at once. */
  public static FaultProxy to(int targetPort) {
    return new FaultProxy(targetPort);
  }

  public int port() {
    return port;
  }

  /**
   * The server is gone: closes every relayed connection and hangs up on new ones (accept, then close at
   * once) until {@link #restore()}.
   */
  public void cut() {
    cut = true;
    open.forEach(FaultProxy::closeQuietly);
    open.clear();
  }

  /** Delays every chunk relayed in either direction by {@code perChunk} (existing connections too). */
  public void slow(Duration perChunk) {
    delay = perChunk;
  }

  /**
   * The server accepts and hangs: connections (new and existing) stay open, but nothing is relayed in either
   * direction until {@link #restore()}. Bytes sent meanwhile are held, not dropped, and delivered on restore,
   * as a frozen server or a network dropping packets (TCP retransmits) would do: a command the client gave
   * up on may still be carried out late.
   */
  public void blackhole() {
    blackhole = true;
  }

  /**
   * Arms a one-shot cut in the middle of a write: the next time the client sends {@code marker}, the proxy
   * relays the bytes up to the end of the marker and then closes that connection (both sides), so the server
   * receives half a message. Other connections, and later ones, are relayed as usual. {@link #midWriteCuts()}
   * tells whether it fired.
   *
   * <p>Why a marker the test itself writes (a unique session value), rather than a byte count after arming
   * or a protocol keyword ({@code UPDATE}, {@code INSERT}, {@code EVALSHA}, {@code HSET}): the bytes of a value
   * being saved must cross the wire whatever the driver does, so the cut lands inside the save and nowhere
   * else. Keywords disappear once pgJDBC switches to a named server-side statement (from the fifth execution
   * on, only the statement name and the parameters are sent) and change with the store's script or command
   * choice; a byte count depends on message sizes and on what else the request sends first (its load, the
   * CSRF check, a validation query, a keep-alive).
   */
  public void cutMidWrite(String marker) {
    midWriteMarker.set(marker.getBytes(StandardCharsets.UTF_8));
  }

  /** How many connections {@link #cutMidWrite} has cut so far. */
  public int midWriteCuts() {
    return midWriteCuts.get();
  }

  /**
   * The host is gone from the network (a firewall dropping packets, a machine powered off): every relayed
   * connection is closed, and a new one never completes its TCP handshake. The port is taken over by a
   * listener that never accepts, with a one-connection queue kept full, so the kernel drops every further
   * SYN and the client waits in {@code connect} until its own connect timeout gives up.
   */
  public synchronized void unreachable() {
    cut();
    closeQuietly(listener);
    silent = listen(port, 1);
    // Fill the accept queue: once a connect no longer completes within 200 ms, SYNs are being dropped.
    for (int i = 0; i < 8; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        queueFillers.add(filler);
      } catch (IOException timedOut) {
        closeQuietly(filler);
        return;
      }
    }
    throw new IllegalStateException("the kernel kept accepting connections into a one-connection queue");
  }

  /** Relays again, promptly: no cut, no delay, no black hole, no armed mid-write cut, reachable again. */
  public synchronized void restore() {
    midWriteMarker.set(null);
    delay = Duration.ZERO;
    cut = false;
    blackhole = false;
    if (silent != null) {
      queueFillers.forEach(FaultProxy::closeQuietly);
      queueFillers.clear();
      closeQuietly(silent);
      silent = null;
      listener = listen(port, 50);
      startAccepting(listener);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(listener);
    if (silent != null) {
      queueFillers.forEach(FaultProxy::closeQuietly);
      closeQuietly(silent);
    }
    blackhole = false;
    cut();
  }

  private void accept(ServerSocket listener) {
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
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        // listener closed (ends the loop) or the target refused this one connection (keep accepting)
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromClient) {
    daemon("fault-proxy-pump", () -> {
      byte[] buffer = new byte[8192];
      byte[] tail = new byte[0]; // the end of the previous chunk, so a marker split across two reads is found
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          while (blackhole && !to.isClosed()) {
            Thread.sleep(HOLD_POLL_MILLIS);
          }
          Duration wait = delay;
          if (!wait.isZero()) {
            Thread.sleep(wait.toMillis());
          }
          byte[] marker = fromClient ? midWriteMarker.get() : null;
          if (marker != null) {
            int end = endOfMarker(tail, buffer, n, marker);
            if (end >= 0 && midWriteMarker.compareAndSet(marker, null)) {
              out.write(buffer, 0, end);
              out.flush();
              midWriteCuts.incrementAndGet();
              return; // finally closes both sides: the server is left with half a message
            }
            tail = lastBytes(tail, buffer, n, marker.length - 1);
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

  /** Where in {@code chunk[0..n)} the marker ends (exclusive), counting a start in {@code tail}; -1 if absent. */
  private static int endOfMarker(byte[] tail, byte[] chunk, int n, byte[] marker) {
    byte[] joined = Arrays.copyOf(tail, tail.length + n);
    System.arraycopy(chunk, 0, joined, tail.length, n);
    outer:
    for (int i = 0; i + marker.length <= joined.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (joined[i + j] != marker[j]) {
          continue outer;
        }
      }
      return i + marker.length - tail.length;
    }
    return -1;
  }

  private static byte[] lastBytes(byte[] tail, byte[] chunk, int n, int keep) {
    byte[] joined = Arrays.copyOf(tail, tail.length + n);
    System.arraycopy(chunk, 0, joined, tail.length, n);
    return Arrays.copyOfRange(joined, Math.max(0, joined.length - keep), joined.length);
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
