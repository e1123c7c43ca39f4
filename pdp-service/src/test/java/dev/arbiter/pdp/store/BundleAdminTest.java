package dev.arbiter.pdp.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.pdp.api.v1.Revision;
import dev.arbiter.pdp.api.v1.WatchRevisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /admin/v1} endpoint against the real PostgreSQL store, bad input included, and what
 * activation and rollback do to real decisions. Each test uploads bundles of its own (a unique
 * comment makes each new) and activates what it needs.
 */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class BundleAdminTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path HELLO = Path.of("..", "policies", "examples", "hello");
  static final String OWN_TEAM_WRITES = """
      {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
       "action": {"name": "write"},
       "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";
  static final String OTHER_TEAM_READS = """
      {"subject": {"type": "user", "id": "bo", "properties": {"team": "red"}},
       "action": {"name": "read"},
       "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";
  static final String EVERYONE_READS = "  permit \"everyone-reads\" when action.name == \"read\"\n";

  // ---- uploading

  @Test
  void anUploadIsStoredWithItsAuthorHashAndSummaryAndOnlyOnce() throws IOException {
    Map<String, String> files = hello("");
    JsonPath stored = admin().body(upload(files, "first try")).post("/admin/v1/revisions")
        .then().statusCode(201).body("created", equalTo(true)).extract().jsonPath();
    long number = stored.getLong("revision.number");
    assertThat(stored.getString("revision.author")).isEqualTo("admin");
    assertThat(stored.getString("revision.message")).isEqualTo("first try");
    assertThat(stored.getString("revision.bundle")).isEqualTo("hello");
    assertThat(stored.getString("revision.content_hash")).hasSize(64)
        .startsWith(stored.getString("revision.revision"));
    assertThat(stored.getString("revision.revision")).hasSize(12);
    assertThat(stored.getBoolean("revision.active")).isFalse();
    assertThat(stored.getMap("revision.summary")).containsExactlyInAnyOrderEntriesOf(Map.of("policies", 1,
        "policy_sets", 0, "rules", 2, "tests", 3, "data_files", 0, "files", 3));

    admin().body(upload(files, "again")).post("/admin/v1/revisions")
        .then().statusCode(200).body("created", equalTo(false)).body("revision.number", equalTo((int) number));

    JsonPath listed = admin().get("/admin/v1/revisions").then().statusCode(200).extract().jsonPath();
    assertThat(listed.getList("revisions.number", Long.class)).contains(number).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    JsonPath shown = admin().get("/admin/v1/revisions/" + number).then().statusCode(200).extract().jsonPath();
    assertThat(shown.getMap("files")).isEqualTo(files);
    assertThat(shown.getString("revision.created_at")).isNotBlank();
  }

  @Test
  void aZipOfTheBundleFolderIsTheSameUploadAsItsJson() throws IOException {
    Map<String, String> files = hello("");
    JsonPath stored = given().header("X-API-Key", PostgresStoreProfile.ADMIN_KEY).contentType("application/zip")
        .body(zip("hello/", files)).post("/admin/v1/revisions?message=zipped").then().statusCode(201)
        .extract().jsonPath();
    assertThat(stored.getString("revision.message")).isEqualTo("zipped");
    admin().body(upload(files, null)).post("/admin/v1/revisions").then().statusCode(200)
        .body("revision.number", equalTo(stored.getInt("revision.number")));
  }

  @Test
  void aBrokenOrOversizedArchiveIs400() throws IOException {
    RequestSpecification zipUpload = given().header("X-API-Key", PostgresStoreProfile.ADMIN_KEY)
        .contentType("application/zip");
    zipUpload.body(new byte[] {'P', 'K', 1, 2, 3}).post("/admin/v1/revisions").then().statusCode(400)
        .body("code", equalTo("invalid_request"));
    byte[] bomb = zip("", Map.of("bundle.json", "{}", "big.pol", "/".repeat(9 << 20)));
    assertThat(bomb.length).isLessThan(1 << 20);
    zipUpload.body(bomb).post("/admin/v1/revisions").then().statusCode(400)
        .body("message", equalTo("the archive unpacks to more than 8 MiB"));
  }

  @Test
  void anInvalidBundleIsRefusedWithItsDiagnosticsAndNothingChanges() throws IOException {
    long activeBefore = activeNumber();
    int countBefore = admin().get("/admin/v1/revisions").jsonPath().getList("revisions").size();
    boolean decisionBefore = decision(OWN_TEAM_WRITES);
    Map<String, String> broken = hello("");
    broken.put("hello.pol", broken.get("hello.pol").replace("subject.team == resource.team", "subject.team == 3"));

    admin().body(upload(broken, null)).post("/admin/v1/revisions").then().statusCode(422)
        .body("code", equalTo("invalid_bundle"))
        .body("message", startsWith("the bundle has 1 error"))
        .body("diagnostics", hasSize(1))
        .body("diagnostics[0].file", equalTo("hello.pol"))
        .body("diagnostics[0].code", equalTo("E021"))
        .body("diagnostics[0].text", matchesPattern("hello\\.pol:\\d+:\\d+: E021: .*"));

    assertThat(admin().get("/admin/v1/revisions").jsonPath().getList("revisions")).hasSize(countBefore);
    assertThat(activeNumber()).isEqualTo(activeBefore);
    assertThat(decision(OWN_TEAM_WRITES)).isEqualTo(decisionBefore);
  }

  @Test
  void malformedBodiesAre400() throws IOException {
    for (String body : List.of("{", "[]", "{\"files\": []}", "{\"files\": {}}", "{\"files\": {\"a.pol\": 3}}",
        "{\"files\": {\"../escape.pol\": \"\"}}", "{\"files\": {\"README.md\": \"\"}}",
        "{\"files\": {\".hidden.pol\": \"\"}}", "{\"files\": {\"a.pol\": \"\"}, \"author\": \"me\"}",
        "{\"files\": {\"a.pol\": \"\"}, \"message\": 1}")) {
      admin().body(body).post("/admin/v1/revisions").then().statusCode(400).body("code", equalTo("invalid_request"));
    }
    given().header("X-API-Key", PostgresStoreProfile.ADMIN_KEY).contentType(ContentType.TEXT).body("hello")
        .post("/admin/v1/revisions").then().statusCode(400).body("code", equalTo("unsupported_content_type"));
    for (String body : List.of("{}", "{\"requests\": {}}", "{\"requests\": [], \"recorded\": 0}",
        "{\"recorded\": 1001}", "{\"recorded\": 1.5}", "{\"replay\": []}")) {
      admin().body(body).post("/admin/v1/revisions/1/dry-run").then().statusCode(400)
          .body("code", equalTo("invalid_request"));
    }
  }

  @Test
  void unknownRevisionsAre404() {
    for (String number : List.of("9999", "abc", "0", "-1")) {
      admin().get("/admin/v1/revisions/" + number).then().statusCode(404).body("code", equalTo("not_found"));
      admin().post("/admin/v1/revisions/" + number + "/activate").then().statusCode(404);
      admin().get("/admin/v1/revisions/" + number + "/diff").then().statusCode(404);
      admin().body("{\"requests\": [" + OWN_TEAM_WRITES + "]}").post("/admin/v1/revisions/" + number + "/dry-run")
          .then().statusCode(404);
    }
    admin().get("/admin/v1/revisions/1/diff?from=9999").then().statusCode(404);
  }

  @Test
  void callersWithoutThePolicyAdminRoleAreRefused() {
    String[][] endpoints = {{"POST", "/admin/v1/revisions"}, {"GET", "/admin/v1/revisions"},
        {"GET", "/admin/v1/revisions/1"}, {"POST", "/admin/v1/revisions/1/activate"}, {"POST", "/admin/v1/rollback"},
        {"GET", "/admin/v1/revisions/1/diff"}, {"POST", "/admin/v1/revisions/1/dry-run"}};
    for (String[] endpoint : endpoints) {
      given().header("X-API-Key", PostgresStoreProfile.CLIENT_KEY).contentType(ContentType.JSON).body("{}")
          .request(endpoint[0], endpoint[1]).then().statusCode(403).body("code", equalTo("forbidden"));
      given().contentType(ContentType.JSON).body("{}")
          .request(endpoint[0], endpoint[1]).then().statusCode(401).body("code", equalTo("unauthenticated"));
    }
  }

  // ---- activating

  @Test
  void activationAndRollbackChangeRealDecisions() throws IOException {
    long plain = uploaded(hello(""));
    long everyoneReads = uploaded(hello(EVERYONE_READS));
    activate(plain);
    assertThat(decision(OTHER_TEAM_READS)).isFalse();

    JsonPath activated = admin().post("/admin/v1/revisions/" + everyoneReads + "/activate").then().statusCode(200)
        .extract().jsonPath();
    assertThat(activated.getLong("active.number")).isEqualTo(everyoneReads);
    assertThat(activated.getBoolean("active.active")).isTrue();
    // this replica serves the new revision by the time the answer arrives
    assertThat(decision(OTHER_TEAM_READS)).isTrue();
    assertThat(activeNumber()).isEqualTo(everyoneReads);
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'policy-bundle' }.data.revision",
            equalTo(activated.getString("active.revision")));

    admin().post("/admin/v1/rollback").then().statusCode(200).body("active.number", equalTo((int) plain));
    assertThat(decision(OTHER_TEAM_READS)).isFalse();
    assertThat(activeNumber()).isEqualTo(plain);
  }

  @Test
  void rollingBackWalksDownTheActivationsToTheSeedAndThenRefuses() throws IOException {
    long first = uploaded(hello(""));
    long second = uploaded(hello(EVERYONE_READS));
    activate(first);
    activate(second);
    admin().post("/admin/v1/rollback").then().statusCode(200).body("active.number", equalTo((int) first));
    int rollbacks = 0;
    while (admin().post("/admin/v1/rollback").statusCode() == 200) {
      assertThat(++rollbacks).as("rollbacks before reaching the seed").isLessThan(100);
    }
    admin().post("/admin/v1/rollback").then().statusCode(409).body("code", equalTo("nothing_to_roll_back"));
    assertThat(activeNumber()).as("the seeded revision").isEqualTo(1);
  }

  @Test
  void watchRevisionsAnnouncesAnActivation() throws IOException, InterruptedException {
    long target = uploaded(hello(EVERYONE_READS));
    activate(uploaded(hello("")));
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    try {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), PostgresStoreProfile.CLIENT_KEY);
      Iterator<Revision> revisions = PdpGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .watchRevisions(WatchRevisionsRequest.getDefaultInstance());
      Revision current = revisions.next();
      String expected = admin().post("/admin/v1/revisions/" + target + "/activate").then().statusCode(200)
          .extract().jsonPath().getString("active.revision");
      assertThat(current.getRevision()).isNotEqualTo(expected);
      Revision next = revisions.next();
      assertThat(next.getRevision()).isEqualTo(expected);
      assertThat(next.getBundle()).isEqualTo("hello");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  // ---- comparing

  @Test
  void aDiffNamesChangedAddedAndRemovedPoliciesAndFiles() throws IOException {
    Map<String, String> before = hello("");
    Map<String, String> after = hello(EVERYONE_READS);
    after.put("extra.pol", "package hello\n\npolicy \"audit-reads\" {\n  permit \"auditors\" when subject.team == \"audit\"\n}\n");
    after.remove("hello.poltest");
    long from = uploaded(before);
    long to = uploaded(after);

    JsonPath diff = admin().get("/admin/v1/revisions/" + to + "/diff?from=" + from).then().statusCode(200)
        .extract().jsonPath();
    assertThat(diff.getLong("from")).isEqualTo(from);
    assertThat(diff.getList("policies.id")).containsExactly("audit-reads", "documents");
    assertThat(diff.getList("policies.change")).containsExactly("added", "changed");
    assertThat(diff.getString("policies[1].diff"))
        .contains("+  permit \"everyone-reads\" when action.name == \"read\"")
        .startsWith("@@ -1,");
    assertThat(diff.getList("files.path")).containsExactly("extra.pol", "hello.pol", "hello.poltest");
    assertThat(diff.getList("files.change")).containsExactly("added", "changed", "removed");

    JsonPath back = admin().get("/admin/v1/revisions/" + from + "/diff?from=" + to).jsonPath();
    assertThat(back.getList("policies.change")).containsExactly("removed", "changed");
  }

  @Test
  void aDryRunReportsEveryDecisionThatWouldChange() throws IOException {
    activate(uploaded(hello("")));
    long candidate = uploaded(hello(EVERYONE_READS));
    JsonPath report = admin().body("{\"requests\": [" + OWN_TEAM_WRITES + ", " + OTHER_TEAM_READS + ", {\"subject\": 1}]}")
        .post("/admin/v1/revisions/" + candidate + "/dry-run").then().statusCode(200).extract().jsonPath();
    assertThat(report.getInt("replayed")).isEqualTo(3);
    assertThat(report.getInt("changed")).isEqualTo(1);
    assertThat(report.getLong("candidate.number")).isEqualTo(candidate);
    assertThat(report.getInt("changes[0].index")).isEqualTo(1);
    assertThat(report.getString("changes[0].request")).isEqualTo("user/bo read document/plan");
    assertThat(report.getBoolean("changes[0].active.decision")).isFalse();
    assertThat(report.getString("changes[0].active.outcome")).isEqualTo("not_applicable");
    assertThat(report.getBoolean("changes[0].candidate.decision")).isTrue();
    assertThat(report.getString("changes[0].candidate.reasons[0].rule")).isEqualTo("everyone-reads");
    // a dry run changes nothing
    assertThat(decision(OTHER_TEAM_READS)).isFalse();
  }

  @Test
  void aDryRunReplaysTheRequestsTheAuditTrailRecorded() throws Exception {
    activate(uploaded(hello("")));
    long candidate = uploaded(hello(EVERYONE_READS));
    assertThat(decision(OWN_TEAM_WRITES)).isTrue();
    assertThat(decision(OTHER_TEAM_READS)).isFalse();
    // records are written in the background: wait until the last two recorded are these two
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    JsonPath report;
    do {
      report = admin().body("{\"recorded\": 2}").post("/admin/v1/revisions/" + candidate + "/dry-run").then()
          .statusCode(200).extract().jsonPath();
      if (report.getInt("changed") == 1 && report.getInt("changes[0].index") == 1) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(report.getInt("replayed")).isEqualTo(2);
    assertThat(report.getInt("changed")).isEqualTo(1);
    assertThat(report.getInt("changes[0].index")).isEqualTo(1);
    assertThat(report.getString("changes[0].request")).isEqualTo("user/bo read document/plan");
    assertThat(report.getString("changes[0].candidate.reasons[0].rule")).isEqualTo("everyone-reads");
  }

  // ---- helpers

  /** The hello example, with {@code rule} added to its policy and a unique comment so each upload is new. */
  static Map<String, String> hello(String rule) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String name : List.of("bundle.json", "hello.pol", "hello.poltest")) {
      files.put(name, Files.readString(HELLO.resolve(name)));
    }
    files.put("hello.pol", files.get("hello.pol").replace("policy \"documents\" {\n", "policy \"documents\" {\n" + rule)
        + "// " + UUID.randomUUID() + "\n");
    return files;
  }

  static String upload(Map<String, String> files, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("files", files);
    if (message != null) {
      body.put("message", message);
    }
    return JSON.writeValueAsString(body);
  }

  static byte[] zip(String folder, Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(folder + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static RequestSpecification admin() {
    return given().header("X-API-Key", PostgresStoreProfile.ADMIN_KEY).contentType(ContentType.JSON);
  }

  static long uploaded(Map<String, String> files) throws IOException {
    return admin().body(upload(files, null)).post("/admin/v1/revisions").then().statusCode(201)
        .extract().jsonPath().getLong("revision.number");
  }

  static void activate(long number) {
    admin().post("/admin/v1/revisions/" + number + "/activate").then().statusCode(200);
  }

  static long activeNumber() {
    return admin().get("/admin/v1/revisions").then().statusCode(200).extract().jsonPath().getLong("active");
  }

  static boolean decision(String request) {
    return given().header("X-API-Key", PostgresStoreProfile.CLIENT_KEY).contentType(ContentType.JSON).body(request)
        .post("/access/v1/evaluation").then().statusCode(200).extract().jsonPath().getBoolean("decision");
  }
}
