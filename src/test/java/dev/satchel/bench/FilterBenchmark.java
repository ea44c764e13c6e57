package dev.satchel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole request through the real server, without sockets: Jetty's {@link LocalConnector} parses a raw
 * HTTP request and runs the same contender the HTTP benchmark runs (bare, Jetty's in-memory sessions, the
 * plain JDBC filter, Satchel's filter on the memory store or the default H2 store) around
 * {@link BenchServlet}. No mocks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FilterBenchmark {
  private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie: *([^;\\r\\n]*)");

  @Param({"bare", "jetty-memory", "plain-jdbc", "satchel-memory", "satchel-jdbc"})
  public String contender;

  private Server server;
  private LocalConnector local;
  private Path dir;
  private String increment;
  private String read;

  @Setup
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("satchel-jmh-filter");
    String kind = contender.startsWith("satchel-") ? "satchel" : contender;
    Map<String, String> settings =
        contender.startsWith("satchel-") ? Map.of("session.store", contender.substring(8)) : Map.of();
    server = BenchServer.start(kind, 0, dir, settings);
    local = server.getBean(LocalConnector.class);
    String first = local.getResponse(request("/b/inc", ""));
    Matcher cookie = SET_COOKIE.matcher(first);
    String header = cookie.find() ? "Cookie: " + cookie.group(1) + "\r\n" : "";
    increment = request("/b/inc", header);
    read = request("/b/read", header);
    // Measure nothing rather than error pages or a session that does not stick.
    String second = local.getResponse(increment);
    String expected = contender.equals("bare") ? "visits=1" : "visits=2";
    if (!second.startsWith("HTTP/1.1 200") || !second.contains(expected)) {
      throw new IllegalStateException(contender + " answered, expecting " + expected + ":\n" + second);
    }
  }

  private static String request(String path, String headers) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n";
  }

  @TearDown
  public void tearDown() throws Exception {
    server.stop();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  /** Workload (a): read the counter, write it back plus one. */
  @Benchmark
  public String incrementRequest() throws Exception {
    return local.getResponse(increment);
  }

  /** Workload (b): read the counter only. */
  @Benchmark
  public String readRequest() throws Exception {
    return local.getResponse(read);
  }
}
