package dev.satchel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks at a running JVM from outside, as an operator would: live heap after a full collection and live
 * instances of one class (through {@code jcmd}), open file descriptors and threads (from {@code /proc}). Linux
 * and a JDK's {@code jcmd} are needed; the target must run as the same user.
 */
public final class ServerProbe {
  /** What the probe saw at one moment. */
  public record Snapshot(long heapUsedBytes, long fds, long threads) {
    public double heapMiB() {
      return heapUsedBytes / 1048576.0;
    }

    @Override
    public String toString() {
      return String.format("heap after full GC %.1f MiB, %d open fds, %d threads", heapMiB(), fds, threads);
    }
  }

  // The histogram's last line: "Total        123456      9876543"
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
  private static final Pattern THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)$");

  private final long pid;
  private final String jcmd;

  public ServerProbe(long pid) {
    this.pid = pid;
    Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    this.jcmd = Files.isExecutable(beside) ? beside.toString() : "jcmd";
  }

  /** Live heap after a full collection, descriptors and threads, now. */
  public Snapshot snapshot() {
    return new Snapshot(heapAfterFullGc(), openFds(), threads());
  }

  /**
   * Bytes of live objects right after a full collection: the total of {@code jcmd PID GC.class_histogram},
   * which collects garbage and counts what is left in one step, at one safepoint. ({@code GC.run} followed
   * by {@code GC.heap_info} are two attaches: when traffic is running, whatever was allocated between them
   * counts as used, which was measured here to add 15 MiB at 160 requests/s.)
   */
  public long heapAfterFullGc() {
    return histogram(null).totalBytes();
  }

  /** Live instances of {@code className}, and the heap after a full GC, from one class histogram. */
  public Histogram histogram(String className) {
    String text = jcmd("GC.class_histogram");
    Matcher total = TOTAL.matcher(text);
    if (!total.find()) {
      throw new IllegalStateException("no Total line in GC.class_histogram of " + pid + ":\n"
          + text.substring(0, Math.min(text.length(), 2000)));
    }
    long instances = 0;
    if (className != null) {
      Pattern line = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)");
      Matcher m = line.matcher(text);
      instances = m.find() ? Long.parseLong(m.group(1)) : 0;
    }
    return new Histogram(Long.parseLong(total.group(1)), instances);
  }

  /** The live bytes in a class histogram, and the live instances of the class asked about. */
  public record Histogram(long totalBytes, long instances) {}

  public long openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/" + pid + "/fd", e);
    }
  }

  public long threads() {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      Matcher m = THREADS.matcher(status);
      if (!m.find()) {
        throw new IllegalStateException("no Threads: line in /proc/" + pid + "/status");
      }
      return Long.parseLong(m.group(1));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
  }

  private String jcmd(String command) {
    try {
      Process process = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
          .redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n"
            + new String(output, StandardCharsets.UTF_8));
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + jcmd + " (a JDK's jcmd is needed)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running jcmd", e);
    }
  }
}
