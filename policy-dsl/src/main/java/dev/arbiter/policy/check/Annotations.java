package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Definition;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.Import;
import dev.arbiter.policy.ast.LetBinding;
import dev.arbiter.policy.schema.Type;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What checking learned about the AST, keyed by node identity (equal nodes at different places are
 * different keys): each expression's type, what each name refers to, and what was used.
 */
final class Annotations {
  final Map<Expr, Type> types = new IdentityHashMap<>();
  final Map<Expr, Binding> bindings = new IdentityHashMap<>();
  final Map<LetBinding, Type> letTypes = new IdentityHashMap<>();
  final Set<LetBinding> usedLets = Collections.newSetFromMap(new IdentityHashMap<>());
  final Set<Definition> usedDefinitions = Collections.newSetFromMap(new IdentityHashMap<>());
  final Set<Import> usedImports = Collections.newSetFromMap(new IdentityHashMap<>());
  final Set<String> usedData = new HashSet<>();

  /**
   * A stable name for the value {@code expr} reads, so facts about it can be recognized elsewhere:
   * {@code context.task.id}, {@code let:path}, {@code def:mcp.common.admins}; {@code null} for
   * anything else.
   */
  String pathOf(Expr expr) {
    return switch (expr) {
      case RootRef r -> r.root().keyword();
      case NameRef n -> switch (bindings.get(n)) {
        case Binding.Let let -> "let:" + let.let().name();
        case Binding.Def def -> "def:" + def.packageName() + "." + def.definition().name();
        case null -> null;
      };
      case MemberAccess m -> {
        if (bindings.get(m) instanceof Binding.Def def) {
          yield "def:" + def.packageName() + "." + def.definition().name();
        }
        String base = pathOf(m.base());
        yield base == null ? null : base + "." + m.name();
      }
      case IndexAccess i when i.index() instanceof StringLiteral key -> {
        String base = pathOf(i.base());
        yield base == null ? null : base + "." + key.text();
      }
      default -> null;
    };
  }
}
