package dev.arbiter.policy.compile;

import dev.arbiter.policy.data.Entity;
import dev.arbiter.policy.data.EntityStore;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.decision.Problem;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.decision.Trace;
import dev.arbiter.policy.request.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The state of one evaluation. One frame per thread and bundle is reused for every request, so
 * evaluating allocates only what the result needs; {@link #reset} prepares it.
 */
final class Frame {
  final EntityStore entities;
  final Map<String, Object> data;

  Request request;
  Entity subjectEntity;
  Entity resourceEntity;

  // let bindings: computed at first use in an evaluation, tagged with that evaluation's generation
  private final Object[] letValues;
  private final int[] letGenerations;
  private int generation;

  /** Argument arrays for built-in calls, one per call site. */
  final Object[][] arguments;

  // contributions of the rules evaluated so far: parallel arrays used as a stack
  byte[] effects = new byte[16];
  /** Each contributing rule's reason, as the one-element list the rule keeps for results. */
  List<Reason>[] reasons = newReasons(16);
  Object[] obligations = new Object[16];
  Object[] advice = new Object[16];
  int contributions;

  /** Candidate members found by the indexes, a region per nesting level. */
  int[] candidates = new int[64];
  int candidateTop;

  final List<Problem> problems = new ArrayList<>();
  List<Trace.Step> trace;
  int depth;

  Frame(EntityStore entities, Map<String, Object> data, int lets, int callSites) {
    this.entities = entities;
    this.data = data;
    this.letValues = new Object[lets];
    this.letGenerations = new int[lets];
    this.arguments = new Object[callSites][];
  }

  void reset(Request request, boolean tracing) {
    this.request = request;
    this.subjectEntity = entities.getOrNull(request.subject().uid());
    this.resourceEntity = entities.getOrNull(request.resource().uid());
    generation++;
    if (generation == 0) {
      Arrays.fill(letGenerations, -1);
      generation = 1;
    }
    contributions = 0;
    candidateTop = 0;
    problems.clear();
    trace = tracing ? new ArrayList<>() : null;
    depth = 0;
  }

  /** Drops references to the request, so an idle frame keeps nothing alive. */
  void release() {
    request = null;
    subjectEntity = null;
    resourceEntity = null;
    Arrays.fill(reasons, 0, contributions, null);
    Arrays.fill(obligations, 0, contributions, null);
    Arrays.fill(advice, 0, contributions, null);
    contributions = 0;
    trace = null;
  }

  // ---------------------------------------------------------------- lets

  /** The memoized value of let {@code slot}, or {@code null} when not computed in this evaluation. */
  Object let(int slot) {
    return letGenerations[slot] == generation ? letValues[slot] : null;
  }

  void setLet(int slot, Object value) {
    letValues[slot] = value;
    letGenerations[slot] = generation;
  }

  // ---------------------------------------------------------------- contributions

  @SuppressWarnings("unchecked")
  private static List<Reason>[] newReasons(int size) {
    return (List<Reason>[]) new List<?>[size];
  }

  void contribute(byte effect, List<Reason> reason, List<Obligation> ruleObligations, List<Obligation> ruleAdvice) {
    if (contributions == effects.length) {
      int size = contributions * 2;
      effects = Arrays.copyOf(effects, size);
      reasons = Arrays.copyOf(reasons, size);
      obligations = Arrays.copyOf(obligations, size);
      advice = Arrays.copyOf(advice, size);
    }
    effects[contributions] = effect;
    reasons[contributions] = reason;
    obligations[contributions] = ruleObligations;
    advice[contributions] = ruleAdvice;
    contributions++;
  }

  /**
   * Keeps, of the contributions since {@code mark}, those that agree with an element's outcome:
   * permits for a permit, denies and deny-side errors for a deny, errors for an indeterminate,
   * nothing for not-applicable.
   */
  void keepAgreeing(int mark, int outcome) {
    int kept = mark;
    for (int i = mark; i < contributions; i++) {
      if (Outcome.agrees(outcome, effects[i])) {
        effects[kept] = effects[i];
        reasons[kept] = reasons[i];
        obligations[kept] = obligations[i];
        advice[kept] = advice[i];
        kept++;
      }
    }
    Arrays.fill(reasons, kept, contributions, null);
    Arrays.fill(obligations, kept, contributions, null);
    Arrays.fill(advice, kept, contributions, null);
    contributions = kept;
  }

  // ---------------------------------------------------------------- candidates

  void pushCandidate(int index) {
    if (candidateTop == candidates.length) {
      candidates = Arrays.copyOf(candidates, candidates.length * 2);
    }
    candidates[candidateTop++] = index;
  }

  // ---------------------------------------------------------------- problems and trace

  void problem(String policyId, String ruleId, String message) {
    problems.add(new Problem(policyId, ruleId, message));
  }

  boolean tracing() {
    return trace != null;
  }

  void trace(Trace.Kind kind, String id, String outcome, String detail) {
    trace.add(new Trace.Step(depth, kind, id, outcome, detail));
  }
}
