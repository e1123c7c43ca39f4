package dev.arbiter.pep.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.pep.Fulfilment;
import dev.arbiter.pep.Obligation;
import dev.arbiter.pep.ObligationHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The obligations carried out on a tool's result, after the call: {@code mask(fields)} replaces the
 * value of every member so named, at any depth, in the structured content and in text content that
 * is JSON (text that is not JSON but mentions a masked field is withheld whole, since its values
 * cannot be told apart); {@code cap_result(max_chars)} cuts text content so that the result's text
 * stays within the cap, and withholds structured content larger than it.
 */
final class ResultObligations {
  static final String MASK = "mask";
  static final String CAP = "cap_result";
  static final String MASKED = "***";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultObligations() {}

  /** Accepts mask and cap obligations whose arguments make sense, before the call. */
  static ObligationHandler checker() {
    return (obligation, request) -> switch (obligation.name()) {
      case MASK -> obligation.stringListArgument("fields").isPresent() ? Fulfilment.accepted()
          : Fulfilment.refused("mask needs `fields`, a list of strings");
      case CAP -> obligation.longArgument("max_chars").orElse(-1) > 0 ? Fulfilment.accepted()
          : Fulfilment.refused("cap_result needs `max_chars`, a positive integer");
      default -> Fulfilment.refused("not a result obligation: " + obligation.name());
    };
  }

  static McpSchema.CallToolResult apply(McpSchema.CallToolResult result, List<Obligation> obligations) {
    Set<String> masked = new LinkedHashSet<>();
    long cap = Long.MAX_VALUE;
    for (Obligation obligation : obligations) {
      switch (obligation.name()) {
        case MASK -> masked.addAll(obligation.stringListArgument("fields").orElseThrow());
        case CAP -> cap = Math.min(cap, obligation.longArgument("max_chars").orElseThrow());
        default -> {} // checked before the call; nothing to do with the result
      }
    }
    if (masked.isEmpty() && cap == Long.MAX_VALUE) {
      return result;
    }
    List<McpSchema.Content> content = new ArrayList<>();
    long budget = cap;
    for (McpSchema.Content item : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
      if (item instanceof McpSchema.TextContent text) {
        String shown = capped(mask(text.text(), masked), budget);
        budget -= shown.length();
        content.add(new McpSchema.TextContent(text.annotations(), shown, text.meta()));
      } else {
        content.add(item);
      }
    }
    Object structured = result.structuredContent() == null ? null : mask(result.structuredContent(), masked);
    if (structured != null && cap != Long.MAX_VALUE && serialized(structured).length() > cap) {
      structured = null;
    }
    return new McpSchema.CallToolResult(content, result.isError(), structured, result.meta());
  }

  private static String capped(String text, long budget) {
    if (text.length() <= budget) {
      return text;
    }
    String marker = "… [cut by the policy's size limit]";
    return budget <= marker.length() ? "" : text.substring(0, (int) (budget - marker.length())) + marker;
  }

  private static String mask(String text, Set<String> fields) {
    if (fields.isEmpty()) {
      return text;
    }
    try {
      return JSON.writeValueAsString(mask(JSON.readValue(text, Object.class), fields));
    } catch (JsonProcessingException notJson) {
      for (String field : fields) {
        if (text.contains(field)) {
          return "[withheld: the result mentions a masked field and is not JSON]";
        }
      }
      return text;
    }
  }

  private static Object mask(Object value, Set<String> fields) {
    return switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, member) -> out.put(String.valueOf(key),
            fields.contains(String.valueOf(key)) ? MASKED : mask(member, fields)));
        yield out;
      }
      case List<?> list -> list.stream().map(element -> mask(element, fields)).toList();
      case null, default -> value;
    };
  }

  private static String serialized(Object value) {
    try {
      return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      return "";
    }
  }
}
