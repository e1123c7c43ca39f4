package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requests are canonical: the decision cache finds a request however it was built. */
class AccessRequestTest {
  private static AccessRequest request(Map<String, Object> subjectProperties, Map<String, Object> context) {
    return new AccessRequest(new Subject("user", "ana", subjectProperties), Action.of("read"),
        Resource.of("document", "plan"), context, null);
  }

  @Test
  void mapOrderAndIntegerTypesDoNotMatter() {
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("role", "editor");
    first.put("clearance", 3);
    first.put("groups", List.of("a", "b"));
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("groups", new String[] {"a", "b"});
    second.put("clearance", 3L);
    second.put("role", "editor");
    Map<String, Object> nested = Map.of("arguments", Map.of("size", (short) 10, "path", "/tmp"));

    AccessRequest one = request(first, nested);
    AccessRequest other = request(second, Map.of("arguments", Map.of("path", "/tmp", "size", BigInteger.TEN)));

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
  }

  @Test
  void differentValuesTypesAndTokensAreDifferentRequests() {
    AccessRequest base = request(Map.of("clearance", 3), Map.of());
    assertThat(request(Map.of("clearance", 4), Map.of())).isNotEqualTo(base);
    assertThat(request(Map.of("clearance", 3.0), Map.of())).as("3.0 is sent as a double").isNotEqualTo(base);
    assertThat(request(Map.of("clearance", "3"), Map.of())).isNotEqualTo(base);
    assertThat(base.withSubjectToken("t1")).isNotEqualTo(base).isNotEqualTo(base.withSubjectToken("t2"));
    assertThat(base.withSubjectToken("t1")).isEqualTo(base.withSubjectToken("t1"));
    assertThat(request(Map.of("ids", List.of(1, 2)), Map.of()))
        .as("lists keep their order").isNotEqualTo(request(Map.of("ids", List.of(2, 1)), Map.of()));
  }

  @Test
  void numbersGetOneRepresentation() {
    Map<String, Object> properties = request(Map.of("a", 7, "b", 2.5f, "c", new BigDecimal("1.500"),
        "d", new BigInteger("123456789012345678901234567890")), Map.of()).subject().properties();
    assertThat(properties.get("a")).isEqualTo(7L);
    assertThat(properties.get("b")).isEqualTo(2.5d);
    assertThat(properties.get("c")).isEqualTo(new BigDecimal("1.5"));
    assertThat(properties.get("d")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void valuesAreCopiedAndImmutable() {
    List<Object> roles = new ArrayList<>(List.of("editor"));
    Map<String, Object> properties = new LinkedHashMap<>(Map.of("roles", roles));
    AccessRequest request = request(properties, Map.of());
    roles.add("admin");
    properties.put("other", true);

    assertThat(request.subject().properties()).isEqualTo(Map.of("roles", List.of("editor")));
    assertThatThrownBy(() -> ((List<Object>) request.subject().properties().get("roles")).add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(request(Map.of("tags", Set.of("x")), Map.of()).subject().properties().get("tags"))
        .isEqualTo(List.of("x"));
  }

  @Test
  void whatIsNotJsonIsRefusedWithItsPlace() {
    assertThatThrownBy(() -> request(Map.of("when", java.time.Instant.EPOCH), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("subject.properties.when is a java.time.Instant");
    assertThatThrownBy(() -> request(Map.of(), Map.of("arguments", List.of(1, Double.NaN))))
        .hasMessage("context.arguments[1] is NaN, which JSON cannot carry");
    assertThatThrownBy(() -> request(Map.of(), Map.of("m", Map.of(1, "x"))))
        .hasMessageContaining("context.m has a key that is not a string");
    assertThatThrownBy(() -> Subject.of("user", " ")).hasMessage("subject.id must not be blank");
    assertThatThrownBy(() -> Action.of("")).hasMessage("action.name must not be blank");
  }

  @Test
  void theSubjectTokenStaysOutOfToString() {
    assertThat(request(Map.of(), Map.of()).withSubjectToken("secret-token").toString())
        .doesNotContain("secret-token").contains("subjectToken=<present>");
  }
}
