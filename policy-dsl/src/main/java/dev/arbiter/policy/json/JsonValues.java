package dev.arbiter.policy.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Writes run-time values as JSON: the inverse of what data files and requests are read with. */
public final class JsonValues {
  private JsonValues() {}

  public static void write(JsonGenerator json, Object value) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case Boolean b -> json.writeBoolean(b);
      case Long l -> json.writeNumber(l);
      case BigDecimal d -> json.writeNumber(d);
      case String s -> json.writeString(s);
      case Instant i -> json.writeString(i.toString());
      case Duration d -> json.writeString(Values.formatDuration(d));
      case IpRange ip -> json.writeString(ip.toString());
      case EntityUid uid -> {
        json.writeStartObject();
        json.writeStringField("type", uid.type());
        json.writeStringField("id", uid.id());
        json.writeEndObject();
      }
      case Collection<?> collection -> {
        json.writeStartArray();
        for (Object element : collection) {
          write(json, element);
        }
        json.writeEndArray();
      }
      case Map<?, ?> record -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : record.entrySet()) {
          json.writeFieldName(String.valueOf(entry.getKey()));
          write(json, entry.getValue());
        }
        json.writeEndObject();
      }
      default -> json.writeString(value.toString());
    }
  }
}
