package dev.arbiter.pdp.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends events to an HTTP endpoint, one POST each, from one background thread with a bounded
 * queue: a slow or dead receiver never slows a decision. What cannot be queued or delivered is
 * counted and logged, never retried forever.
 */
final class Webhook implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Webhook.class);

  private final URI target;
  private final Duration timeout;
  private final HttpClient client;
  private final ThreadPoolExecutor sender;
  private final Counter dropped;
  private final Counter failed;

  Webhook(URI target, Duration timeout, int queue, MeterRegistry registry) {
    this.target = target;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.dropped = Counter.builder("arbiter.events.webhook.dropped")
        .description("Security events not sent to the webhook because its queue was full").register(registry);
    this.failed = Counter.builder("arbiter.events.webhook.failed")
        .description("Security events the webhook did not accept").register(registry);
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
      Thread thread = new Thread(runnable, "arbiter-events-webhook");
      thread.setDaemon(true);
      return thread;
    }, (runnable, executor) -> countDrop());
  }

  void send(String eventJson) {
    sender.execute(() -> deliver(eventJson));
  }

  private void deliver(String eventJson) {
    try {
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(target).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(eventJson)).build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        failed.increment();
        LOG.warnf("security event webhook %s answered %d", target, response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failed.increment();
      LOG.warnf("security event webhook %s not reached: %s", target, e.toString());
    }
  }

  private void countDrop() {
    dropped.increment();
    LOG.warn("security event webhook queue is full; event dropped (see arbiter_events_webhook_dropped_total)");
  }

  @Override
  public void close() {
    sender.shutdown();
  }
}
