package dev.arbiter.policy.ast;

import java.util.List;

/** A parsed {@code .pol} file: its package, imports and declarations in source order. */
public record PolicyFile(
    Span span, QualifiedName packageName, List<Import> imports, List<Declaration> declarations)
    implements Node {
  public PolicyFile {
    Nodes.require(span, "span");
    Nodes.require(packageName, "packageName");
    imports = Nodes.copy(imports, "imports");
    declarations = Nodes.copy(declarations, "declarations");
  }
}
