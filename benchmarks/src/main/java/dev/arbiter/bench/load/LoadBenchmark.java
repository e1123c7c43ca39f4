package dev.arbiter.bench.load;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The load benchmark: Arbiter's PDP service and Cerbos, each serving the MCP policy, under the same
 * closed-loop load over REST and gRPC on loopback, in one run, printed as one table.
 *
 * <pre>{@code
 * benchmarks/load/run.sh                                    # everything: builds, fetches Cerbos, runs
 * benchmarks/load/run.sh --concurrency 1,16 --measure-seconds 5 --targets arbiter-grpc,cerbos-grpc
 * }</pre>
 *
 * <p>{@code run.sh} builds what is missing and runs {@code java -cp benchmarks/target/benchmarks.jar
 * dev.arbiter.bench.load.LoadBenchmark [options]} from the repository root ({@link LoadSettings#USAGE}
 * lists the options). The run:
 *
 * <ol>
 *   <li>starts both servers and checks that every target gives every call of the request set its
 *       expected decision ({@link EquivalenceCheck}); stops there if one does not;
 *   <li>starts each server alone, warms it up, and measures each of its targets at each concurrency
 *       ({@link ClosedLoop}): a warm-up, then a measured period;
 *   <li>prints the table (decisions/s, p50, p99, cores used by server and load generator, ⚠ where
 *       other processes took CPU during the measurement) and writes every number to the JSON file.
 * </ol>
 *
 * Exits 0 when every cell ran without a failed request or a wrong decision, 1 otherwise, 2 on bad options.
 */
public final class LoadBenchmark {
  private final LoadSettings settings;
  private final RequestSet requests;
  private final Vertx vertx;

  private LoadBenchmark(LoadSettings settings, RequestSet requests, Vertx vertx) {
    this.settings = settings;
    this.requests = requests;
    this.vertx = vertx;
  }

  public static void main(String[] args) throws Exception {
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    RequestSet requests = RequestSet.load(settings.requests(), settings.bundle());
    Vertx vertx = Vertx.vertx();
    int status;
    try {
      status = new LoadBenchmark(settings, requests, vertx).run();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    System.exit(status);
  }

  private int run() throws IOException, InterruptedException {
    List<Pdp> pdps = settings.targets().stream().map(Target::pdp).distinct().toList();
    String cerbosVersion = pdps.contains(Pdp.CERBOS) ? cerbosVersion() : null;
    System.out.printf("%d calls (%s), targets %s, %s in flight, %d s warm-up + %d s measured per cell%n%n",
        requests.size(), settings.requests(), settings.targets().stream().map(Target::label).toList(),
        settings.concurrencies(), settings.warmup().toSeconds(), settings.measure().toSeconds());

    List<EquivalenceCheck.Row> check = checkEquivalence(pdps);
    System.out.println("Decisions before measuring:\n\n" + EquivalenceCheck.table(check, settings.targets()));
    if (!check.stream().allMatch(EquivalenceCheck.Row::agrees)) {
      System.out.println("A target does not give the expected decision (✗ above): nothing was measured.");
      return 1;
    }

    List<CellResult> cells = new ArrayList<>();
    for (Pdp pdp : pdps) {
      cells.addAll(measure(pdp));
    }

    Report.writeJson(settings.out(), settings, cerbosVersion, check, cells);
    System.out.printf("%nDecisions per second and latency (closed loop, loopback; raw numbers in %s):%n%n%s",
        settings.out(), Report.table(cells, settings.concurrencies()));
    if (cells.stream().anyMatch(CellResult::disturbed)) {
      System.out.printf("%n⚠ other processes used more than %.1f cores while these cells were measured: their numbers"
          + " are disturbed; run again on a quiet machine.%n", CellResult.DISTURBANCE);
    }
    String problems = Report.problems(cells);
    if (!problems.isEmpty()) {
      System.out.println("\nCells with failed requests or wrong decisions:\n" + problems);
      return 1;
    }
    return 0;
  }

  private List<EquivalenceCheck.Row> checkEquivalence(List<Pdp> pdps) throws IOException, InterruptedException {
    Map<Pdp, Pdp.Running> servers = new EnumMap<>(Pdp.class);
    try {
      for (Pdp pdp : pdps) {
        servers.put(pdp, pdp.start(settings));
      }
      return EquivalenceCheck.run(servers, settings.targets(), vertx, requests);
    } finally {
      for (Pdp.Running server : servers.values()) {
        server.close();
      }
    }
  }

  /** Starts {@code pdp} alone and measures each of its targets at each concurrency. */
  private List<CellResult> measure(Pdp pdp) throws IOException, InterruptedException {
    List<CellResult> cells = new ArrayList<>();
    try (Pdp.Running server = pdp.start(settings)) {
      CpuMeter cpu = new CpuMeter(server.process().pid());
      for (Target target : settings.targets()) {
        if (target.pdp() != pdp) {
          continue;
        }
        warmUp(server, target, cpu);
        for (int concurrency : settings.concurrencies()) {
          try (DecisionClient client = target.open(server, vertx, requests, concurrency)) {
            CellResult cell = CellResult.of(target, concurrency,
                ClosedLoop.run(client, requests, concurrency, settings.warmup(), settings.measure(), cpu));
            System.out.println(Report.progress(cell));
            cells.add(cell);
          }
        }
      }
    }
    return cells;
  }

  /** Load at the highest concurrency for a while, unmeasured: the server's JIT and pools settle first. */
  private void warmUp(Pdp.Running server, Target target, CpuMeter cpu) throws InterruptedException {
    int concurrency = Collections.max(settings.concurrencies());
    try (DecisionClient client = target.open(server, vertx, requests, concurrency)) {
      ClosedLoop.run(client, requests, concurrency, settings.serverWarmup(), Duration.ZERO, cpu);
    }
  }

  private String cerbosVersion() throws IOException, InterruptedException {
    Process version = new ProcessBuilder(settings.cerbos().toString(), "--version").redirectErrorStream(true).start();
    String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    version.waitFor();
    return output.lines().findFirst().orElse("unknown").trim();
  }
}
