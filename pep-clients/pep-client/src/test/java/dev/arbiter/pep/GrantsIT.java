package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bundle that lets a session do only what its task grants allow
 * ({@code pdp-service/src/test/resources/bundles/task-grants}): a permit cached while a grant held
 * becomes a deny within a second of the grant's revocation, because the revision stream announces
 * a new grants epoch. Without the stream, only the time to live bounds it.
 */
class GrantsIT {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  /** Long enough that a cached permit would outlive the test if nothing invalidated it. */
  private static final Duration PDP_TTL = Duration.ofSeconds(60);
  private static final Duration WITHIN = Duration.ofSeconds(1);

  static PdpProcess pdp;

  @BeforeAll
  static void startPdp() throws Exception {
    pdp = PdpProcess.start("grants", PdpProcess.REPOSITORY.resolve("pdp-service/src/test/resources/bundles/task-grants"),
        Map.of("arbiter.decision.ttl", PDP_TTL.toString()));
  }

  @AfterAll
  static void stopPdp() {
    pdp.close();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aCachedPermitBecomesADenyWithinASecondOfTheRevocation(Protocol protocol) throws Exception {
    String session = "session-" + UUID.randomUUID();
    try (PdpClient client = pdp.client(protocol).build()) {
      AccessRequest read = readInSession(session);
      awaitStream(client);
      assertThat(client.evaluate(readInSession(session + "-without-grant")).permitted()).as("no grant").isFalse();

      String grant = grant(session);
      // The issue is announced too, and empties the cache once more: ask until the permit is served from it.
      Decision cached;
      long granted = System.nanoTime();
      do {
        cached = client.evaluate(read);
      } while (cached.source() != Source.CACHE && System.nanoTime() - granted < Duration.ofSeconds(5).toNanos());
      assertThat(cached.permitted()).as("%s", cached).isTrue();
      assertThat(cached.source()).isEqualTo(Source.CACHE);

      assertThat(pdp.delete("/v1/grants/" + grant).statusCode()).isEqualTo(204);
      long revoked = System.nanoTime();
      Decision after;
      do {
        after = client.evaluate(read);
        if (after.permitted()) {
          Thread.sleep(10);
        }
      } while (after.permitted() && System.nanoTime() - revoked < WITHIN.plusSeconds(4).toNanos());
      Duration took = Duration.ofNanos(System.nanoTime() - revoked);

      assertThat(after).as("the permit once the grant is revoked").isInstanceOfSatisfying(Decision.Deny.class, deny -> {
        assertThat(deny.reason()).isEqualTo(DenyReason.POLICY);
        assertThat(deny.source()).isEqualTo(Source.REMOTE);
        assertThat(deny.message()).contains("least-privilege/outside-grant");
      });
      assertThat(took).as("from the revocation to the deny").isLessThan(WITHIN);
    }
  }

  @Test
  void withoutTheStreamACachedPermitLastsUntilItsTimeToLive() throws Exception {
    Duration cap = Duration.ofSeconds(2);
    String session = "session-" + UUID.randomUUID();
    try (PdpClient client = pdp.client(Protocol.HTTP).watchRevisions(false)
        .cache(new CachePolicy(1000, cap)).build()) {
      AccessRequest read = readInSession(session);
      String grant = grant(session);
      assertThat(client.evaluate(read).permitted()).isTrue();
      long cached = System.nanoTime();

      assertThat(pdp.delete("/v1/grants/" + grant).statusCode()).isEqualTo(204);
      Decision stale = client.evaluate(read);
      if (System.nanoTime() - cached < cap.toNanos()) {
        assertThat(stale.permitted()).as("nothing tells the client: the cached permit stands").isTrue();
        assertThat(stale.source()).isEqualTo(Source.CACHE);
      }
      Decision after;
      do {
        Thread.sleep(50);
        after = client.evaluate(read);
      } while (after.permitted() && System.nanoTime() - cached < cap.plusSeconds(5).toNanos());
      assertThat(after.permitted()).as("once the time to live (capped at %s) ran out", cap).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - cached)).isGreaterThanOrEqualTo(cap);
    }
  }

  private static AccessRequest readInSession(String session) {
    return AccessRequest.of(Subject.of("identity", "agent-7").withProperties(Map.of("tenant", "acme")),
            Action.of("tools/call"), Resource.of("tool", "read_file").withProperties(Map.of("tenant", "acme")))
        .withContext(Map.of("session", session, "arguments", Map.of("path", "/workspace/notes.md")));
  }

  /** Grants the session reading files for ten minutes; the grant's id. */
  private static String grant(String session) throws Exception {
    HttpResponse<String> response = pdp.post("/v1/grants", """
        {"session": "%s", "permissions": ["tools/call:read_file:/workspace/*"], "ttl": "PT10M",
         "reason": "read the notes"}""".formatted(session));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    Matcher id = ID.matcher(response.body());
    assertThat(id.find()).as(response.body()).isTrue();
    return id.group(1);
  }

  /** Waits until the revision stream has announced the active revision, so that it follows grants. */
  private static void awaitStream(PdpClient client) throws InterruptedException {
    DecisionsIT.awaitRevision(client, java.util.Optional.empty());
  }
}
