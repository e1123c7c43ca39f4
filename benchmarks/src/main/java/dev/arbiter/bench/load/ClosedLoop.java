package dev.arbiter.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: {@code concurrency} requests in flight at all times, each sent as soon as the
 * previous one of its loop is answered, the calls of the {@link RequestSet} taken in turn. Latency is
 * from sending a request to having read the decision from its response, recorded in nanoseconds.
 * A loop whose request fails stops (the failure is counted and reported); a decision that differs
 * from the expected one is counted as a mismatch.
 */
final class ClosedLoop {
  private final DecisionClient client;
  private final RequestSet requests;
  private final int concurrency;
  private final Recorder latencies = new Recorder(3);
  private final AtomicInteger nextCall = new AtomicInteger();
  private final AtomicLong mismatches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final CountDownLatch stopped;
  private volatile boolean running;

  private ClosedLoop(DecisionClient client, RequestSet requests, int concurrency) {
    this.client = client;
    this.requests = requests;
    this.concurrency = concurrency;
    this.stopped = new CountDownLatch(concurrency);
  }

  /**
   * The measured period's latencies, length and CPU use (null where unknown); mismatches and failures
   * of warm-up and measurement together.
   */
  record Measurement(Histogram latencies, double seconds, CpuMeter.Usage cpu, long mismatches, long failures,
      Throwable firstFailure) {
    double decisionsPerSecond() {
      return latencies.getTotalCount() / seconds;
    }
  }

  /**
   * Runs the load for {@code warmup}, forgets it, then measures {@code measure}, the CPU use with
   * {@code cpu}; waits for the loops to stop.
   */
  static Measurement run(DecisionClient client, RequestSet requests, int concurrency, Duration warmup,
      Duration measure, CpuMeter cpu) throws InterruptedException {
    return new ClosedLoop(client, requests, concurrency).run(warmup, measure, cpu);
  }

  private Measurement run(Duration warmup, Duration measure, CpuMeter cpu) throws InterruptedException {
    running = true;
    for (int i = 0; i < concurrency; i++) {
      sendNext();
    }
    Thread.sleep(warmup);
    latencies.reset();
    CpuMeter.Period period = cpu.start();
    long start = System.nanoTime();
    Thread.sleep(measure);
    Histogram measured = latencies.getIntervalHistogram();
    double seconds = (System.nanoTime() - start) / 1e9;
    CpuMeter.Usage usage = period.end().orElse(null);
    Measurement measurement = new Measurement(measured, seconds, usage, mismatches.get(), failures.get(),
        firstFailure.get());
    running = false;
    if (!stopped.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still in flight 30 s after the end of the measurement");
    }
    return measurement;
  }

  private void sendNext() {
    if (!running) {
      stopped.countDown();
      return;
    }
    int index = Math.floorMod(nextCall.getAndIncrement(), requests.size());
    long sent = System.nanoTime();
    client.decide(index).whenComplete((permitted, failure) -> {
      long nanos = System.nanoTime() - sent;
      if (failure != null) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, failure);
        stopped.countDown();
        return;
      }
      latencies.recordValue(nanos);
      if (permitted != requests.get(index).expectPermit()) {
        mismatches.incrementAndGet();
      }
      sendNext();
    });
  }
}
