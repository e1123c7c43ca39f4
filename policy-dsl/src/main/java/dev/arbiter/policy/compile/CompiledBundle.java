package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.check.CheckedBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.decision.Trace;
import dev.arbiter.policy.request.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bundle compiled for evaluation. Immutable and thread-safe: any number of threads may call
 * {@link #evaluate} at once; each uses its own reusable frame.
 */
public final class CompiledBundle {
  private final CheckedBundle source;
  private final String revision;
  private final Element root;
  private final ThreadLocal<Frame> frames;

  CompiledBundle(CheckedBundle source, Element root, int lets, int callSites) {
    this.source = source;
    this.revision = source.source().revision();
    this.root = root;
    this.frames = ThreadLocal.withInitial(
        () -> new Frame(source.data().entities(), source.data().values(), lets, callSites));
  }

  /** The checked bundle this was compiled from. */
  public CheckedBundle source() {
    return source;
  }

  public String name() {
    return source.name();
  }

  /** The revision: a digest of the bundle's files. */
  public String revision() {
    return revision;
  }

  /** Decides a request. Never throws for anything a request can contain. */
  public AuthorizationResult evaluate(Request request) {
    return evaluate(request, false);
  }

  /**
   * Decides a request and, when {@code trace} is set, records every step taken.
   *
   * @throws NullPointerException if {@code request} is null
   */
  public AuthorizationResult evaluate(Request request, boolean trace) {
    Frame frame = frames.get();
    frame.reset(request, trace);
    try {
      int outcome = root.evaluate(frame);
      return result(frame, outcome);
    } catch (RuntimeException e) {
      // a defect, not a request's fault: fail closed, and say so
      return new AuthorizationResult(Decision.INDETERMINATE, List.of(), List.of(), List.of(),
          List.of(new dev.arbiter.policy.decision.Problem(name(), null, "internal evaluation error")), revision,
          Optional.empty());
    } finally {
      frame.release();
    }
  }

  /**
   * Builds the result from the contributions left on the frame. When one rule decided, as usual,
   * its own immutable lists are reused, so the result object is the only allocation.
   */
  private AuthorizationResult result(Frame frame, int outcome) {
    boolean decided = outcome == Outcome.PERMIT || outcome == Outcome.DENY;
    List<Reason> reasons = joinReasons(frame);
    List<Obligation> obligations = decided ? join(frame.obligations, frame.contributions) : List.of();
    List<Obligation> advice = decided ? join(frame.advice, frame.contributions) : List.of();
    return new AuthorizationResult(Outcome.decision(outcome), obligations, advice, reasons,
        frame.problems.isEmpty() ? List.of() : List.copyOf(frame.problems), revision,
        frame.tracing() ? Optional.of(new Trace(frame.trace)) : Optional.empty());
  }

  private static List<Reason> joinReasons(Frame frame) {
    int count = 0;
    int only = -1;
    for (int i = 0; i < frame.contributions; i++) {
      if (frame.reasons[i] != null) {
        count++;
        only = i;
      }
    }
    if (count == 0) {
      return List.of();
    }
    if (count == 1) {
      return frame.reasons[only];
    }
    Reason[] all = new Reason[count];
    int at = 0;
    for (int i = 0; i < frame.contributions; i++) {
      if (frame.reasons[i] != null) {
        all[at++] = frame.reasons[i].getFirst();
      }
    }
    return List.of(all);
  }

  @SuppressWarnings("unchecked")
  private static List<Obligation> join(Object[] lists, int count) {
    int total = 0;
    int nonEmpty = 0;
    List<Obligation> only = List.of();
    for (int i = 0; i < count; i++) {
      if (lists[i] != null && !((List<?>) lists[i]).isEmpty()) {
        total += ((List<?>) lists[i]).size();
        nonEmpty++;
        only = (List<Obligation>) lists[i];
      }
    }
    if (nonEmpty <= 1) {
      return only;
    }
    Obligation[] all = new Obligation[total];
    int at = 0;
    for (int i = 0; i < count; i++) {
      if (lists[i] != null) {
        for (Object obligation : (List<?>) lists[i]) {
          all[at++] = (Obligation) obligation;
        }
      }
    }
    return List.of(all);
  }

  /** The decision structure as a Graphviz digraph: policy sets, their indexes, policies and rules. */
  public String toDot() {
    return Dot.render(name(), root);
  }

  /** Every rule's reason id ({@code policy/rule}), in bundle order: what test coverage counts. */
  public List<String> ruleIds() {
    List<String> ids = new ArrayList<>();
    collectRules(root, ids);
    return ids;
  }

  private static void collectRules(Element element, List<String> ids) {
    switch (element) {
      case Element.PolicySet set -> {
        for (Element member : set.members) {
          collectRules(member, ids);
        }
      }
      case Element.Policy policy -> {
        for (Element.Rule rule : policy.rules) {
          ids.add(rule.reason.id());
        }
      }
    }
  }
}
