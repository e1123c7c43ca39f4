package dev.arbiter.pep.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.AccessRequest;
import dev.arbiter.pep.Action;
import dev.arbiter.pep.Fulfilment;
import dev.arbiter.pep.Obligation;
import dev.arbiter.pep.Resource;
import dev.arbiter.pep.Subject;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultObligationsTest {
  private static final AccessRequest REQUEST = AccessRequest.of(Subject.of("identity", "bob"), Action.of("tools/call"),
      Resource.of("tool", "query_db"));

  @Test
  void maskedFieldsAreReplacedAtAnyDepthInTextAndStructuredContent() {
    McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
        .addTextContent("[{\"name\":\"Ada\",\"ssn\":\"123-45-6789\",\"contact\":{\"email\":\"ada@example.com\"}}]")
        .structuredContent(Map.of("rows", List.of(Map.of("name", "Ada", "ssn", "123-45-6789"))))
        .build();

    McpSchema.CallToolResult masked = ResultObligations.apply(result,
        List.of(new Obligation("mask", Map.of("fields", List.of("ssn", "email")))));

    String text = ((McpSchema.TextContent) masked.content().getFirst()).text();
    assertThat(text).contains("\"name\":\"Ada\"").doesNotContain("123-45-6789").doesNotContain("ada@example.com");
    assertThat(masked.structuredContent().toString()).contains("ssn=***").doesNotContain("123-45-6789");
  }

  @Test
  void textThatIsNotJsonButMentionsAMaskedFieldIsWithheld() {
    McpSchema.CallToolResult result = McpSchema.CallToolResult.builder().addTextContent("ssn: 123-45-6789").build();

    McpSchema.CallToolResult masked = ResultObligations.apply(result,
        List.of(new Obligation("mask", Map.of("fields", List.of("ssn")))));

    assertThat(((McpSchema.TextContent) masked.content().getFirst()).text()).doesNotContain("123-45-6789");
  }

  @Test
  void aCapCutsTheTextToItsSize() {
    McpSchema.CallToolResult result = McpSchema.CallToolResult.builder().addTextContent("x".repeat(500)).build();

    McpSchema.CallToolResult capped = ResultObligations.apply(result,
        List.of(new Obligation("cap_result", Map.of("max_chars", 100))));

    assertThat(((McpSchema.TextContent) capped.content().getFirst()).text()).hasSize(100).endsWith("size limit]");
  }

  @Test
  void malformedResultObligationsAreRefusedBeforeTheCall() {
    assertThat(ResultObligations.checker().fulfil(new Obligation("mask", Map.of("fields", "ssn")), REQUEST))
        .isInstanceOf(Fulfilment.Refused.class);
    assertThat(ResultObligations.checker().fulfil(new Obligation("cap_result", Map.of("max_chars", 0)), REQUEST))
        .isInstanceOf(Fulfilment.Refused.class);
  }

  @Test
  void aRateLimitAllowsItsCallsPerSlidingMinuteAndSaysWhenToRetry() {
    MutableClock clock = new MutableClock();
    RateLimits limits = new RateLimits(clock);
    Obligation twoAMinute = new Obligation("rate_limit", Map.of("key", "bob", "per_minute", 2));

    assertThat(limits.fulfil(twoAMinute, REQUEST)).isEqualTo(Fulfilment.accepted());
    clock.now = clock.now.plusSeconds(20);
    assertThat(limits.fulfil(twoAMinute, REQUEST)).isEqualTo(Fulfilment.accepted());
    assertThat(limits.fulfil(twoAMinute, REQUEST)).isInstanceOfSatisfying(Fulfilment.Refused.class,
        refused -> assertThat(refused.message()).contains("2 calls a minute").contains("try again in 40 s"));
    assertThat(limits.fulfil(new Obligation("rate_limit", Map.of("key", "alice", "per_minute", 2)), REQUEST))
        .as("another key has its own count").isEqualTo(Fulfilment.accepted());
    clock.now = clock.now.plusSeconds(41);
    assertThat(limits.fulfil(twoAMinute, REQUEST)).isEqualTo(Fulfilment.accepted());
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-03-02T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
