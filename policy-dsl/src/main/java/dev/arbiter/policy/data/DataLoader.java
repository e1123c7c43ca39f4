package dev.arbiter.policy.data;

import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.SourceLocation;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.diagnostic.Suggestions;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.schema.EntityTypeInfo;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.value.EntityUid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bundle's JSON data files against its schema.
 *
 * <p>A data file is an object with up to two keys: {@code entities}, an array of {@code {"type",
 * "id", "properties", "parents"}} objects, and {@code values}, an object of named values the schema
 * declares with {@code data name: type}.
 */
public final class DataLoader {
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.DATA);

  /** How many levels of parents an entity may have. */
  public static final int MAX_HIERARCHY_DEPTH = 64;
  private static final Set<String> FILE_KEYS = Set.of("entities", "values");
  private static final Set<String> ENTITY_KEYS = Set.of("type", "id", "properties", "parents");

  private final Schema schema;
  private final List<Diagnostic> out;
  private final ValueDecoder decoder = new ValueDecoder(ValueDecoder.UnknownAttributes.REJECT);
  private final Map<EntityUid, Pending> entities = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> valueFiles = new HashMap<>();

  private record Pending(EntityUid uid, Map<String, Object> attributes, List<ParentRef> parents, String file, Json at) {}

  private record ParentRef(EntityUid uid, Json at) {}

  private DataLoader(Schema schema, List<Diagnostic> out) {
    this.schema = schema;
    this.out = out;
  }

  /**
   * What loading gave: the data, and the names of every value a file defines, valid or not (so a
   * value with a problem is not also reported missing).
   */
  public record Loaded(BundleData data, Set<String> definedValues) {
    public Loaded {
      definedValues = Set.copyOf(definedValues);
    }
  }

  /** Loads every file; problems go to {@code out}, and entities with problems are left out. */
  public static Loaded load(List<SourceText> files, Schema schema, List<Diagnostic> out) {
    DataLoader loader = new DataLoader(schema, out);
    files.forEach(loader::file);
    return new Loaded(new BundleData(loader.resolveHierarchy(), loader.values), loader.valueFiles.keySet());
  }

  private void file(SourceText file) {
    switch (READER.read(file.text())) {
      case JsonReader.Failed failed -> out.add(Diagnostic.of(DiagnosticCode.MALFORMED_JSON,
          SourceLocation.at(file.path(), failed.failure().line(), failed.failure().column()),
          failed.failure().message()));
      case JsonReader.Parsed parsed -> {
        if (!(parsed.json() instanceof JsonObject root)) {
          invalid(file, parsed.json(), "a data file is a JSON object with `entities` and `values`, found " + parsed.json().kind());
          return;
        }
        for (Map.Entry<String, Json> member : root.members().entrySet()) {
          switch (member.getKey()) {
            case "entities" -> entities(file, member.getValue());
            case "values" -> values(file, member.getValue());
            default -> invalid(file, root.keyPosition(member.getKey()), "unknown key `" + member.getKey()
                + "`; a data file has `entities` and `values`" + Suggestions.didYouMean(member.getKey(), FILE_KEYS));
          }
        }
      }
    }
  }

  private void entities(SourceText file, Json json) {
    if (!(json instanceof JsonArray array)) {
      invalid(file, json, "`entities` must be an array of entities, found " + json.kind());
      return;
    }
    for (Json element : array.elements()) {
      entity(file, element);
    }
  }

  private void entity(SourceText file, Json json) {
    if (!(json instanceof JsonObject object)) {
      invalid(file, json, "an entity is an object with `type`, `id`, `properties` and `parents`, found " + json.kind());
      return;
    }
    for (Map.Entry<String, Json> member : object.members().entrySet()) {
      if (!ENTITY_KEYS.contains(member.getKey())) {
        invalid(file, object.keyPosition(member.getKey()), "unknown key `" + member.getKey() + "` in an entity; expected "
            + "`type`, `id`, `properties` or `parents`" + Suggestions.didYouMean(member.getKey(), ENTITY_KEYS));
      }
    }
    if (!(object.members().get("type") instanceof JsonString type) || !(object.members().get("id") instanceof JsonString id)) {
      invalid(file, json, "an entity needs a string `type` and a string `id`");
      return;
    }
    EntityUid uid = new EntityUid(type.value(), id.value());
    EntityTypeInfo info = schema.entityTypes().get(type.value());
    if (info == null) {
      out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_ENTITY_TYPE, at(file, type),
          "unknown entity type `" + type.value() + "`" + Suggestions.didYouMean(type.value(), schema.entityTypes().keySet())));
      return;
    }
    Pending previous = entities.get(uid);
    if (previous != null) {
      out.add(Diagnostic.of(DiagnosticCode.DUPLICATE_ENTITY, at(file, json),
          "entity `" + uid + "` is already defined at " + previous.file() + ":" + previous.at().line() + ":" + previous.at().column()));
      return;
    }
    Map<String, Object> attributes = Map.of();
    Json properties = object.members().get("properties");
    if (properties instanceof JsonObject props) {
      attributes = decoder.attributes(props, info.attributes(), "", problems(file, uid));
    } else if (properties != null) {
      invalid(file, properties, "`properties` must be an object, found " + properties.kind());
    }
    List<ParentRef> parents = new ArrayList<>();
    Json parentsJson = object.members().get("parents");
    if (parentsJson instanceof JsonArray array) {
      for (Json parent : array.elements()) {
        if (parent instanceof JsonObject p && p.members().size() == 2
            && p.members().get("type") instanceof JsonString parentType
            && p.members().get("id") instanceof JsonString parentId) {
          if (!info.parentTypes().contains(parentType.value())) {
            out.add(Diagnostic.of(DiagnosticCode.DATA_TYPE_MISMATCH, at(file, parent),
                "entity type `" + info.name() + "` cannot have a parent of type `" + parentType.value() + "`; "
                    + (info.parentTypes().isEmpty() ? "it declares no parent types (add `in [" + parentType.value() + "]` to its schema)"
                        : "its parent types are " + String.join(", ", info.parentTypes()))));
            continue;
          }
          parents.add(new ParentRef(new EntityUid(parentType.value(), parentId.value()), parent));
        } else {
          invalid(file, parent, "a parent is an object {\"type\": \"…\", \"id\": \"…\"}, found " + parent.kind());
        }
      }
    } else if (parentsJson != null) {
      invalid(file, parentsJson, "`parents` must be an array, found " + parentsJson.kind());
    }
    entities.put(uid, new Pending(uid, attributes, parents, file.path(), json));
  }

  private void values(SourceText file, Json json) {
    if (!(json instanceof JsonObject object)) {
      invalid(file, json, "`values` must be an object of named values, found " + json.kind());
      return;
    }
    for (Map.Entry<String, Json> member : object.members().entrySet()) {
      String name = member.getKey();
      Type type = schema.dataValues().get(name);
      if (type == null) {
        out.add(Diagnostic.of(DiagnosticCode.DATA_VALUE_MISMATCH, at(file, object.keyPosition(name)),
            "data value `" + name + "` is not declared in the schema; declare it with `data " + name + ": <type>`"
                + Suggestions.didYouMean(name, schema.dataValues().keySet())));
        continue;
      }
      String previous = valueFiles.putIfAbsent(name, file.path());
      if (previous != null) {
        out.add(Diagnostic.of(DiagnosticCode.DATA_VALUE_MISMATCH, at(file, object.keyPosition(name)),
            "data value `" + name + "` is already defined in " + previous));
        continue;
      }
      Object value = decoder.decode(member.getValue(), type, name, problems(file, null));
      if (value != null) {
        values.put(name, value);
      }
    }
  }

  /** Checks parents exist, refuses cycles, and computes every entity's ancestors in topological order. */
  private EntityStore resolveHierarchy() {
    Map<EntityUid, List<EntityUid>> children = new HashMap<>();
    Map<EntityUid, Integer> unresolvedParents = new HashMap<>();
    for (Pending entity : entities.values()) {
      int count = 0;
      for (ParentRef parent : entity.parents()) {
        if (!entities.containsKey(parent.uid())) {
          out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_PARENT, SourceLocation.at(entity.file(), parent.at().line(), parent.at().column()),
              "parent `" + parent.uid() + "` of `" + entity.uid() + "` is not an entity of the bundle's data"));
          continue;
        }
        children.computeIfAbsent(parent.uid(), k -> new ArrayList<>()).add(entity.uid());
        count++;
      }
      unresolvedParents.put(entity.uid(), count);
    }
    Deque<EntityUid> ready = new ArrayDeque<>();
    unresolvedParents.forEach((uid, count) -> {
      if (count == 0) {
        ready.add(uid);
      }
    });
    Map<EntityUid, Set<EntityUid>> ancestors = new HashMap<>();
    Map<EntityUid, Integer> depths = new HashMap<>();
    Deque<EntityUid> tooDeep = new ArrayDeque<>();
    while (!ready.isEmpty()) {
      EntityUid uid = ready.poll();
      Set<EntityUid> own = new LinkedHashSet<>();
      int depth = 0;
      for (ParentRef parent : entities.get(uid).parents()) {
        if (ancestors.containsKey(parent.uid())) {
          own.add(parent.uid());
          own.addAll(ancestors.get(parent.uid()));
          depth = Math.max(depth, depths.get(parent.uid()) + 1);
        }
      }
      if (depth > MAX_HIERARCHY_DEPTH) {
        // every ancestor is stored with each entity: a deeper chain would cost its depth squared
        Pending entity = entities.get(uid);
        out.add(Diagnostic.of(DiagnosticCode.HIERARCHY_TOO_DEEP,
            SourceLocation.at(entity.file(), entity.at().line(), entity.at().column()),
            "entity `" + uid + "` is more than " + MAX_HIERARCHY_DEPTH + " parents below its highest ancestor"));
        tooDeep.add(uid);
        continue;
      }
      depths.put(uid, depth);
      ancestors.put(uid, own);
      for (EntityUid child : children.getOrDefault(uid, List.of())) {
        if (unresolvedParents.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    // Entities below a too-deep one are left out without more errors, and are no cycle to look for:
    // searching each of them for one would cost the chain's length squared.
    Set<EntityUid> settled = new HashSet<>(ancestors.keySet());
    while (!tooDeep.isEmpty()) {
      EntityUid uid = tooDeep.poll();
      if (settled.add(uid)) {
        tooDeep.addAll(children.getOrDefault(uid, List.of()));
      }
    }
    reportCycles(settled);
    Map<EntityUid, Entity> resolved = new LinkedHashMap<>();
    for (Pending entity : entities.values()) {
      Set<EntityUid> own = ancestors.get(entity.uid());
      if (own == null) {
        continue; // in a cycle, or below one: reported as the cycle
      }
      Set<EntityUid> direct = new LinkedHashSet<>();
      entity.parents().forEach(p -> direct.add(p.uid()));
      resolved.put(entity.uid(), new Entity(entity.uid(), entity.attributes(), direct, own));
    }
    return new EntityStore(resolved);
  }

  /**
   * Reports each cycle of parents once, at its first entity in file order. Entities not settled
   * (resolved, or below a too-deep one) are in a cycle or below one; an entity is in one when it
   * can reach itself through parents.
   */
  private void reportCycles(Set<EntityUid> resolved) {
    Set<EntityUid> reported = new HashSet<>();
    for (Pending entity : entities.values()) {
      if (resolved.contains(entity.uid()) || reported.contains(entity.uid())) {
        continue;
      }
      List<EntityUid> cycle = cycleThrough(entity.uid(), resolved);
      if (!cycle.isEmpty()) {
        reported.addAll(cycle);
        List<String> path = new ArrayList<>();
        cycle.forEach(uid -> path.add(uid.toString()));
        path.add(cycle.getFirst().toString());
        out.add(Diagnostic.of(DiagnosticCode.HIERARCHY_CYCLE,
            SourceLocation.at(entity.file(), entity.at().line(), entity.at().column()),
            "entity `" + entity.uid() + "` is its own ancestor: " + String.join(" → ", path)
                + "; parents must not form a cycle"));
      }
    }
  }

  /** The cycle of parents that leads from {@code start} back to it, or empty when there is none. */
  private List<EntityUid> cycleThrough(EntityUid start, Set<EntityUid> resolved) {
    Map<EntityUid, EntityUid> cameFrom = new HashMap<>();
    Deque<EntityUid> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      EntityUid current = queue.poll();
      for (ParentRef parent : entities.get(current).parents()) {
        EntityUid next = parent.uid();
        if (next.equals(start)) {
          List<EntityUid> cycle = new ArrayList<>();
          for (EntityUid step = current; step != null; step = cameFrom.get(step)) {
            cycle.addFirst(step);
          }
          return cycle;
        }
        if (entities.containsKey(next) && !resolved.contains(next) && !cameFrom.containsKey(next)) {
          cameFrom.put(next, current);
          queue.add(next);
        }
      }
    }
    return List.of();
  }

  private ValueDecoder.Problems problems(SourceText file, EntityUid owner) {
    return (position, problem, message) -> out.add(Diagnostic.of(
        switch (problem) {
          case UNKNOWN_ATTRIBUTE -> DiagnosticCode.DATA_UNKNOWN_ATTRIBUTE;
          case TYPE_MISMATCH, MISSING_ATTRIBUTE -> DiagnosticCode.DATA_TYPE_MISMATCH;
        },
        at(file, position),
        owner == null ? message : "entity `" + owner + "`: " + message));
  }

  private void invalid(SourceText file, Json at, String message) {
    invalid(file, new Json.Position(at.line(), at.column()), message);
  }

  private void invalid(SourceText file, Json.Position at, String message) {
    out.add(Diagnostic.of(DiagnosticCode.INVALID_DATA, at(file, at), message));
  }

  private static SourceLocation at(SourceText file, Json json) {
    return at(file, new Json.Position(json.line(), json.column()));
  }

  private static SourceLocation at(SourceText file, Json.Position position) {
    return SourceLocation.at(file.path(), Math.max(1, position.line()), Math.max(1, position.column()));
  }
}
