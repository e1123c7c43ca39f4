package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditColumns;
import dev.arbiter.audit.ChainHead;
import dev.arbiter.audit.RecordKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One page's worth of a search of the audit trail: records matching every given filter, in chain
 * order, after the page token's record.
 *
 * @param filter what records must match
 * @param limit the page's size, at most
 * @param after where the previous page ended, if this is not the first
 */
record AuditQuery(Filter filter, int limit, Optional<PageToken> after) {

  /**
   * Filters; each one given must match.
   *
   * @param from inclusive
   * @param to exclusive
   */
  record Filter(Optional<RecordKind> kind, Optional<String> subjectType, Optional<String> subjectId,
      Optional<String> action, Optional<String> resourceType, Optional<String> resourceId, Optional<String> decision,
      Optional<Instant> from, Optional<Instant> to) {

    /** Whether a record matches; a column the record lacks (null) matches no value. */
    boolean matches(AuditColumns record) {
      return kind.map(record.kind()::equals).orElse(true)
          && subjectType.map(value -> value.equals(record.subjectType())).orElse(true)
          && subjectId.map(value -> value.equals(record.subjectId())).orElse(true)
          && action.map(value -> value.equals(record.action())).orElse(true)
          && resourceType.map(value -> value.equals(record.resourceType())).orElse(true)
          && resourceId.map(value -> value.equals(record.resourceId())).orElse(true)
          && decision.map(value -> value.equals(record.decision())).orElse(true)
          && from.map(start -> !record.time().isBefore(start)).orElse(true)
          && to.map(end -> record.time().isBefore(end)).orElse(true);
    }
  }

  /**
   * Where a page ended: the last record looked at, and for a file where the next line starts. Opaque
   * to callers: base64url of {@code <seq>:<offset>}.
   */
  record PageToken(long afterSeq, long offset) {
    String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((afterSeq + ":" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<PageToken> decode(String token) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":", -1);
        if (parts.length == 2) {
          long seq = Long.parseLong(parts[0]);
          long offset = Long.parseLong(parts[1]);
          if (seq >= 0 && offset >= 0) {
            return Optional.of(new PageToken(seq, offset));
          }
        }
      } catch (IllegalArgumentException e) {
        // not base64 or not numbers: not a token this service made
      }
      return Optional.empty();
    }
  }

  /**
   * A page of records.
   *
   * @param records each record as stored: canonical JSON with its {@code hash}
   * @param next where to continue; empty after the last record
   * @param head the chain's head when the page was read
   */
  record Page(List<String> records, Optional<PageToken> next, ChainHead head) {
    Page {
      records = List.copyOf(records);
    }
  }

  /** A page token that does not fit this trail. */
  static final class StaleToken extends Exception {
    StaleToken() {
      super("the page token does not belong to this audit trail; start again without it", null, false, false);
    }
  }
}
