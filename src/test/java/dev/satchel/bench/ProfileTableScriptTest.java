package dev.satchel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/profile_table.py} puts each sample under the part a reader of the table expects: an H2
 * statement the store runs counts as H2, Jetty writing the response under the filter's output stream as
 * Jetty, the filter's own code as the filter; and it divides by the requests the contender answered.
 */
class ProfileTableScriptTest {
  private static final String JETTY = "java/lang/Thread.run;org/eclipse/jetty/server/Server.handle";
  private static final String FILTER = JETTY + ";dev/satchel/servlet/SessionFilter.doFilter";

  @TempDir Path run;

  @Test
  void eachSampleCountsForThePartNearestTheRunningFrame() throws Exception {
    Files.writeString(run.resolve("raw.csv"), """
        round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us
        1,bare,inc16,1000,1,1000,0.3,1.0,0,,20
        1,satchel-jdbc,inc16,500,1,500,0.5,2.0,0,,40
        1,satchel-jdbc,read16,1500,1,1500,0.4,1.5,0,,30
        """);
    Files.writeString(run.resolve("bare-r1.collapsed"), String.join("\n",
        JETTY + ";org/eclipse/jetty/http/HttpParser.parseNext 3",
        JETTY + ";sun/nio/ch/SocketDispatcher.writev0;writev 2",
        ""));
    Files.writeString(run.resolve("satchel-jdbc-r1.collapsed"), String.join("\n",
        FILTER + ";dev/satchel/store/jdbc/JdbcSessionStore.load;org/h2/command/Command.executeQuery;java/util/HashMap.get 6",
        FILTER + ";dev/satchel/servlet/CommitGuardResponse.write;org/eclipse/jetty/ee10/servlet/HttpOutput.write 4",
        FILTER + ";dev/satchel/servlet/RequestSessionState.save 2",
        FILTER + ";dev/satchel/signing/Signer.unsign;sha256_implCompress 2",
        "start_thread;thread_native_entry;CompileBroker::compiler_thread_loop;C2Compiler::compile_method 4",
        FILTER + ";org/eclipse/jetty/ee10/servlet/HttpOutput.write;sun/nio/ch/SocketDispatcher.writev0;writev 2",
        FILTER + ";dev/satchel/session/Session.setAttribute;dev/satchel/session/AttributeCodec.encode 2",
        // A request thread in a write barrier's slow path is the request's work, not the collector's.
        FILTER + ";dev/satchel/store/jdbc/JdbcSessionStore.save;G1BarrierSetRuntime::write_ref_field_post_entry 2",
        "start_thread;thread_native_entry;Thread::call_run;GangWorker::loop;G1ParTask::work 2",
        JETTY + ";org/eclipse/jetty/session/DefaultSessionCache.get;org/eclipse/jetty/util/Foo.bar 2",
        ""));
    Files.writeString(run.resolve("no-requests-r1.collapsed"), JETTY + ";org/eclipse/jetty/Foo.bar 99\n");

    Map<String, Map<String, String>> table = BenchScripts.tableRows(runScript());

    Map<String, String> bare = table.get("bare");
    assertEquals("5.00", bare.get("samples / 1k requests"));
    assertEquals("3.00", bare.get("Jetty"));
    assertEquals("2.00", bare.get("kernel send"));
    assertEquals("+0.00", bare.get("on top of bare"));

    // 28 samples over 2 000 requests (both workloads of its profile).
    Map<String, String> jdbc = table.get("satchel-jdbc");
    assertEquals("14.00", jdbc.get("samples / 1k requests"));
    assertEquals("3.00", jdbc.get("H2"), "a HashMap lookup inside H2 counts as H2, not as the store");
    assertEquals("2.00", jdbc.get("Jetty"), "Jetty's output stream under the filter counts as Jetty");
    assertEquals("1.00", jdbc.get("Jetty sessions"), "Jetty's session code counts apart from the rest of Jetty");
    assertEquals("1.00", jdbc.get("Satchel filter"));
    assertEquals("1.00", jdbc.get("codec"), "the codec counts apart from the session that called it");
    assertEquals("1.00", jdbc.get("signing"));
    assertEquals("2.00", jdbc.get("JIT"));
    assertEquals("1.00", jdbc.get("GC"), "only the collector's own threads count as GC");
    assertEquals("1.00", jdbc.get("Satchel store"), "a barrier's slow path counts for the code that wrote");
    assertEquals("1.00", jdbc.get("kernel send"));
    assertEquals("+9.00", jdbc.get("on top of bare"));
    assertFalse(table.containsKey("no-requests"), "a profile without measured requests has no row");
  }

  @Test
  void aRunMeasuredAgainBecauseTheHostStoleTooMuchCountsEveryAttemptsRequests() throws Exception {
    // raw.csv keeps the least stolen attempt; the profile sampled all of them.
    Files.writeString(run.resolve("raw.csv"), """
        round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us,steal_pct,idle_pct,others_us
        1,bare,inc16,1000,1,1000,0.3,1.0,0,,20,2.0,1.0,9
        """);
    Files.writeString(run.resolve("attempts.csv"), """
        round,contender,workload,requests,seconds,rps,p50_ms,p99_ms,errors,lost,cpu_us,steal_pct,idle_pct,others_us,attempt
        1,bare,inc16,600,1,600,0.5,2.0,0,,30,40.0,1.0,9,1
        1,bare,inc16,1000,1,1000,0.3,1.0,0,,20,2.0,1.0,9,2
        """);
    Files.writeString(run.resolve("bare-r1.collapsed"), JETTY + ";org/eclipse/jetty/http/HttpParser.parseNext 8\n");

    Map<String, String> bare = BenchScripts.tableRows(runScript()).get("bare");

    assertEquals("5.00", bare.get("samples / 1k requests"), "8 samples over the 1 600 requests of both attempts");
  }

  private String runScript() throws IOException, InterruptedException {
    return BenchScripts.run("profile_table.py", run);
  }
}
