package dev.arbiter.pdp.audit;

import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.admin.RecordedRequests;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.pdp.web.RequestRefused;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.JsonReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The requests the audit trail recorded, for a dry run to replay: the {@code request} of the last
 * decision records, as they were written — masked attributes hold their masked values, so rules
 * that read them may decide otherwise in the replay. Reads the trail from its start: a dry run is
 * rare, and the trail is not indexed from its end.
 */
@ApplicationScoped
class AuditRecordedRequests implements RecordedRequests {
  private static final Logger LOG = Logger.getLogger(AuditRecordedRequests.class);
  private static final int PAGE = 1000;

  private final AuditTrail trail;
  private final JsonReader reader = new JsonReader(JsonReader.Limits.DATA);

  AuditRecordedRequests(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public Optional<List<Json>> last(int count) {
    if (!trail.enabled()) {
      return Optional.empty();
    }
    ArrayDeque<Json> last = new ArrayDeque<>(count);
    AuditQuery.Filter decisions = new AuditQuery.Filter(Optional.of(RecordKind.DECISION), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
    Optional<AuditQuery.PageToken> after = Optional.empty();
    try {
      do {
        AuditQuery.Page page = trail.query(new AuditQuery(decisions, PAGE, after));
        for (String record : page.records()) {
          if (reader.read(record) instanceof JsonReader.Parsed parsed && parsed.json() instanceof JsonObject object
              && object.members().get("request") instanceof JsonObject request) {
            if (last.size() == count) {
              last.removeFirst();
            }
            last.addLast(request);
          }
        }
        after = page.next();
      } while (after.isPresent());
    } catch (Exception e) {
      // the cause (a path, a database message) goes to the log, not to the caller
      LOG.error("a dry run could not read the audit trail", e);
      throw new RequestRefused(ApiError.unavailable("the audit trail cannot be read for a dry run; the service log"
          + " says why"));
    }
    return Optional.of(List.copyOf(last));
  }
}
