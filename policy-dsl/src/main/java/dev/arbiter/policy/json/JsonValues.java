package dev.arbiter.policy.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonBoolean;
import dev.arbiter.policy.json.Json.JsonNull;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run-time values as JSON: the inverse of what data files and requests are read with. */
public final class JsonValues {
  private JsonValues() {}

  /** Writes a run-time value onto an open generator. */
  public static void write(JsonGenerator json, Object value) throws IOException {
    write(json, toJson(value));
  }

  /** A run-time value as a JSON tree (positions unknown): datetimes, durations and addresses become strings. */
  public static Json toJson(Object value) {
    return switch (value) {
      case null -> new JsonNull(0, 0);
      case Json tree -> tree;
      case Boolean b -> new JsonBoolean(b, 0, 0);
      case Long l -> new JsonNumber(l, 0, 0);
      case BigDecimal d -> new JsonNumber(d, 0, 0);
      case String s -> new JsonString(s, 0, 0);
      case Instant i -> new JsonString(i.toString(), 0, 0);
      case Duration d -> new JsonString(Values.formatDuration(d), 0, 0);
      case IpRange ip -> new JsonString(ip.toString(), 0, 0);
      case EntityUid uid -> {
        Map<String, Json> members = new LinkedHashMap<>();
        members.put("type", new JsonString(uid.type(), 0, 0));
        members.put("id", new JsonString(uid.id(), 0, 0));
        yield new JsonObject(members, 0, 0);
      }
      case Collection<?> collection -> {
        List<Json> elements = new ArrayList<>(collection.size());
        collection.forEach(element -> elements.add(toJson(element)));
        yield new JsonArray(elements, 0, 0);
      }
      case Map<?, ?> record -> {
        Map<String, Json> members = new LinkedHashMap<>();
        record.forEach((key, element) -> members.put(String.valueOf(key), toJson(element)));
        yield new JsonObject(members, 0, 0);
      }
      default -> new JsonString(value.toString(), 0, 0);
    };
  }

  /** Writes a JSON tree onto an open generator, members in their order. */
  public static void write(JsonGenerator json, Json value) throws IOException {
    switch (value) {
      case JsonNull n -> json.writeNull();
      case JsonBoolean b -> json.writeBoolean(b.value());
      case JsonNumber n when n.value() instanceof Long l -> json.writeNumber(l);
      case JsonNumber n -> json.writeNumber((BigDecimal) n.value());
      case JsonString s -> json.writeString(s.value());
      case JsonArray array -> {
        json.writeStartArray();
        for (Json element : array.elements()) {
          write(json, element);
        }
        json.writeEndArray();
      }
      case JsonObject object -> {
        json.writeStartObject();
        for (Map.Entry<String, Json> member : object.members().entrySet()) {
          json.writeFieldName(member.getKey());
          write(json, member.getValue());
        }
        json.writeEndObject();
      }
    }
  }
}
