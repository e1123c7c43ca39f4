package dev.arbiter.policy.schema;

import dev.arbiter.policy.ast.DirectiveKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A declared obligation or advice with its parameters in declaration order. */
public record DirectiveSignature(DirectiveKind kind, String name, Map<String, Attribute> parameters) {
  public DirectiveSignature {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
