package dev.arbiter.policy.schema;

import dev.arbiter.policy.schema.Type.EntityType;
import dev.arbiter.policy.schema.Type.ListType;
import dev.arbiter.policy.schema.Type.MapType;
import dev.arbiter.policy.schema.Type.Primitive;
import dev.arbiter.policy.schema.Type.RecordType;
import dev.arbiter.policy.schema.Type.SetType;
import dev.arbiter.policy.schema.Type.Special;
import java.util.Optional;
import java.util.TreeSet;

/** Assignability, comparability and least upper bounds of {@link Type}s. */
public final class Types {
  private Types() {}

  /** Whether {@code any} or {@code <error>} is involved, so no static judgement is possible. */
  public static boolean isUnknown(Type type) {
    return type == Special.ANY || type == Special.ERROR;
  }

  public static boolean isNumeric(Type type) {
    return type == Primitive.INT || type == Primitive.DECIMAL;
  }

  /** Whether a value of type {@code actual} may stand where {@code expected} is declared. */
  public static boolean isAssignable(Type expected, Type actual) {
    if (isUnknown(expected) || isUnknown(actual) || actual == Special.NEVER || expected.equals(actual)) {
      return true;
    }
    return switch (expected) {
      case Primitive p -> p == Primitive.DECIMAL && actual == Primitive.INT;
      case SetType s -> actual instanceof SetType a && isAssignable(s.element(), a.element());
      // a set literal written where a list is declared keeps its written order
      case ListType l ->
          (actual instanceof ListType a && isAssignable(l.element(), a.element()))
              || (actual instanceof SetType b && isAssignable(l.element(), b.element()));
      case MapType m ->
          (actual instanceof MapType a && isAssignable(m.value(), a.value()))
              || (actual instanceof RecordType r
                  && r.attributes().values().stream().allMatch(x -> isAssignable(m.value(), x.type())));
      case RecordType r -> actual instanceof RecordType a && isRecordAssignable(r, a);
      case EntityType e ->
          actual instanceof EntityType a && (e.names().isEmpty() || e.names().containsAll(a.names()));
      case Type.RangeType r -> false;
      case Special s -> false;
    };
  }

  private static boolean isRecordAssignable(RecordType expected, RecordType actual) {
    for (Attribute attribute : expected.attributes().values()) {
      Attribute given = actual.attributes().get(attribute.name());
      if (given == null ? !attribute.optional() : !isAssignable(attribute.type(), given.type())) {
        return false;
      }
    }
    return expected.attributes().keySet().containsAll(actual.attributes().keySet());
  }

  /** Whether {@code ==} between the two types can ever be true. */
  public static boolean isComparable(Type a, Type b) {
    return isAssignable(a, b) || isAssignable(b, a) || (isNumeric(a) && isNumeric(b))
        || (a instanceof EntityType && b instanceof EntityType);
  }

  /** The most specific type both fit, if there is one. */
  public static Optional<Type> leastUpperBound(Type a, Type b) {
    if (a == Special.ERROR || b == Special.ERROR) {
      return Optional.of(Special.ERROR);
    }
    if (a == Special.ANY || b == Special.ANY) {
      return Optional.of(Special.ANY);
    }
    if (isAssignable(a, b)) {
      return Optional.of(a);
    }
    if (isAssignable(b, a)) {
      return Optional.of(b);
    }
    if (a instanceof EntityType x && b instanceof EntityType y) {
      if (x.names().isEmpty() || y.names().isEmpty()) {
        return Optional.of(new EntityType(new TreeSet<>()));
      }
      TreeSet<String> names = new TreeSet<>(x.names());
      names.addAll(y.names());
      return Optional.of(new EntityType(names));
    }
    if (a instanceof SetType x && b instanceof SetType y) {
      return leastUpperBound(x.element(), y.element()).map(SetType::new);
    }
    if (a instanceof ListType x && b instanceof ListType y) {
      return leastUpperBound(x.element(), y.element()).map(ListType::new);
    }
    return Optional.empty();
  }

  /**
   * Whether a run-time value fits a type: what a value of static type {@code any} must satisfy
   * where a declared type is required, such as an obligation's argument.
   */
  public static boolean conforms(Object value, Type type) {
    return switch (type) {
      case Special s -> true;
      case Primitive p -> switch (p) {
        case BOOL -> value instanceof Boolean;
        case INT -> value instanceof Long;
        case DECIMAL -> value instanceof java.math.BigDecimal || value instanceof Long;
        case STRING -> value instanceof String;
        case DATETIME -> value instanceof java.time.Instant;
        case DURATION -> value instanceof java.time.Duration;
        case IP -> value instanceof dev.arbiter.policy.value.IpRange;
      };
      case SetType s -> value instanceof java.util.Collection<?> c && c.stream().allMatch(e -> conforms(e, s.element()));
      case ListType l -> value instanceof java.util.Collection<?> c && c.stream().allMatch(e -> conforms(e, l.element()));
      case MapType m -> value instanceof java.util.Map<?, ?> map && map.values().stream().allMatch(v -> conforms(v, m.value()));
      case RecordType r -> value instanceof java.util.Map<?, ?> map
          && r.attributes().values().stream().allMatch(a -> map.get(a.name()) == null
              ? a.optional() : conforms(map.get(a.name()), a.type()))
          && r.attributes().keySet().containsAll(map.keySet().stream().map(String::valueOf).toList());
      case EntityType e -> value instanceof dev.arbiter.policy.value.EntityUid uid
          && (e.names().isEmpty() || e.names().contains(uid.type()));
      case Type.RangeType r -> false;
    };
  }

  /** Whether {@code any} occurs anywhere in a type. */
  public static boolean containsAny(Type type) {
    return switch (type) {
      case Special s -> s == Special.ANY;
      case SetType s -> containsAny(s.element());
      case ListType l -> containsAny(l.element());
      case MapType m -> containsAny(m.value());
      case RecordType r -> r.attributes().values().stream().anyMatch(a -> containsAny(a.type()));
      default -> false;
    };
  }

  /** The element type of a set or list, {@code any} for {@code any}; empty for anything else. */
  public static Optional<Type> elementType(Type collection) {
    return switch (collection) {
      case SetType s -> Optional.of(s.element());
      case ListType l -> Optional.of(l.element());
      case Special s when s == Special.ANY || s == Special.ERROR -> Optional.of(s);
      default -> Optional.empty();
    };
  }
}
