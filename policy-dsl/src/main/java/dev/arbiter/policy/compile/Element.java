package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.ast.Effect;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.decision.Trace;
import dev.arbiter.policy.value.EvaluationError;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled policy set or policy. Evaluating one returns an {@link Outcome} and leaves on the frame
 * the contributions (reasons, obligations, advice) that agree with it.
 *
 * <p>Target semantics follow XACML 3.0: a false target makes the element not applicable; a target
 * that fails lets the members decide, and if any applies the element becomes indeterminate.
 */
abstract sealed class Element permits Element.PolicySet, Element.Policy {
  private static final int TARGET_FALSE = 0;
  private static final int TARGET_TRUE = 1;
  private static final int TARGET_ERROR = 2;

  final String id;
  final String kind;
  final Code target;
  final CombiningAlgorithm algorithm;
  final Directives onPermit;
  final Directives onDeny;

  Element(String id, String kind, Code target, CombiningAlgorithm algorithm, Directives onPermit, Directives onDeny) {
    this.id = id;
    this.kind = kind;
    this.target = target;
    this.algorithm = algorithm;
    this.onPermit = onPermit;
    this.onDeny = onDeny;
  }

  /** The members' combined outcome; the caller has checked the target. */
  abstract int combine(Frame frame);

  /** The combined outcome of {@code state}, explaining an only-one-applicable conflict. */
  final int result(Frame frame, int state) {
    if (Combining.conflict(algorithm, state)) {
      frame.problem(id, null, "more than one member applies, and only one may under only-one-applicable");
    }
    return Combining.result(algorithm, state);
  }

  final int evaluate(Frame frame) {
    int target = target(frame);
    if (target == TARGET_FALSE) {
      if (frame.tracing()) {
        frame.trace(traceKind(), id, "not applicable", "target is false");
      }
      return Outcome.NOT_APPLICABLE;
    }
    int mark = frame.contributions;
    frame.depth++;
    int outcome = combine(frame);
    frame.depth--;
    if (target == TARGET_ERROR && outcome != Outcome.NOT_APPLICABLE) {
      // reported only when it matters: a member applied, so the target's failure decides
      frame.problem(id, null, "target: " + targetFailure(frame).getMessage());
      if (!Outcome.isIndeterminate(outcome)) {
        outcome = outcome == Outcome.PERMIT ? Outcome.INDETERMINATE_P : Outcome.INDETERMINATE_D;
      }
    }
    outcome = addDirectives(frame, outcome);
    frame.keepAgreeing(mark, outcome);
    if (frame.tracing()) {
      frame.trace(traceKind(), id, Outcome.name(outcome), algorithm.keyword());
    }
    return outcome;
  }

  private int target(Frame frame) {
    if (target == null) {
      return TARGET_TRUE;
    }
    try {
      return target.test(frame) ? TARGET_TRUE : TARGET_FALSE;
    } catch (EvaluationError e) {
      return TARGET_ERROR;
    }
  }

  /** The target's error again: rare, so recomputing beats keeping it around on every evaluation. */
  private EvaluationError targetFailure(Frame frame) {
    try {
      target.test(frame);
      return new EvaluationError("the target failed");
    } catch (EvaluationError e) {
      return e;
    }
  }

  /** Adds this element's {@code on permit} / {@code on deny} directives; failing to compute one is indeterminate. */
  private int addDirectives(Frame frame, int outcome) {
    Directives directives = outcome == Outcome.PERMIT ? onPermit : outcome == Outcome.DENY ? onDeny : null;
    if (directives == null || directives.isEmpty()) {
      return outcome;
    }
    try {
      frame.contribute((byte) outcome, null, directives.obligations(frame), directives.advice(frame));
      return outcome;
    } catch (EvaluationError e) {
      frame.problem(id, null, "obligation: " + e.getMessage());
      return outcome == Outcome.PERMIT ? Outcome.INDETERMINATE_P : Outcome.INDETERMINATE_D;
    }
  }

  String label() {
    return kind + " \"" + id + "\"";
  }

  private Trace.Kind traceKind() {
    return this instanceof PolicySet ? Trace.Kind.POLICY_SET : Trace.Kind.POLICY;
  }

  /** A policy set: its members are found through the index when it has one. */
  static final class PolicySet extends Element {
    final Element[] members;
    final TargetIndex index;

    PolicySet(String id, Code target, CombiningAlgorithm algorithm, Directives onPermit, Directives onDeny,
        Element[] members, TargetIndex index) {
      super(id, "policyset", target, algorithm, onPermit, onDeny);
      this.members = members;
      this.index = index;
    }

    @Override
    int combine(Frame frame) {
      int state = 0;
      if (index == null) {
        for (Element member : members) {
          state = Combining.add(state, member.evaluate(frame));
          if (Combining.done(algorithm, state)) {
            break;
          }
        }
        return result(frame, state);
      }
      int start = frame.candidateTop;
      int count = index.collect(frame);
      if (frame.tracing()) {
        frame.trace(Trace.Kind.INDEX, "", count + " of " + members.length + " members", candidates(frame, start, count));
      }
      for (int i = 0; i < count; i++) {
        state = Combining.add(state, members[frame.candidates[start + i]].evaluate(frame));
        if (Combining.done(algorithm, state)) {
          break;
        }
      }
      frame.candidateTop = start;
      return result(frame, state);
    }

    private String candidates(Frame frame, int start, int count) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count && i < 10; i++) {
        ids.add(members[frame.candidates[start + i]].id);
      }
      return String.join(", ", ids) + (count > 10 ? ", …" : "");
    }
  }

  /** A policy: rules, combined. */
  static final class Policy extends Element {
    final Rule[] rules;

    Policy(String id, Code target, CombiningAlgorithm algorithm, Directives onPermit, Directives onDeny, Rule[] rules) {
      super(id, "policy", target, algorithm, onPermit, onDeny);
      this.rules = rules;
    }

    @Override
    int combine(Frame frame) {
      int state = 0;
      for (Rule rule : rules) {
        state = Combining.add(state, rule.evaluate(frame, id));
        if (Combining.done(algorithm, state)) {
          break;
        }
      }
      return result(frame, state);
    }
  }

  /** A rule: its condition, and what it contributes when it applies. */
  static final class Rule {
    final String id;
    final Effect effect;
    final Code condition;
    final Directives directives;
    final Reason reason;
    /** The reason as a result's one-element list, made once. */
    private final List<Reason> reasons;

    Rule(String id, Effect effect, Code condition, Directives directives, Reason reason) {
      this.id = id;
      this.effect = effect;
      this.condition = condition;
      this.directives = directives;
      this.reason = reason;
      this.reasons = List.of(reason);
    }

    int evaluate(Frame frame, String policyId) {
      try {
        if (condition != null && !condition.test(frame)) {
          if (frame.tracing()) {
            frame.trace(Trace.Kind.RULE, reason.id(), "not applicable", "condition is false");
          }
          return Outcome.NOT_APPLICABLE;
        }
        List<Obligation> obligations = directives.obligations(frame);
        List<Obligation> advice = directives.advice(frame);
        int outcome = Outcome.of(effect);
        frame.contribute((byte) outcome, reasons, obligations, advice);
        if (frame.tracing()) {
          frame.trace(Trace.Kind.RULE, reason.id(), Outcome.name(outcome), condition == null ? "no condition" : "condition holds");
        }
        return outcome;
      } catch (EvaluationError e) {
        int outcome = Outcome.indeterminate(effect);
        frame.problem(policyId, id, e.getMessage());
        frame.contribute((byte) outcome, reasons, null, null);
        if (frame.tracing()) {
          frame.trace(Trace.Kind.RULE, reason.id(), Outcome.name(outcome), e.getMessage());
        }
        return outcome;
      }
    }

    String label() {
      return effect.keyword() + " \"" + reason.id() + "\"";
    }
  }
}
