package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.SourceLocation;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.diagnostic.Suggestions;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.JsonReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bundle.json}: {@code {"name": "...", "description": "...", "combine": "deny-overrides"}}.
 * Every key is optional; {@code combine} says how the bundle's top-level elements combine.
 */
record Manifest(String name, String description, CombiningAlgorithm combine) {
  private static final Set<String> KEYS = Set.of("name", "description", "combine");

  static Manifest read(Optional<SourceText> file, String defaultName, List<Diagnostic> out) {
    Manifest defaults = new Manifest(defaultName, "", CombiningAlgorithm.DENY_OVERRIDES);
    if (file.isEmpty()) {
      return defaults;
    }
    String path = file.get().path();
    switch (new JsonReader(JsonReader.Limits.DATA).read(file.get().text())) {
      case JsonReader.Failed failed -> {
        out.add(Diagnostic.of(DiagnosticCode.MALFORMED_JSON,
            SourceLocation.at(path, failed.failure().line(), failed.failure().column()), failed.failure().message()));
        return defaults;
      }
      case JsonReader.Parsed parsed -> {
        if (!(parsed.json() instanceof Json.JsonObject object)) {
          invalid(out, path, parsed.json(), "a manifest is a JSON object with `name`, `description` and `combine`");
          return defaults;
        }
        String name = defaultName;
        String description = "";
        CombiningAlgorithm combine = CombiningAlgorithm.DENY_OVERRIDES;
        for (Map.Entry<String, Json> member : object.members().entrySet()) {
          Json value = member.getValue();
          if (!KEYS.contains(member.getKey())) {
            Json.Position key = object.keyPosition(member.getKey());
            invalid(out, SourceLocation.at(path, Math.max(1, key.line()), Math.max(1, key.column())), "unknown key `" + member.getKey() + "`; a manifest has `name`, `description` and `combine`"
                + Suggestions.didYouMean(member.getKey(), KEYS));
            continue;
          }
          if (!(value instanceof Json.JsonString text)) {
            invalid(out, path, value, "`" + member.getKey() + "` must be a string, found " + value.kind());
            continue;
          }
          switch (member.getKey()) {
            case "name" -> name = text.value();
            case "description" -> description = text.value();
            default -> {
              Optional<CombiningAlgorithm> algorithm = CombiningAlgorithm.fromKeyword(text.value());
              if (algorithm.isEmpty()) {
                out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_COMBINING_ALGORITHM, at(path, value),
                    "unknown combining algorithm `" + text.value() + "`; expected one of "
                        + String.join(", ", CombiningAlgorithm.keywords())
                        + Suggestions.didYouMean(text.value(), CombiningAlgorithm.keywords())));
              } else {
                combine = algorithm.get();
              }
            }
          }
        }
        return new Manifest(name, description, combine);
      }
    }
  }

  private static void invalid(List<Diagnostic> out, String path, Json at, String message) {
    invalid(out, at(path, at), message);
  }

  private static void invalid(List<Diagnostic> out, SourceLocation at, String message) {
    out.add(Diagnostic.of(DiagnosticCode.INVALID_MANIFEST, at, message));
  }

  private static SourceLocation at(String path, Json json) {
    return SourceLocation.at(path, Math.max(1, json.line()), Math.max(1, json.column()));
  }
}
