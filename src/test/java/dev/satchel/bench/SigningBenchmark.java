package dev.satchel.bench;

import dev.satchel.session.SessionIds;
import dev.satchel.signing.Signer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The cookie work of every request: verifying the signed session id, and signing one for Set-Cookie. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SigningBenchmark {
  private Signer signer;
  private String id;
  private String signed;

  @Setup
  public void setUp() {
    signer = new Signer("a benchmark secret of a realistic length, 50 chars", List.of(), "satchel.bench");
    id = SessionIds.next();
    signed = signer.sign(id);
  }

  @Benchmark
  public String sign() {
    return signer.sign(id);
  }

  @Benchmark
  public Optional<Signer.Unsigned> verify() {
    return signer.unsign(signed);
  }
}
