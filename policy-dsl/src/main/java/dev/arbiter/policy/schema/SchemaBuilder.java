package dev.arbiter.policy.schema;

import dev.arbiter.policy.ast.AttributeDeclaration;
import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.ast.EntityRole;
import dev.arbiter.policy.ast.Node;
import dev.arbiter.policy.ast.SchemaDeclaration;
import dev.arbiter.policy.ast.SchemaMember;
import dev.arbiter.policy.ast.SchemaMember.*;
import dev.arbiter.policy.ast.TypeExpr;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.Suggestions;
import dev.arbiter.policy.schema.Type.EntityType;
import dev.arbiter.policy.schema.Type.ListType;
import dev.arbiter.policy.schema.Type.MapType;
import dev.arbiter.policy.schema.Type.Primitive;
import dev.arbiter.policy.schema.Type.RecordType;
import dev.arbiter.policy.schema.Type.SetType;
import dev.arbiter.policy.schema.Type.Special;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Merges the schema blocks of a bundle into one {@link Schema}, in two passes: names, then types. */
final class SchemaBuilder {
  private static final Map<String, Type> SCALARS = new LinkedHashMap<>();
  private static final Set<String> GENERICS = Set.of("set", "list", "map");

  static {
    for (Primitive primitive : Primitive.values()) {
      SCALARS.put(primitive.keyword(), primitive);
    }
    SCALARS.put("any", Special.ANY);
  }

  private final List<Diagnostic> out;
  private final Map<String, EntityTypeDeclaration> bodies = new LinkedHashMap<>();
  private final Map<String, Set<EntityRole>> roles = new LinkedHashMap<>();
  private final Map<String, Set<String>> parents = new HashMap<>();

  SchemaBuilder(List<Diagnostic> out) {
    this.out = out;
  }

  Schema build(List<SchemaDeclaration> declarations) {
    List<SchemaMember> members = new ArrayList<>();
    declarations.forEach(d -> members.addAll(d.members()));

    for (SchemaMember member : members) {
      if (member instanceof EntityTypeDeclaration e) {
        declareEntityType(e);
      }
    }

    for (SchemaMember member : members) {
      if (member instanceof EntityTypeDeclaration e) {
        for (String parent : e.parentTypes()) {
          if (!roles.containsKey(parent)) {
            out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_ENTITY_TYPE, e.span().location(),
                "unknown entity type `" + parent + "` among the parent types of `" + e.name() + "`"
                    + Suggestions.didYouMean(parent, roles.keySet())));
          }
        }
      }
    }

    Map<String, EntityTypeInfo> entityTypes = new LinkedHashMap<>();
    for (Map.Entry<String, Set<EntityRole>> entry : roles.entrySet()) {
      String name = entry.getKey();
      EntityTypeDeclaration body = bodies.get(name);
      RecordType attributes =
          body == null || body.attributes().isEmpty()
              ? RecordType.EMPTY
              : recordType(body.attributes().get(), "entity type `" + name + "`", Schema.ENTITY_BUILTINS);
      Set<String> parentTypes = parents.getOrDefault(name, Set.of());
      entityTypes.put(name, new EntityTypeInfo(name, entry.getValue(), attributes, parentTypes));
    }

    Map<String, Attribute> actionProperties = new LinkedHashMap<>();
    Set<String> actionNames = new LinkedHashSet<>();
    Map<String, Attribute> context = new LinkedHashMap<>();
    Map<String, Type> dataValues = new LinkedHashMap<>();
    Map<String, DirectiveSignature> obligations = new LinkedHashMap<>();
    Map<String, DirectiveSignature> advice = new LinkedHashMap<>();
    for (SchemaMember member : members) {
      switch (member) {
        case EntityTypeDeclaration e -> {}
        case ActionNamesDeclaration a -> {
          for (String name : a.names()) {
            if (!actionNames.add(name)) {
              duplicate(a, "action `" + name + "`");
            }
          }
        }
        case ActionPropertiesDeclaration a ->
            merge(actionProperties, recordType(a.properties(), "action", Set.of(Schema.ACTION_NAME)), a, "action property");
        case ContextDeclaration c -> merge(context, recordType(c.attributes(), "context", Set.of()), c, "context attribute");
        case DataDeclaration d -> {
          if (dataValues.containsKey(d.name())) {
            duplicate(d, "data value `" + d.name() + "`");
          } else {
            dataValues.put(d.name(), type(d.type()));
          }
        }
        case DirectiveDeclaration d -> {
          Map<String, DirectiveSignature> target = d.kind() == DirectiveKind.OBLIGATION ? obligations : advice;
          if (target.containsKey(d.name())) {
            duplicate(d, d.kind().keyword() + " `" + d.name() + "`");
          } else {
            Map<String, Attribute> parameters = attributes(d.parameters(), d.kind().keyword() + " `" + d.name() + "`", Set.of());
            target.put(d.name(), new DirectiveSignature(d.kind(), d.name(), parameters));
          }
        }
      }
    }
    return new Schema(
        entityTypes,
        new RecordType(actionProperties),
        actionNames,
        new RecordType(context),
        dataValues,
        obligations,
        advice);
  }

  /**
   * A declaration with a body declares the type; one without only adds a role, or declares a type
   * without attributes when no body appears anywhere.
   */
  private void declareEntityType(EntityTypeDeclaration e) {
    if (e.attributes().isPresent()) {
      EntityTypeDeclaration previous = bodies.putIfAbsent(e.name(), e);
      if (previous != null) {
        out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, e.span().location(),
            "entity type `" + e.name() + "` is already declared at " + previous.span()
                + "; other declarations may only add a role, as in `resource " + e.name() + "`"));
        return;
      }
    }
    Set<EntityRole> typeRoles = roles.computeIfAbsent(e.name(), n -> EnumSet.noneOf(EntityRole.class));
    if (e.role() != EntityRole.ENTITY) {
      typeRoles.add(e.role());
    }
    if (!e.parentTypes().isEmpty()) {
      parents.computeIfAbsent(e.name(), n -> new TreeSet<>()).addAll(e.parentTypes());
    }
  }

  private void merge(Map<String, Attribute> into, RecordType record, Node at, String what) {
    for (Attribute attribute : record.attributes().values()) {
      if (into.putIfAbsent(attribute.name(), attribute) != null) {
        duplicate(at, what + " `" + attribute.name() + "`");
      }
    }
  }

  private RecordType recordType(TypeExpr.RecordTypeExpr record, String owner, Set<String> reserved) {
    return new RecordType(attributes(record.attributes(), owner, reserved));
  }

  private Map<String, Attribute> attributes(List<AttributeDeclaration> declarations, String owner, Set<String> reserved) {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    for (AttributeDeclaration declaration : declarations) {
      if (reserved.contains(declaration.name())) {
        out.add(Diagnostic.of(DiagnosticCode.INVALID_SCHEMA, declaration.span().location(),
            "attribute `" + declaration.name() + "` of " + owner + " is built in; choose another name"));
        continue;
      }
      Attribute attribute = new Attribute(declaration.name(), type(declaration.type()), declaration.optional());
      if (attributes.putIfAbsent(declaration.name(), attribute) != null) {
        duplicate(declaration, "attribute `" + declaration.name() + "` of " + owner);
      }
    }
    return attributes;
  }

  private Type type(TypeExpr expr) {
    return switch (expr) {
      case TypeExpr.RecordTypeExpr record -> recordType(record, "a record type", Set.of());
      case TypeExpr.NamedTypeExpr named -> namedType(named);
    };
  }

  private Type namedType(TypeExpr.NamedTypeExpr named) {
    String name = named.name();
    if (GENERICS.contains(name)) {
      if (named.argument().isEmpty()) {
        return invalid(named, "`" + name + "` needs an element type, as in `" + name + "<string>`");
      }
      Type argument = type(named.argument().get());
      return switch (name) {
        case "set" -> new SetType(argument);
        case "list" -> new ListType(argument);
        default -> new MapType(argument);
      };
    }
    Type scalar = SCALARS.get(name);
    Type resolved = scalar != null ? scalar : roles.containsKey(name) ? EntityType.of(name) : null;
    if (resolved == null) {
      List<String> known = new ArrayList<>(SCALARS.keySet());
      known.addAll(GENERICS);
      known.addAll(roles.keySet());
      return invalid(named, "unknown type `" + name + "`; expected bool, int, decimal, string, datetime, duration, "
          + "ip, any, set<…>, list<…>, map<…>, a record `{ … }` or an entity type" + Suggestions.didYouMean(name, known));
    }
    if (named.argument().isPresent()) {
      return invalid(named, "`" + name + "` takes no type argument");
    }
    return resolved;
  }

  private Type invalid(Node at, String message) {
    out.add(Diagnostic.of(DiagnosticCode.INVALID_SCHEMA, at.span().location(), message));
    return Special.ERROR;
  }

  private void duplicate(Node at, String what) {
    out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_DECLARATION, at.span().location(), what + " is declared twice"));
  }
}
