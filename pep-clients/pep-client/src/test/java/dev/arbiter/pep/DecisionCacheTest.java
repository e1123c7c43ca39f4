package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {
  private static final AccessRequest READ = AccessRequest.of(Subject.of("user", "ana"), Action.of("read"),
      Resource.of("document", "plan"));
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<String> revisions = new ArrayList<>();

  private DecisionCache cache(Duration maxTtl, Duration grace) {
    return new DecisionCache(new CachePolicy(100, maxTtl), grace, now::get, revisions::add);
  }

  private static PdpResponse answer(PdpOutcome outcome, String revision, Duration ttl) {
    return new PdpResponse(outcome, List.of(new Obligation("log", Map.of("level", "info"))), List.of(), List.of(),
        List.of(), revision, "d-1", ttl);
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void anAnswerIsFreshForItsTimeToLive() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    PdpResponse permit = answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10));
    cache.put(READ, permit, cache.generation());

    advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(cache.fresh(READ)).isSameAs(permit);
    assertThat(cache.fresh(AccessRequest.of(Subject.of("user", "bob"), Action.of("read"), Resource.of("document", "plan"))))
        .isNull();
    advance(Duration.ofNanos(1));
    assertThat(cache.fresh(READ)).isNull();
  }

  @Test
  void theCapShortensALongTimeToLiveAndZeroIsNotCached() {
    DecisionCache cache = cache(Duration.ofSeconds(1), Duration.ZERO);
    cache.put(READ, answer(PdpOutcome.DENY, "r1", Duration.ofMinutes(10)), cache.generation());
    advance(Duration.ofSeconds(1));
    assertThat(cache.fresh(READ)).isNull();

    cache.put(READ, answer(PdpOutcome.DENY, "r1", Duration.ZERO), cache.generation());
    assertThat(cache.fresh(READ)).isNull();
  }

  @Test
  void aDisabledCacheKeepsNothingButStillFollowsRevisions() {
    DecisionCache cache = new DecisionCache(CachePolicy.disabled(), Duration.ofMinutes(1), now::get, revisions::add);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());

    assertThat(cache.fresh(READ)).isNull();
    assertThat(cache.gracePermit(READ, Duration.ofMinutes(1).toNanos())).isEmpty();
    assertThat(cache.revision()).contains("r1");
  }

  @Test
  void aNewRevisionSeenInAnAnswerEmptiesTheCacheWhileNoStreamIsFollowed() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    AccessRequest other = READ.withContext(Map.of("ip", "10.0.0.1"));

    cache.put(other, answer(PdpOutcome.PERMIT, "r2", Duration.ofSeconds(10)), cache.generation());

    assertThat(cache.fresh(READ)).isNull();
    assertThat(cache.fresh(other)).isNotNull();
    assertThat(cache.revision()).contains("r2");
    assertThat(revisions).containsExactly("r1", "r2");
  }

  @Test
  void whileTheStreamIsFollowedOnlyAnswersOfTheAnnouncedRevisionAreKept() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    cache.revisionAnnounced("r1", 7);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());

    cache.revisionAnnounced("r2", 7);
    assertThat(cache.fresh(READ)).as("emptied by the announcement").isNull();
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    assertThat(cache.fresh(READ)).as("a late answer of the old revision is not kept").isNull();
    assertThat(cache.revision()).contains("r2");

    cache.streamLost();
    cache.put(READ, answer(PdpOutcome.PERMIT, "r3", Duration.ofSeconds(10)), cache.generation());
    assertThat(cache.fresh(READ)).as("without the stream, answers tell of revisions").isNotNull();
    assertThat(revisions).containsExactly("r1", "r2", "r3");
  }

  @Test
  void aNewGrantsEpochEmptiesTheCacheAndTheSameOneDoesNot() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ofMinutes(1));
    cache.revisionAnnounced("r1", 7);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    cache.revisionAnnounced("r1", 7);
    assertThat(cache.fresh(READ)).as("the same announcement again").isNotNull();

    cache.revisionAnnounced("r1", 8);
    assertThat(cache.fresh(READ)).as("a grant changed: the permit may rest on it").isNull();
    assertThat(cache.gracePermit(READ, Duration.ofMinutes(1).toNanos())).as("nor kept for grace").isEmpty();
    assertThat(revisions).as("not a new revision").containsExactly("r1");
  }

  @Test
  void anAnswerToAQuestionAskedBeforeAGrantChangedIsNotKept() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    cache.revisionAnnounced("r1", 7);
    long asked = cache.generation();
    cache.revisionAnnounced("r1", 8);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), asked);
    assertThat(cache.fresh(READ)).as("decided, perhaps, with the revoked grant").isNull();

    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    assertThat(cache.fresh(READ)).as("asked after the change").isNotNull();
  }

  @Test
  void afterAReconnectTheSameEpochKeepsTheCacheAndAnotherEmptiesIt() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    cache.revisionAnnounced("r1", 7);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    cache.streamLost();
    cache.revisionAnnounced("r1", 7);
    assertThat(cache.fresh(READ)).as("nothing changed while the stream was down").isNotNull();
    cache.streamLost();
    cache.revisionAnnounced("r1", 1_700_000_000_000L);
    assertThat(cache.fresh(READ)).as("a restarted PDP: its grants are gone").isNull();
  }

  @Test
  void theFirstAnnouncementKeepsAnAnswerThatWasOnItsWay() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    long asked = cache.generation();
    cache.revisionAnnounced("r1", 7);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), asked);
    assertThat(cache.fresh(READ)).isNotNull();

    long askedAgain = cache.generation();
    cache.revisionAnnounced("r2", 7);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r2", Duration.ofSeconds(10)), askedAgain);
    assertThat(cache.fresh(READ)).as("an answer of the new revision, whenever asked").isNotNull();
  }

  @Test
  void theFirstEpochIsTakenAsItIs() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    cache.revisionAnnounced("r1", 7);
    assertThat(cache.fresh(READ)).isNotNull();
  }

  @Test
  void aPermitOutlivesItsTimeToLiveForTheGracePeriodOnly() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ofSeconds(30));
    AccessRequest delete = READ.withContext(Map.of("what", "delete"));
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    cache.put(delete, answer(PdpOutcome.DENY, "r1", Duration.ofSeconds(10)), cache.generation());
    long grace = Duration.ofSeconds(30).toNanos();

    assertThat(cache.gracePermit(READ, grace)).as("also while fresh").isPresent();
    advance(Duration.ofSeconds(39));
    assertThat(cache.fresh(READ)).isNull();
    assertThat(cache.gracePermit(READ, grace)).isPresent();
    assertThat(cache.gracePermit(READ, Duration.ofSeconds(20).toNanos())).as("a shorter grace period").isEmpty();
    assertThat(cache.gracePermit(delete, grace)).as("denies are no fallback").isEmpty();
    advance(Duration.ofSeconds(1));
    assertThat(cache.gracePermit(READ, grace)).isEmpty();
  }

  @Test
  void aLongerGracePeriodAskedForLaterKeepsPermitsStoredFromThenOn() {
    DecisionCache cache = cache(Duration.ofMinutes(5), Duration.ZERO);
    cache.put(READ, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());
    AccessRequest later = READ.withContext(Map.of("n", 2));
    cache.extendGraceHorizon(Duration.ofMinutes(1).toNanos());
    cache.put(later, answer(PdpOutcome.PERMIT, "r1", Duration.ofSeconds(10)), cache.generation());

    advance(Duration.ofSeconds(30));

    assertThat(cache.gracePermit(READ, Duration.ofMinutes(1).toNanos())).as("stored before, kept for its TTL").isEmpty();
    assertThat(cache.gracePermit(later, Duration.ofMinutes(1).toNanos())).isPresent();
  }
}
