package dev.arbiter.bench.load;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before anything is measured: every target answers every call of the {@link RequestSet}, one at a
 * time, and must give the expected decision. Nobody is timed on a different question.
 */
final class EquivalenceCheck {
  private EquivalenceCheck() {}

  /** One call: the expected decision and each target's answer ({@code permit}, {@code deny} or {@code failed (...)}). */
  record Row(String call, String expected, Map<String, String> answers) {
    boolean agrees() {
      return answers.values().stream().allMatch(expected::equals);
    }
  }

  static List<Row> run(Map<Pdp, Pdp.Running> servers, List<Target> targets, Vertx vertx, RequestSet requests)
      throws InterruptedException {
    List<Map<String, String>> answers = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      answers.add(new LinkedHashMap<>());
    }
    for (Target target : targets) {
      try (DecisionClient client = target.open(servers.get(target.pdp()), vertx, requests, 1)) {
        for (int i = 0; i < requests.size(); i++) {
          answers.get(i).put(target.label(), answer(client, i));
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      RequestSet.Call call = requests.get(i);
      rows.add(new Row(call.name(), word(call.expectPermit()), answers.get(i)));
    }
    return rows;
  }

  /** The rows as a Markdown table; an answer that is not the expected one is marked ✗. */
  static String table(List<Row> rows, List<Target> targets) {
    StringBuilder table = new StringBuilder("| call | expected |");
    targets.forEach(target -> table.append(' ').append(target.label()).append(" |"));
    table.append("\n| --- | --- |").append(" --- |".repeat(targets.size())).append('\n');
    for (Row row : rows) {
      table.append("| ").append(row.call()).append(" | ").append(row.expected()).append(" |");
      for (String answer : row.answers().values()) {
        table.append(' ').append(answer).append(answer.equals(row.expected()) ? "" : " ✗").append(" |");
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static String answer(DecisionClient client, int index) throws InterruptedException {
    try {
      return word(client.decide(index).get(10, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      return "failed (" + (e.getCause() == null ? e : e.getCause()) + ")";
    }
  }

  private static String word(boolean permit) {
    return permit ? "permit" : "deny";
  }
}
