package dev.arbiter.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.value.EntityUid;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachesTest {
  private static final String SCHEMA = """
      package app.schema

      schema {
        subject user {
          team: string,
          level: int,
        }
        resource document {
          team: string,
        }
      }
      """;

  private static BundleSource bundle(String condition) {
    return BundleSource.ofPolicies(new SourceText("schema.pol", SCHEMA), new SourceText("p.pol", """
        package app

        policy "p" {
          permit "r" when %s
        }
        """.formatted(condition)));
  }

  private static CompiledBundle compiled(BundleCache cache, BundleSource source) {
    return ((BundleCache.Compiled) cache.compile(source)).bundle();
  }

  @Test
  void identicalFilesAreCompiledOnce() {
    BundleCache cache = new BundleCache(4);
    CompiledBundle first = compiled(cache, bundle("subject.team == resource.team"));
    CompiledBundle second = compiled(cache, bundle("subject.team == resource.team"));

    assertThat(second).isSameAs(first);
    assertThat(cache.statistics().hits()).isEqualTo(1);
    assertThat(cache.statistics().misses()).isEqualTo(1);
  }

  @Test
  void changedFilesAreANewRevision() {
    BundleCache cache = new BundleCache(4);
    CompiledBundle before = compiled(cache, bundle("subject.team == resource.team"));
    CompiledBundle after = compiled(cache, bundle("subject.level > 3"));

    assertThat(after).isNotSameAs(before);
    assertThat(after.revision()).isNotEqualTo(before.revision());
  }

  @Test
  void aBundleWithErrorsIsReportedAndNotCached() {
    BundleCache cache = new BundleCache(4);
    BundleCache.Compilation result = cache.compile(bundle("subject.tem == resource.team"));

    assertThat(result).isInstanceOf(BundleCache.Failed.class);
    assertThat(((BundleCache.Failed) result).result().errors()).extracting(d -> d.code().id()).containsExactly("E020");
    assertThat(cache.statistics().size()).isZero();
  }

  @Test
  void decisionsAreCachedByRevisionAndCanonicalRequest() {
    BundleCache bundles = new BundleCache(4);
    CompiledBundle team = compiled(bundles, bundle("subject.team == resource.team"));
    CompiledBundle level = compiled(bundles, bundle("subject.level > 3"));
    DecisionCache decisions = new DecisionCache(100, Duration.ofMinutes(1));

    AuthorizationResult first = decisions.evaluate(team, request("blue", 1, false));
    // the same request with its properties in another order is the same key
    AuthorizationResult again = decisions.evaluate(team, request("blue", 1, true));
    // another revision never sees the first one's decision
    AuthorizationResult other = decisions.evaluate(level, request("blue", 1, false));

    assertThat(again).isSameAs(first);
    assertThat(first.isPermit()).isTrue();
    assertThat(other.isPermit()).isFalse();
    assertThat(decisions.statistics().hits()).isEqualTo(1);
    assertThat(decisions.statistics().misses()).isEqualTo(2);
    assertThat(decisions.statistics().hitRatio()).isEqualTo(1.0 / 3);
  }

  @Test
  void theDecisionCacheIsBounded() {
    CompiledBundle team = compiled(new BundleCache(1), bundle("subject.team == resource.team"));
    DecisionCache decisions = new DecisionCache(10, Duration.ofMinutes(1));
    for (int i = 0; i < 1_000; i++) {
      decisions.evaluate(team, request("team-" + i, i, false));
    }
    decisions.cleanUp();
    assertThat(decisions.statistics().size()).isLessThanOrEqualTo(10);
  }

  private static Request request(String team, long level, boolean reversed) {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (reversed) {
      properties.put("level", level);
      properties.put("team", team);
    } else {
      properties.put("team", team);
      properties.put("level", level);
    }
    return new Request(new Request.Entity(new EntityUid("user", "u"), properties), Request.Action.of("read"),
        new Request.Entity(new EntityUid("document", "d"), Map.of("team", "blue")), Map.of());
  }
}
