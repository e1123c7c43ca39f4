package dev.arbiter.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How many cores the server, this load generator and everything else used over a period, from
 * Linux's {@code /proc} (the machine's counters in {@code /proc/stat}, each process's in
 * {@code /proc/<pid>/stat}). Server and load generator share the machine, so this says where its
 * cores went; cores used by other processes mean that period's numbers are disturbed. Where there
 * is no {@code /proc}, periods have no usage.
 */
final class CpuMeter {
  private static final Path MACHINE = Path.of("/proc/stat");
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final long serverPid;
  private final long generatorPid = ProcessHandle.current().pid();

  CpuMeter(long serverPid) {
    this.serverPid = serverPid;
  }

  /** Cores used on average over a period: by the server, by the load generator, by anything else. */
  record Usage(double server, double generator, double other) {}

  /** A period that started now; {@link Period#end()} ends it. */
  Period start() {
    return new Period(snapshot());
  }

  final class Period {
    private final Snapshot start;

    private Period(Snapshot start) {
      this.start = start;
    }

    Optional<Usage> end() {
      Snapshot end = snapshot();
      if (start == null || end == null || end.machineTotal == start.machineTotal) {
        return Optional.empty();
      }
      double coresPerTick = (double) CORES / (end.machineTotal - start.machineTotal);
      double server = (end.server - start.server) * coresPerTick;
      double generator = (end.generator - start.generator) * coresPerTick;
      double busy = (end.machineBusy - start.machineBusy) * coresPerTick;
      return Optional.of(new Usage(server, generator, Math.max(0, busy - server - generator)));
    }
  }

  /** Clock ticks so far: the machine's busy and total time over all cores, and the two processes'. */
  private record Snapshot(long machineBusy, long machineTotal, long server, long generator) {}

  private Snapshot snapshot() {
    if (!Files.isReadable(MACHINE)) {
      return null;
    }
    try {
      // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user's)
      String[] machine = Files.readAllLines(MACHINE).getFirst().trim().split("\\s+");
      long idle = Long.parseLong(machine[4]) + Long.parseLong(machine[5]);
      long total = 0;
      for (int i = 1; i <= 8; i++) {
        total += Long.parseLong(machine[i]);
      }
      return new Snapshot(total - idle, total, processTicks(serverPid), processTicks(generatorPid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** utime + stime: fields 14 and 15 of {@code /proc/<pid>/stat}, counted past the command name in parentheses. */
  private static long processTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
