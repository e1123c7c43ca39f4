package dev.arbiter.policy.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A static type. Immutable; {@link #toString()} is how messages name it. */
public sealed interface Type {

  /** Scalars. */
  enum Primitive implements Type {
    BOOL("bool"),
    INT("int"),
    DECIMAL("decimal"),
    STRING("string"),
    DATETIME("datetime"),
    DURATION("duration"),
    IP("ip");

    private final String keyword;

    Primitive(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }

    @Override
    public String toString() {
      return keyword;
    }
  }

  /**
   * Types with no values of their own: {@code ANY} is JSON whose shape is only known at run time
   * (tool arguments); {@code NEVER} is the element type of {@code []}; {@code ERROR} stands for an
   * expression already reported, so one mistake yields one diagnostic.
   */
  enum Special implements Type {
    ANY("any"),
    NEVER("never"),
    ERROR("<error>");

    private final String keyword;

    Special(String keyword) {
      this.keyword = keyword;
    }

    @Override
    public String toString() {
      return keyword;
    }
  }

  record SetType(Type element) implements Type {
    public SetType {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "set<" + element + ">";
    }
  }

  record ListType(Type element) implements Type {
    public ListType {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "list<" + element + ">";
    }
  }

  /** String keys to values of one type. */
  record MapType(Type value) implements Type {
    public MapType {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "map<" + value + ">";
    }
  }

  /** A record with named attributes in declaration order. */
  record RecordType(Map<String, Attribute> attributes) implements Type {
    public RecordType {
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static final RecordType EMPTY = new RecordType(Map.of());

    @Override
    public String toString() {
      return attributes.values().stream()
          .map(Attribute::toString)
          .collect(Collectors.joining(", ", "{ ", " }"));
    }
  }

  /** An entity of one of the named types; for {@code subject} and {@code resource}, a union. */
  record EntityType(SortedSet<String> names) implements Type {
    public EntityType {
      names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    public static EntityType of(String name) {
      return new EntityType(new TreeSet<>(java.util.List.of(name)));
    }

    @Override
    public String toString() {
      return names.isEmpty() ? "entity" : String.join(" | ", names);
    }
  }

  /** The type of {@code lo..hi}, which only the right side of {@code in} accepts. */
  record RangeType(Type bound) implements Type {
    public RangeType {
      Objects.requireNonNull(bound, "bound");
    }

    @Override
    public String toString() {
      return "range<" + bound + ">";
    }
  }
}
