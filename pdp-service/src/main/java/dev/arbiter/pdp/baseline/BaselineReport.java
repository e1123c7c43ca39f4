package dev.arbiter.pdp.baseline;

import dev.arbiter.pdp.authzen.DecisionJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one baseline check: every item, in a fixed order, with the score they earn.
 *
 * <p>Score: an item earns its weight when it passes, half its weight when it warns, nothing when it
 * fails; the score is the earned share of all weights as a whole percentage, rounded down, so only
 * a report where every item passes scores 100.
 *
 * @param items the checked items
 * @param checkedAt when the configuration was read
 * @param revision the active bundle revision whose tools were checked, if one is active
 */
public record BaselineReport(List<BaselineItem> items, Instant checkedAt, Optional<String> revision) {
  public BaselineReport {
    items = List.copyOf(items);
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(revision, "revision");
  }

  /** The weighted share of passes, 0 to 100; 100 for no items. */
  public int score() {
    long halves = 0;
    long possible = 0;
    for (BaselineItem item : items) {
      halves += (long) item.weight() * item.status().halfCredits();
      possible += 2L * item.weight();
    }
    return possible == 0 ? 100 : (int) (100 * halves / possible);
  }

  /** The worst status of any item: {@link Status#FAIL} if one fails. */
  public Status result() {
    Status worst = Status.PASS;
    for (BaselineItem item : items) {
      if (item.status().compareTo(worst) > 0) {
        worst = item.status();
      }
    }
    return worst;
  }

  public long count(Status status) {
    return items.stream().filter(item -> item.status() == status).count();
  }

  /**
   * {@code {"score", "result", "summary": {"pass", "warn", "fail"}, "items": [{"id", "title",
   * "status", "weight", "message"}], "revision", "checked_at"}}.
   */
  public String toJson() {
    return DecisionJson.write(json -> {
      json.writeStartObject();
      json.writeNumberField("score", score());
      json.writeStringField("result", result().keyword());
      json.writeObjectFieldStart("summary");
      for (Status status : Status.values()) {
        json.writeNumberField(status.keyword(), count(status));
      }
      json.writeEndObject();
      json.writeArrayFieldStart("items");
      for (BaselineItem item : items) {
        json.writeStartObject();
        json.writeStringField("id", item.id());
        json.writeStringField("title", item.title());
        json.writeStringField("status", item.status().keyword());
        json.writeNumberField("weight", item.weight());
        json.writeStringField("message", item.message());
        json.writeEndObject();
      }
      json.writeEndArray();
      if (revision.isPresent()) {
        json.writeStringField("revision", revision.get());
      } else {
        json.writeNullField("revision");
      }
      json.writeStringField("checked_at", checkedAt.toString());
      json.writeEndObject();
    });
  }
}
