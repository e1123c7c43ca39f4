package dev.arbiter.pdp.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.arbiter.pdp.api.v1.Action;
import dev.arbiter.pdp.api.v1.Entity;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between protobuf and the engine: requests become the same JSON tree AuthZEN REST produces, so
 * both protocols decide through one path; result values become {@code Struct}s the way they would
 * print as JSON. An empty string counts as missing, as proto3 cannot tell the two apart.
 */
final class ProtoJson {
  private static final int MAX_DEPTH = 32;

  private ProtoJson() {}

  static JsonObject request(EvaluationRequest request) {
    Map<String, Json> root = new LinkedHashMap<>();
    if (request.hasSubject()) {
      root.put("subject", entity(request.getSubject()));
    }
    if (request.hasAction()) {
      root.put("action", action(request.getAction()));
    }
    if (request.hasResource()) {
      root.put("resource", entity(request.getResource()));
    }
    if (request.hasContext()) {
      root.put("context", struct(request.getContext(), 0));
    }
    return new JsonObject(root, 0, 0);
  }

  private static JsonObject entity(Entity entity) {
    Map<String, Json> members = new LinkedHashMap<>();
    putIfPresent(members, "type", entity.getType());
    putIfPresent(members, "id", entity.getId());
    if (entity.hasProperties()) {
      members.put("properties", struct(entity.getProperties(), 0));
    }
    return new JsonObject(members, 0, 0);
  }

  private static JsonObject action(Action action) {
    Map<String, Json> members = new LinkedHashMap<>();
    putIfPresent(members, "name", action.getName());
    if (action.hasProperties()) {
      members.put("properties", struct(action.getProperties(), 0));
    }
    return new JsonObject(members, 0, 0);
  }

  private static void putIfPresent(Map<String, Json> members, String key, String value) {
    if (!value.isEmpty()) {
      members.put(key, new JsonString(value, 0, 0));
    }
  }

  private static JsonObject struct(Struct struct, int depth) {
    Map<String, Json> members = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((key, value) -> members.put(key, value(value, depth + 1)));
    return new JsonObject(members, 0, 0);
  }

  private static Json value(Value value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("values nest deeper than " + MAX_DEPTH + " levels");
    }
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> new Json.JsonNull(0, 0);
      case BOOL_VALUE -> new Json.JsonBoolean(value.getBoolValue(), 0, 0);
      case STRING_VALUE -> new JsonString(value.getStringValue(), 0, 0);
      case NUMBER_VALUE -> number(value.getNumberValue());
      case STRUCT_VALUE -> struct(value.getStructValue(), depth);
      case LIST_VALUE -> {
        List<Json> elements = new ArrayList<>();
        for (Value element : value.getListValue().getValuesList()) {
          elements.add(value(element, depth + 1));
        }
        yield new JsonArray(elements, 0, 0);
      }
    };
  }

  /** Protobuf numbers are doubles; whole ones within a long's exact range are integers. */
  private static Json number(double number) {
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new IllegalArgumentException("numbers must be finite, found " + number);
    }
    if (number == Math.rint(number) && Math.abs(number) < 0x1p53) {
      return new Json.JsonNumber((long) number, 0, 0);
    }
    return new Json.JsonNumber(BigDecimal.valueOf(number), 0, 0);
  }

  /** An engine value as a protobuf value, shaped as it prints in JSON. */
  static Value toValue(Object value) {
    return switch (value) {
      case null -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
      case Boolean b -> Value.newBuilder().setBoolValue(b).build();
      case Long l -> Value.newBuilder().setNumberValue(l).build();
      case BigDecimal d -> Value.newBuilder().setNumberValue(d.doubleValue()).build();
      case String s -> Value.newBuilder().setStringValue(s).build();
      case Instant i -> Value.newBuilder().setStringValue(i.toString()).build();
      case Duration d -> Value.newBuilder().setStringValue(Values.formatDuration(d)).build();
      case IpRange ip -> Value.newBuilder().setStringValue(ip.toString()).build();
      case EntityUid uid -> Value.newBuilder().setStructValue(Struct.newBuilder()
          .putFields("type", toValue(uid.type())).putFields("id", toValue(uid.id()))).build();
      case Collection<?> collection -> {
        ListValue.Builder list = ListValue.newBuilder();
        collection.forEach(element -> list.addValues(toValue(element)));
        yield Value.newBuilder().setListValue(list).build();
      }
      case Map<?, ?> map -> Value.newBuilder().setStructValue(toStruct(map)).build();
      default -> Value.newBuilder().setStringValue(String.valueOf(value)).build();
    };
  }

  static Struct toStruct(Map<?, ?> map) {
    Struct.Builder struct = Struct.newBuilder();
    map.forEach((key, element) -> struct.putFields(String.valueOf(key), toValue(element)));
    return struct.build();
  }
}
