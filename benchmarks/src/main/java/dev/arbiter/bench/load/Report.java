package dev.arbiter.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The results as a Markdown table for people and as JSON for tools, with the machine and the settings. */
final class Report {
  private Report() {}

  /**
   * One row per concurrency and target, in run order grouped by concurrency, so peers sit next to each
   * other. CPU is in cores, server + load generator; ⚠ marks a cell other processes disturbed.
   */
  static String table(List<CellResult> cells, List<Integer> concurrencies) {
    StringBuilder table = new StringBuilder("| in flight | target | decisions/s | p50 | p99 | CPU server + generator |\n")
        .append("| ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (int concurrency : concurrencies) {
      for (CellResult cell : cells) {
        if (cell.concurrency() == concurrency) {
          table.append(String.format(Locale.ROOT, "| %d | %s | %,.0f%s | %s | %s | %s |%n", concurrency, cell.target(),
              cell.decisionsPerSecond(), cell.disturbed() ? " ⚠" : "", latency(cell.p50Micros()),
              latency(cell.p99Micros()), cpu(cell.cpuCores())));
        }
      }
    }
    return table.toString();
  }

  /** The line printed when a cell is done. */
  static String progress(CellResult cell) {
    return String.format(Locale.ROOT, "%-13s %3d in flight: %,9.0f decisions/s, p50 %s, p99 %s, CPU %s%s%s",
        cell.target(), cell.concurrency(), cell.decisionsPerSecond(), latency(cell.p50Micros()),
        latency(cell.p99Micros()), cpu(cell.cpuCores()),
        cell.cpuCores() == null ? "" : String.format(Locale.ROOT, " (other processes %.2f)", cell.cpuCores().other()),
        cell.clean() ? "" : " — " + cell.mismatches() + " mismatched, " + cell.failures() + " failed");
  }

  private static String cpu(CpuMeter.Usage usage) {
    return usage == null ? "?" : String.format(Locale.ROOT, "%.2f + %.2f", usage.server(), usage.generator());
  }

  /** Writes {@code out}: machine, Cerbos' version, settings, every target's answer to every call, and every cell. */
  static void writeJson(Path out, LoadSettings settings, String cerbosVersion, List<EquivalenceCheck.Row> equivalence,
      List<CellResult> cells) throws IOException {
    Map<String, Object> settingsJson = new LinkedHashMap<>();
    settingsJson.put("requests", settings.requests().toString());
    settingsJson.put("concurrencies", settings.concurrencies());
    settingsJson.put("warmupSeconds", settings.warmup().toSeconds());
    settingsJson.put("measureSeconds", settings.measure().toSeconds());
    settingsJson.put("serverWarmupSeconds", settings.serverWarmup().toSeconds());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", machine());
    results.put("cerbosVersion", cerbosVersion);
    results.put("settings", settingsJson);
    results.put("equivalence", equivalence);
    results.put("cells", cells);
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
  }

  /** Cores, memory, CPU model, operating system and JVM of this machine. */
  static Map<String, Object> machine() throws IOException {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      machine.put("memoryGiB", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
    }
    machine.put("cpu", cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    machine.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
    return machine;
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "unknown";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1)
          .trim()).findFirst().orElse("unknown");
    }
  }

  private static String latency(double micros) {
    return micros < 1000 ? String.format(Locale.ROOT, "%.0f µs", micros)
        : String.format(Locale.ROOT, "%.2f ms", micros / 1000);
  }

  /** A line for each cell that saw a wrong decision, a failed request or no decision at all; empty if none did. */
  static String problems(List<CellResult> cells) {
    StringBuilder problems = new StringBuilder();
    for (CellResult cell : cells) {
      if (!cell.clean()) {
        problems.append(String.format(Locale.ROOT, "%s at %d in flight: %d decisions, %d mismatched, %d failed%s%n",
            cell.target(), cell.concurrency(), cell.decisions(), cell.mismatches(), cell.failures(),
            cell.firstFailure() == null ? "" : " (first: " + cell.firstFailure() + ")"));
      }
    }
    return problems.toString();
  }
}
