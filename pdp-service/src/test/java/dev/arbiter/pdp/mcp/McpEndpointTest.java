package dev.arbiter.pdp.mcp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/mcp/authorize} with the shipped bundle in {@code policies/}. */
@QuarkusTest
class McpEndpointTest {
  /** Bob's verified claims as an enforcement point passes them on. */
  static final String BOB = "{\"sub\": \"bob\", \"client_id\": \"claude-desktop\", \"roles\": [\"user\"],"
      + " \"tenant\": \"acme\", \"clearance\": 2, \"scope\": \"files:read crm:read\"}";

  static ValidatableResponse authorize(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/mcp/authorize").then();
  }

  static String toolCall(String tool, String arguments, String claims) {
    return "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", \"params\": {\"name\": \""
        + tool + "\", \"arguments\": " + arguments + "}}, \"claims\": " + claims + "}";
  }

  @Test
  void aToolCallInsideTheSandboxIsPermittedWithItsObligations() {
    authorize(toolCall("read_file", "{\"path\": \"/workspace/notes/today.md\"}", BOB))
        .statusCode(200)
        .body("decision", is(true))
        .body("pass_through", is(false))
        .body("context.reasons.rule", contains("scoped"))
        .body("context.obligations.name", contains("mask", "rate_limit"))
        .body("context.obligations[1].arguments.key", equalTo("bob"))
        .body("$", not(hasKey("jsonrpc_error")));
  }

  @Test
  void aDeniedCallCarriesTheJsonRpcErrorToReturn() {
    authorize(toolCall("read_file", "{\"path\": \"/workspace/../etc/passwd\"}", BOB))
        .statusCode(200)
        .body("decision", is(false))
        .body("context.reasons.rule", contains("outside-sandbox"))
        .body("jsonrpc_error.jsonrpc", equalTo("2.0"))
        .body("jsonrpc_error.id", equalTo(7))
        .body("jsonrpc_error.error.code", equalTo(McpResource.ACCESS_DENIED))
        .body("jsonrpc_error.error.message", equalTo("Access denied: tools/call on tool \"read_file\""))
        .body("jsonrpc_error.error", not(hasKey("reasons")));
  }

  @Test
  void theTokensClientIsTheAgent() {
    authorize(toolCall("read_file", "{\"path\": \"/workspace/a.md\"}", BOB.replace("claude-desktop", "rogue-agent")))
        .statusCode(200)
        .body("decision", is(false))
        .body("context.reasons.rule", contains("blocked-agent"));
  }

  @Test
  void anotherTenantsToolIsDenied() {
    authorize(toolCall("globex_read", "{\"path\": \"/workspace/a.md\"}", BOB))
        .statusCode(200).body("decision", is(false)).body("context.reasons.rule", contains("cross-tenant"));
  }

  @Test
  void aCallToAToolTheBundleDoesNotKnowIsASecurityEvent() {
    authorize(toolCall("dump_credentials", "{}", BOB.replace("\"bob\"", "\"probe-1\"")))
        .statusCode(200).body("decision", is(false));
    given().get("/admin/v1/events?type=unknown_tool&subject=probe-1").then().statusCode(200)
        .body("events.size()", is(1))
        .body("events[0].severity", is(3))
        .body("events[0].details.target", equalTo("tool \"dump_credentials\""));
    // a known tool is no such event, whatever the decision
    authorize(toolCall("read_file", "{\"path\": \"/etc/passwd\"}", BOB.replace("\"bob\"", "\"probe-2\"")))
        .statusCode(200).body("decision", is(false));
    given().get("/admin/v1/events?type=unknown_tool&subject=probe-2").then().statusCode(200)
        .body("events.size()", is(0));
  }

  @Test
  void aMethodNothingMapsIsASecurityEvent() {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"sampling/exfiltrate\"}, \"claims\": "
        + BOB + "}").statusCode(200).body("decision", is(false));
    given().get("/admin/v1/events?type=unknown_tool").then().statusCode(200)
        .body("events.details.target", org.hamcrest.Matchers.hasItem("MCP method sampling/exfiltrate"));
  }

  @Test
  void listingMapsToTheServer() {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": \"l1\", \"method\": \"tools/list\"}, \"server\": \"workspace\","
        + " \"claims\": " + BOB + "}")
        .statusCode(200).body("decision", is(true)).body("context.reasons.rule", contains("list"));
  }

  @Test
  void listingWithoutTheServerIsAnInvalidParamsError() {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": \"l1\", \"method\": \"tools/list\"}, \"claims\": " + BOB + "}")
        .statusCode(200)
        .body("decision", is(false))
        .body("jsonrpc_error.id", equalTo("l1"))
        .body("jsonrpc_error.error.code", equalTo(McpResource.INVALID_PARAMS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ping", "notifications/initialized", "notifications/cancelled"})
  void pingAndNotificationsPassThrough(String method) {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"method\": \"" + method + "\"}}")
        .statusCode(200).body("decision", is(true)).body("pass_through", is(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sampling/createMessage", "resources/templates/list", "tools/delete", "completion/complete"})
  void unknownMethodsAreDenied(String method) {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"" + method + "\"}, \"claims\": " + BOB + "}")
        .statusCode(200)
        .body("decision", is(false))
        .body("jsonrpc_error.error.code", equalTo(McpResource.ACCESS_DENIED))
        .body("jsonrpc_error.error.message", containsString("not covered by the authorization mapping"));
  }

  @Test
  void aToolCallWithoutANameIsAnInvalidParamsError() {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/call\", \"params\": {}}, \"claims\": "
        + BOB + "}")
        .statusCode(200)
        .body("decision", is(false))
        .body("jsonrpc_error.error.code", equalTo(McpResource.INVALID_PARAMS))
        .body("jsonrpc_error.error.message", containsString("params.name"));
  }

  @Test
  void resourcesAndPromptsMapToTheirEntities() {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"resources/read\", \"params\": {\"uri\":"
        + " \"crm://customers\"}}, \"claims\": " + BOB + "}")
        .statusCode(200).body("decision", is(false)); // needs pii:read too
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"resources/read\", \"params\": {\"uri\":"
        + " \"file:///workspace/README.md\"}}, \"claims\": " + BOB.replace("files:read", "files:read files:write") + "}")
        .statusCode(200).body("decision", is(true)).body("context.reasons.rule", contains("read"));
  }

  @Test
  void aSubjectTokenIsRefusedWhenThisPdpCannotVerifyIt() {
    authorize("{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tools/call\", \"params\": {\"name\":"
        + " \"read_file\", \"arguments\": {\"path\": \"/workspace/a\"}}}, \"token\": \"e30.e30.e30\"}")
        .statusCode(200)
        .body("decision", is(false))
        .body("jsonrpc_error.error.message", containsString("not configured to verify subject tokens"));
  }

  @Test
  void claimsOfTheWrongTypeAreA400NotADecision() {
    authorize(toolCall("read_file", "{\"path\": \"/workspace/a\"}", BOB.replace("\"clearance\": 2", "\"clearance\": \"high\"")))
        .statusCode(400)
        .body("code", equalTo("invalid_request"))
        .body("message", equalTo("`subject.properties.clearance` must be int, found string \"high\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"message\": []}",
      "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {}}}",
      "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": [1]}}",
      "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": \"read_file\"}}}",
      "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": \"read_file\"}},"
          + " \"claims\": {\"roles\": []}}",
      "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": \"read_file\"}},"
          + " \"claims\": {\"sub\": \"bob\"}, \"token\": \"x.y.z\"}",
      "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}, \"server\": 5}",
      "[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}]"
  })
  void malformedRequestsAreA400(String body) {
    authorize(body).statusCode(400).body("code", equalTo("invalid_request"));
  }
}
