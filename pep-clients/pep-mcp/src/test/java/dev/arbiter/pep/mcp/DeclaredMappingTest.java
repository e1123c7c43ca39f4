package dev.arbiter.pep.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredMappingTest {
  private static final Map<String, Object> CLAIMS = Map.of("sub", "bob", "tenant", "acme", "clearance", 3);

  @Test
  void expressionsReadTheParamsAndTheToken() {
    DeclaredMapping mapping = DeclaredMapping.compile("copy_file", Map.of("evaluations", List.of(
            Map.of("action", Map.of("name", "read"), "resource", Map.of("type", "file", "id", "$params.arguments.from")),
            Map.of("action", Map.of("name", "write"), "resource", Map.of("type", "file", "id", "$params.arguments.to"))),
        "context", Map.of("tenant", "$token.tenant", "level", "$token.clearance + 1", "price", "$$5")));

    DeclaredMapping.Result result = mapping.map(
        Map.of("name", "copy_file", "arguments", Map.of("from", "/a", "to", "/b")), CLAIMS, "bob");

    assertThat(result).isInstanceOfSatisfying(DeclaredMapping.Mapped.class, mapped -> {
      assertThat(mapped.evaluations()).extracting(e -> e.resource().get("id")).containsExactly("/a", "/b");
      assertThat(mapped.evaluations()).extracting(e -> e.action().get("name")).containsExactly("read", "write");
      assertThat(mapped.evaluations().getFirst().context())
          .containsEntry("tenant", "acme").containsEntry("level", 4L).containsEntry("price", "$5");
    });
  }

  @Test
  void aDeclaredSubjectMustBeTheTokensSubject() {
    DeclaredMapping mapping = DeclaredMapping.compile("t", Map.of("evaluation", Map.of(
        "subject", Map.of("type", "identity", "id", "$params.arguments.user"),
        "resource", Map.of("type", "tool", "id", "t"))));

    assertThat(mapping.map(Map.of("name", "t", "arguments", Map.of("user", "bob")), CLAIMS, "bob"))
        .isInstanceOf(DeclaredMapping.Mapped.class);
    assertThat(mapping.map(Map.of("name", "t", "arguments", Map.of("user", "alice")), CLAIMS, "bob"))
        .isInstanceOfSatisfying(DeclaredMapping.Failed.class,
            failed -> assertThat(failed.message()).contains("`alice` is not the token's subject"));
  }

  @Test
  void aSubjectInsideABatchItemIsRefusedAtStartUp() {
    assertThatThrownBy(() -> DeclaredMapping.compile("t", Map.of("evaluations", List.of(
        Map.of("subject", Map.of("type", "identity", "id", "alice"), "resource", Map.of("type", "tool", "id", "t"))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evaluations[0]: an item of `evaluations` must not name its own `subject`");
  }

  @Test
  void anExpressionThatDoesNotCompileIsRefusedAtStartUp() {
    assertThatThrownBy(() -> DeclaredMapping.compile("t", Map.of("evaluation", Map.of(
        "resource", Map.of("type", "tool", "id", "$params.arguments.(")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool `t`: x-authzen-mapping.evaluation.resource.id: `$params.arguments.(` is not a valid CEL");
  }

  @Test
  void aMissingArgumentIsAMappingError() {
    DeclaredMapping mapping = DeclaredMapping.compile("t", Map.of("evaluation", Map.of(
        "resource", Map.of("type", "file", "id", "$params.arguments.path"))));

    assertThat(mapping.map(Map.of("name", "t", "arguments", Map.of()), CLAIMS, "bob"))
        .isInstanceOfSatisfying(DeclaredMapping.Failed.class,
            failed -> assertThat(failed.message()).startsWith("the mapping could not be evaluated"));
    assertThat(mapping.map(Map.of("name", "t", "arguments", Map.of("path", 7)), CLAIMS, "bob"))
        .isInstanceOfSatisfying(DeclaredMapping.Failed.class,
            failed -> assertThat(failed.message()).contains("non-empty string `type` and `id`"));
  }
}
