package dev.arbiter.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a run does and where things are. Paths are taken relative to the repository root, the working
 * directory {@code benchmarks/load/run.sh} gives the runner.
 *
 * @param cerbos the Cerbos server binary; null when no Cerbos target runs
 * @param arbiterJar {@code pdp-service}'s {@code quarkus-run.jar}
 * @param bundle the Arbiter bundle the server serves and the tools' attributes come from
 * @param requests the calls to send ({@code benchmarks/load/requests.json})
 * @param cerbosConfig the directory holding Cerbos' {@code config.yaml} and {@code policies/}
 * @param out where the raw results go, as JSON; the servers' logs go beside it
 * @param java the JVM to run Arbiter with: the one running this
 */
record LoadSettings(Path cerbos, Path arbiterJar, Path bundle, Path requests, Path cerbosConfig, Path out,
    Path java, List<Target> targets, List<Integer> concurrencies, Duration warmup, Duration measure,
    Duration serverWarmup) {

  static final String USAGE = """
      options (defaults in brackets):
        --cerbos FILE               the Cerbos server binary (run.sh fetches it and passes it)
        --arbiter-jar FILE          [pdp-service/target/quarkus-app/quarkus-run.jar]
        --bundle DIR                [policies]
        --requests FILE             [benchmarks/load/requests.json]
        --cerbos-config DIR         [benchmarks/load/cerbos]
        --out FILE                  [benchmarks/target/load/results.json]
        --targets LIST              [arbiter-rest,arbiter-grpc,cerbos-rest,cerbos-grpc]
        --concurrency LIST          requests in flight [1,4,16,64]
        --warmup-seconds N          before each measurement [5]
        --measure-seconds N         each measurement [10]
        --server-warmup-seconds N   once per target, at the highest concurrency, before its cells [15]
      """;

  Path logs() {
    return out.toAbsolutePath().getParent();
  }

  /** Reads {@code --name value} pairs; anything unknown is an {@link IllegalArgumentException} with the usage. */
  static LoadSettings parse(String[] args) {
    Path cerbos = null;
    Path arbiterJar = Path.of("pdp-service/target/quarkus-app/quarkus-run.jar");
    Path bundle = Path.of("policies");
    Path requests = Path.of("benchmarks/load/requests.json");
    Path cerbosConfig = Path.of("benchmarks/load/cerbos");
    Path out = Path.of("benchmarks/target/load/results.json");
    List<Target> targets = List.of(Target.values());
    List<Integer> concurrencies = List.of(1, 4, 16, 64);
    Duration warmup = Duration.ofSeconds(5);
    Duration measure = Duration.ofSeconds(10);
    Duration serverWarmup = Duration.ofSeconds(15);
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("every option takes a value\n" + USAGE);
    }
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--cerbos" -> cerbos = Path.of(value);
        case "--arbiter-jar" -> arbiterJar = Path.of(value);
        case "--bundle" -> bundle = Path.of(value);
        case "--requests" -> requests = Path.of(value);
        case "--cerbos-config" -> cerbosConfig = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--targets" -> targets = targets(value);
        case "--concurrency" -> concurrencies = Arrays.stream(value.split(",")).map(String::trim)
            .map(Integer::valueOf).toList();
        case "--warmup-seconds" -> warmup = Duration.ofSeconds(Long.parseLong(value));
        case "--measure-seconds" -> measure = Duration.ofSeconds(Long.parseLong(value));
        case "--server-warmup-seconds" -> serverWarmup = Duration.ofSeconds(Long.parseLong(value));
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
    }
    if (cerbos == null && targets.stream().anyMatch(target -> target.pdp() == Pdp.CERBOS)) {
      throw new IllegalArgumentException("--cerbos is missing\n" + USAGE);
    }
    Path java = Path.of(ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this")));
    return new LoadSettings(cerbos == null ? null : cerbos.toAbsolutePath(), arbiterJar.toAbsolutePath(), bundle.toAbsolutePath(),
        requests, cerbosConfig.toAbsolutePath(), out, java, targets, concurrencies, warmup, measure, serverWarmup);
  }

  private static List<Target> targets(String list) {
    List<Target> targets = new ArrayList<>();
    for (String name : list.split(",")) {
      targets.add(Target.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
    }
    return targets;
  }
}
