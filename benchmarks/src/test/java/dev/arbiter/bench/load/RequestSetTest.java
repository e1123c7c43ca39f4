package dev.arbiter.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.cache.BundleCache;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.request.RequestJson;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load benchmark's calls against the shipped bundle, in process: their expected decisions are
 * the bundle's, whatever the hour (the service sets the time itself), and Cerbos' form of a call
 * carries the tool's attributes from the bundle's data.
 */
class RequestSetTest {
  static final Path REQUESTS = Path.of("load/requests.json");
  static final Path BUNDLE = Path.of("../policies");

  @ParameterizedTest(name = "at {0}")
  @ValueSource(strings = {"2026-03-02T03:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02T22:00:00Z"})
  void theShippedBundleGivesEveryCallItsExpectedDecision(String time) throws IOException {
    CompiledBundle bundle = switch (new BundleCache(1).compile(BundleLoader.load(BUNDLE))) {
      case BundleCache.Compiled compiled -> compiled.bundle();
      case BundleCache.Failed failed -> throw new AssertionError("the shipped bundle has errors: " + failed);
    };
    for (RequestSet.Call call : RequestSet.load(REQUESTS, BUNDLE).calls()) {
      ObjectNode request = call.arbiter().deepCopy();
      ((ObjectNode) request.get("context")).put("time", time);
      boolean permit = switch (RequestJson.read(request.toString(), bundle.source().schema())) {
        case RequestJson.Valid valid -> bundle.evaluate(valid.request()).isPermit();
        case RequestJson.Invalid invalid -> throw new AssertionError(call.name() + ": " + invalid.problems());
      };
      assertThat(permit).as(call.name()).isEqualTo(call.expectPermit());
    }
  }

  @Test
  void cerbosCallsCarryTheToolsAttributesAndTheArguments() throws IOException {
    RequestSet.Call readInSandbox = RequestSet.load(REQUESTS, BUNDLE).get(0);
    assertThat(readInSandbox.name()).isEqualTo("read-in-sandbox");
    assertThat(readInSandbox.cerbos().toString()).isEqualTo("""
        {"principal":{"id":"bob","roles":["user"],"attr":{"tenant":"acme","clearance":2,"scopes":["files:read"]}},\
        "resources":[{"actions":["tools/call"],"resource":{"kind":"tool","id":"read_file","attr":{"tenant":"acme",\
        "server":"workspace","category":"filesystem","risk":1,"required_scopes":["files:read"],"sensitive_fields":[],\
        "arguments":{"path":"/workspace/notes/today.md"}}}}]}""");
    assertThat(readInSandbox.arbiter().toString()).isEqualTo("""
        {"subject":{"type":"identity","id":"bob","properties":{"roles":["user"],"tenant":"acme","clearance":2,\
        "scopes":["files:read"]}},"action":{"name":"tools/call"},"resource":{"type":"tool","id":"read_file"},\
        "context":{"arguments":{"path":"/workspace/notes/today.md"}}}""");
  }
}
