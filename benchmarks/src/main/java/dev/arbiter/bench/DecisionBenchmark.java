package dev.arbiter.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time one authorization decision takes, for each engine, on the "MCP tool calls" {@link
 * Scenario}: the engine is loaded once per trial (not timed); the timed call is the engine's own
 * decide on a request built beforehand.
 *
 * <p>Run it (all engines, all sizes, both requests; about an hour with these defaults):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar DecisionBenchmark -p engine=arbiter,cedar,authzforce,jcasbin,sapl -p policies=10,1000,100000 -p request=base,gen
 * }</pre>
 *
 * <p>A quick look (a few minutes per size; numbers are rougher):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar DecisionBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s -p policies=10,1000 -p request=base,gen
 * }</pre>
 *
 * <p>Add {@code -prof gc} for the bytes allocated per decision ({@code gc.alloc.rate.norm}).
 *
 * <p>{@code policies} is the number of generated per-tool grants (one policy each) on top of the
 * scenario's four general rules. {@code request=base} is permitted by a general rule; {@code
 * request=gen} is permitted only by the last grant. Modes: {@code avgt} is the mean time per
 * decision; {@code sample} records individual decisions, and its {@code p0.50} and {@code p0.99}
 * lines are the median and the 99th percentile.
 *
 * <p>An engine that does not finish loading a size within {@code -Dbench.loadTimeoutSeconds}
 * (default 600) fails its trial's setup with a message saying so, and JMH goes on with the next.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "--enable-native-access=ALL-UNNAMED"})
public class DecisionBenchmark {
  @Param({"arbiter", "cedar", "authzforce", "jcasbin", "sapl"})
  public String engine;

  @Param({"10", "1000", "100000"})
  public int policies;

  @Param({"base", "gen"})
  public String request;

  private Engine loaded;
  private Object prepared;

  @Setup(Level.Trial)
  public void load() throws Exception {
    Scenario scenario = Scenario.generate(policies);
    loaded = load(engine, scenario, Long.getLong("bench.loadTimeoutSeconds", 600));
    Scenario.Call call = scenario.named(request);
    prepared = loaded.prepare(call);
    if (!loaded.decide(prepared)) {
      throw new IllegalStateException(engine + " does not permit the `" + request + "` request with " + policies
          + " grants; the scenario expects permit");
    }
  }

  /** Loads an engine, giving up after {@code timeoutSeconds}. */
  static Engine load(String engine, Scenario scenario, long timeoutSeconds) throws Exception {
    ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "load-" + engine);
      thread.setDaemon(true);
      return thread;
    });
    long start = System.nanoTime();
    try {
      Future<Engine> future = loader.submit(() -> Engine.create(engine, scenario));
      Engine loaded = future.get(timeoutSeconds, TimeUnit.SECONDS);
      System.out.printf("%n# %s loaded %,d grants in %,.1f s%n", engine, scenario.policies(),
          (System.nanoTime() - start) / 1e9);
      return loaded;
    } catch (TimeoutException e) {
      throw new IllegalStateException("SKIPPED: " + engine + " did not load " + scenario.policies()
          + " policies within " + timeoutSeconds + " s (-Dbench.loadTimeoutSeconds)", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      loader.shutdownNow();
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    if (loaded != null) {
      loaded.close();
    }
  }

  @Benchmark
  public boolean decide() {
    return loaded.decide(prepared);
  }
}
