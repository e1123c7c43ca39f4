package dev.arbiter.pdp.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** With the file store (the default), the admin API says the store is read-only, and changes nothing. */
@QuarkusTest
class FileStoreAdminTest {
  @Test
  void everyEndpointAnswersThatTheFileStoreIsReadOnly() {
    String[][] endpoints = {{"POST", "/admin/v1/revisions"}, {"GET", "/admin/v1/revisions"},
        {"GET", "/admin/v1/revisions/1"}, {"POST", "/admin/v1/revisions/1/activate"}, {"POST", "/admin/v1/rollback"},
        {"GET", "/admin/v1/revisions/1/diff"}, {"POST", "/admin/v1/revisions/1/dry-run"}};
    String before = given().get("/v1/admin/status").then().statusCode(200).extract().path("active.revision");
    for (String[] endpoint : endpoints) {
      given().contentType(ContentType.JSON).body("{\"files\": {\"a.pol\": \"\"}}").request(endpoint[0], endpoint[1])
          .then().statusCode(409)
          .body("code", equalTo("read_only_store"))
          .body("message", equalTo("the file store is read-only; use arbiter.store=postgres to manage revisions"
              + " through this API"));
    }
    given().get("/v1/admin/status").then().body("active.revision", equalTo(before));
  }

  @Test
  void theAdminApiIsDescribedInTheOpenApiDocument() {
    String document = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    for (String path : new String[] {"/admin/v1/revisions", "/admin/v1/revisions/{number}",
        "/admin/v1/revisions/{number}/activate", "/admin/v1/rollback", "/admin/v1/revisions/{number}/diff",
        "/admin/v1/revisions/{number}/dry-run"}) {
      org.assertj.core.api.Assertions.assertThat(document).contains("\"" + path + "\"");
    }
    org.assertj.core.api.Assertions.assertThat(document).contains("invalid_bundle", "read_only_store");
  }
}
