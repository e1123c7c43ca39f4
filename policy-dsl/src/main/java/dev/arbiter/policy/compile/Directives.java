package dev.arbiter.policy.compile;

import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled obligations and advice of a rule, or of a policy for one effect. When every argument
 * is constant the lists are built once at compile time and shared by every result.
 */
final class Directives {
  static final Directives NONE = new Directives(List.of(), List.of());

  /** One obligation or advice: its name and argument expressions. */
  record Spec(String name, List<String> names, List<Code> values) {
    boolean isConstant() {
      return values.stream().allMatch(Code::isConstant);
    }

    Obligation evaluate(Frame frame) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        arguments.put(names.get(i), values.get(i).eval(frame));
      }
      return new Obligation(name, Values.record(arguments));
    }
  }

  private final List<Spec> obligationSpecs;
  private final List<Spec> adviceSpecs;
  private final List<Obligation> constantObligations;
  private final List<Obligation> constantAdvice;

  Directives(List<Spec> obligations, List<Spec> advice) {
    this.obligationSpecs = List.copyOf(obligations);
    this.adviceSpecs = List.copyOf(advice);
    this.constantObligations = constant(obligationSpecs);
    this.constantAdvice = constant(adviceSpecs);
  }

  private static List<Obligation> constant(List<Spec> specs) {
    return specs.stream().allMatch(Spec::isConstant)
        ? List.copyOf(specs.stream().map(spec -> spec.evaluate(null)).toList())
        : null;
  }

  boolean isEmpty() {
    return obligationSpecs.isEmpty() && adviceSpecs.isEmpty();
  }

  List<Obligation> obligations(Frame frame) {
    return constantObligations != null ? constantObligations : evaluate(obligationSpecs, frame);
  }

  List<Obligation> advice(Frame frame) {
    return constantAdvice != null ? constantAdvice : evaluate(adviceSpecs, frame);
  }

  List<Spec> obligationSpecs() {
    return obligationSpecs;
  }

  List<Spec> adviceSpecs() {
    return adviceSpecs;
  }

  private static List<Obligation> evaluate(List<Spec> specs, Frame frame) {
    Obligation[] values = new Obligation[specs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = specs.get(i).evaluate(frame);
    }
    return List.of(values);
  }
}
