package dev.arbiter.pdp.authzen;

import dev.arbiter.pdp.decision.BatchSemantic;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonBoolean;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A batch's {@code options}: AuthZEN's {@code evaluations_semantic} and Arbiter's {@code include_context}. */
sealed interface BatchOptions {
  record Valid(BatchSemantic semantic, boolean includeContext) implements BatchOptions {}

  record Invalid(String message) implements BatchOptions {}

  static BatchOptions read(Json options) {
    if (options == null || options instanceof Json.JsonNull) {
      return new Valid(BatchSemantic.EXECUTE_ALL, false);
    }
    if (!(options instanceof JsonObject object)) {
      return new Invalid("`options` must be an object, found " + options.kind());
    }
    BatchSemantic semantic = BatchSemantic.EXECUTE_ALL;
    Json given = object.members().get("evaluations_semantic");
    if (given instanceof JsonString name) {
      var known = BatchSemantic.of(name.value());
      if (known.isEmpty()) {
        return new Invalid("`options.evaluations_semantic` must be one of " + Arrays.stream(BatchSemantic.values())
            .map(BatchSemantic::keyword).collect(Collectors.joining(", ")) + ", found \"" + name.value() + "\"");
      }
      semantic = known.get();
    } else if (given != null && !(given instanceof Json.JsonNull)) {
      return new Invalid("`options.evaluations_semantic` must be a string, found " + given.kind());
    }
    Json include = object.members().get("include_context");
    if (include != null && !(include instanceof JsonBoolean) && !(include instanceof Json.JsonNull)) {
      return new Invalid("`options.include_context` must be a boolean, found " + include.kind());
    }
    return new Valid(semantic, include instanceof JsonBoolean flag && flag.value());
  }
}
