package dev.arbiter.policy.schema;

import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.ast.EntityRole;
import dev.arbiter.policy.ast.SchemaDeclaration;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.schema.Type.EntityType;
import dev.arbiter.policy.schema.Type.RecordType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A bundle's schema: what requests, data and policies may say. Immutable and thread-safe.
 *
 * <p>Every entity has the built-in attributes {@code id} and {@code type}; every action has {@code
 * name}. Declared attributes cannot use those names.
 */
public final class Schema {
  /** Attributes every entity has, whatever its type. */
  public static final Set<String> ENTITY_BUILTINS = Set.of("id", "type");

  /** The attribute every action has. */
  public static final String ACTION_NAME = "name";

  private final Map<String, EntityTypeInfo> entityTypes;
  private final RecordType actionProperties;
  private final SortedSet<String> actionNames;
  private final RecordType context;
  private final Map<String, Type> dataValues;
  private final Map<String, DirectiveSignature> obligations;
  private final Map<String, DirectiveSignature> advice;
  private final Map<EntityRole, EntityType> roleTypes = new java.util.EnumMap<>(EntityRole.class);

  Schema(
      Map<String, EntityTypeInfo> entityTypes,
      RecordType actionProperties,
      Set<String> actionNames,
      RecordType context,
      Map<String, Type> dataValues,
      Map<String, DirectiveSignature> obligations,
      Map<String, DirectiveSignature> advice) {
    this.entityTypes = Collections.unmodifiableMap(new LinkedHashMap<>(entityTypes));
    this.actionProperties = actionProperties;
    this.actionNames = Collections.unmodifiableSortedSet(new TreeSet<>(actionNames));
    this.context = context;
    this.dataValues = Collections.unmodifiableMap(new LinkedHashMap<>(dataValues));
    this.obligations = Collections.unmodifiableMap(new LinkedHashMap<>(obligations));
    this.advice = Collections.unmodifiableMap(new LinkedHashMap<>(advice));
    for (EntityRole role : EntityRole.values()) {
      TreeSet<String> names = new TreeSet<>();
      this.entityTypes.values().stream().filter(t -> t.roles().contains(role)).forEach(t -> names.add(t.name()));
      roleTypes.put(role, new EntityType(names));
    }
  }

  /** Builds the schema from every {@code schema} block of a bundle, reporting problems to {@code out}. */
  public static Schema build(List<SchemaDeclaration> declarations, List<Diagnostic> out) {
    return new SchemaBuilder(out).build(declarations);
  }

  /** A schema that declares nothing, for checking a lone expression. */
  public static Schema empty() {
    return new Schema(Map.of(), RecordType.EMPTY, Set.of(), RecordType.EMPTY, Map.of(), Map.of(), Map.of());
  }

  public Map<String, EntityTypeInfo> entityTypes() {
    return entityTypes;
  }

  public Optional<EntityTypeInfo> entityType(String name) {
    return Optional.ofNullable(entityTypes.get(name));
  }

  /** The names of the entity types that play {@code role}. */
  public SortedSet<String> typesWithRole(EntityRole role) {
    return roleTypes.get(role).names();
  }

  /** The type of {@code subject} or {@code resource}: the union of the types with that role. */
  public EntityType roleType(EntityRole role) {
    return roleTypes.get(role);
  }

  public RecordType actionProperties() {
    return actionProperties;
  }

  /** The declared action names; empty when the schema does not restrict them. */
  public SortedSet<String> actionNames() {
    return actionNames;
  }

  public RecordType context() {
    return context;
  }

  public Map<String, Type> dataValues() {
    return dataValues;
  }

  public Optional<DirectiveSignature> directive(DirectiveKind kind, String name) {
    return Optional.ofNullable((kind == DirectiveKind.OBLIGATION ? obligations : advice).get(name));
  }

  public Map<String, DirectiveSignature> obligations() {
    return obligations;
  }

  public Map<String, DirectiveSignature> advice() {
    return advice;
  }
}
