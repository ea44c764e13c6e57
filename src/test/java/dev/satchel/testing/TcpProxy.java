package dev.satchel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real server, which a test can cut and restore on the same port: the way to
 * show what a store does when its server goes away mid-life and comes back, without stopping a server
 * that other tests share.
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private int port;

  private TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /** A relay on a free local port to {@code 127.0.0.1:targetPort}, accepting at once. */
  public static TcpProxy to(int targetPort) {
    TcpProxy proxy = new TcpProxy(targetPort);
    proxy.listen(0);
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Closes every relayed connection and stops accepting: the server looks gone. */
  public synchronized void cut() {
    closeQuietly(listener);
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Accepts again on the same port. */
  public synchronized void restore() {
    listen(port);
  }

  @Override
  public void close() {
    cut();
  }

  private void listen(int onPort) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      listener = socket;
      port = socket.getLocalPort();
      daemon("tcp-proxy-accept", () -> accept(socket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return; // cut
      }
    }
  }

  private void pump(Socket from, Socket to) {
    daemon("tcp-proxy-pump", () -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
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
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // already closed
    }
  }
}
