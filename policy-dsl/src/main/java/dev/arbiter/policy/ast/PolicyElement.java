package dev.arbiter.policy.ast;

import java.util.List;
import java.util.Optional;

/** What a policy set combines: policies and nested policy sets. */
public sealed interface PolicyElement extends Node permits PolicySet, Policy {
  /** The bundle-unique, stable id that reasons and the audit trail cite. */
  String id();

  List<Annotation> annotations();

  Optional<Combining> combining();

  Optional<Expr> target();

  List<LetBinding> lets();

  List<EffectDirective> directives();
}
