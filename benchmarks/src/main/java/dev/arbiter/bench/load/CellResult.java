package dev.arbiter.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One cell of the results table: a target at one concurrency. Latencies in microseconds; CPU in cores
 * used on average during the measurement (null where unknown), by the server, by the load generator
 * and by any other process.
 */
record CellResult(String target, int concurrency, long decisions, double seconds, double decisionsPerSecond,
    double p50Micros, double p90Micros, double p99Micros, double p999Micros, double maxMicros, CpuMeter.Usage cpuCores,
    long mismatches, long failures, String firstFailure) {

  /** Cores that other processes may use during a measurement before its numbers count as disturbed. */
  static final double DISTURBANCE = 0.1;

  static CellResult of(Target target, int concurrency, ClosedLoop.Measurement measurement) {
    Histogram latencies = measurement.latencies();
    return new CellResult(target.label(), concurrency, latencies.getTotalCount(), measurement.seconds(),
        measurement.decisionsPerSecond(), micros(latencies, 50), micros(latencies, 90), micros(latencies, 99),
        micros(latencies, 99.9), latencies.getMaxValue() / 1e3, measurement.cpu(), measurement.mismatches(),
        measurement.failures(), measurement.firstFailure() == null ? null : measurement.firstFailure().toString());
  }

  /** Whether other processes took more than {@link #DISTURBANCE} cores while this cell was measured. */
  boolean disturbed() {
    return cpuCores != null && cpuCores.other() > DISTURBANCE;
  }

  boolean clean() {
    return mismatches == 0 && failures == 0 && decisions > 0;
  }

  private static double micros(Histogram latencies, double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1e3;
  }
}
