package dev.arbiter.bench;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.compile.CompiledBundle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Arbiter's whole pipeline on the scenario's bundle: parse every file, check (schema, data, types,
 * lints) and compile (closures and target-index tries). The bundle's text is made in setup; the
 * time is from text to a {@link CompiledBundle} ready to evaluate. One shot per iteration.
 *
 * <p>Run it:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar CompileBenchmark
 * }</pre>
 *
 * <p>Quicker, and for smaller bundles too: {@code java -jar benchmarks/target/benchmarks.jar
 * CompileBenchmark -wi 1 -i 3 -p policies=1000,100000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
// A fixed heap, as a PDP holding 100,000 policies is given: with room to grow from 2 GB, each
// single shot also measured the heap growing under it (2.7 to 5.7 s instead of 2.0 to 3.6 s).
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class CompileBenchmark {
  @Param({"100000"})
  public int policies;

  private BundleSource source;

  @Setup
  public void generate() {
    source = ArbiterEngine.source(Scenario.generate(policies));
  }

  @Benchmark
  public CompiledBundle parseCheckCompile() {
    return ArbiterEngine.compile(source);
  }
}
