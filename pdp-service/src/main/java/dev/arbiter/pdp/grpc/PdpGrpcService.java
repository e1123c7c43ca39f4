package dev.arbiter.pdp.grpc;

import dev.arbiter.pdp.api.v1.BatchRequest;
import dev.arbiter.pdp.api.v1.BatchResponse;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import dev.arbiter.pdp.api.v1.Obligation;
import dev.arbiter.pdp.api.v1.Pdp;
import dev.arbiter.pdp.api.v1.Reason;
import dev.arbiter.pdp.api.v1.Revision;
import dev.arbiter.pdp.api.v1.WatchRevisionsRequest;
import dev.arbiter.pdp.audit.AuditUnavailable;
import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.BundleStore;
import dev.arbiter.pdp.decision.BatchSemantic;
import dev.arbiter.pdp.decision.Caller;
import dev.arbiter.pdp.decision.DecisionService;
import dev.arbiter.pdp.decision.Outcome;
import dev.arbiter.pdp.decision.VerifiedSubject;
import dev.arbiter.pdp.grants.GrantBook;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.security.SubjectTokens;
import dev.arbiter.pdp.signature.RequestSignatures;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code arbiter.pdp.v1.Pdp}: decisions and revision announcements over gRPC. Callers are
 * authenticated by the same mechanism as REST; a caller without credentials is {@code
 * UNAUTHENTICATED}, one without the {@code pdp-client} role {@code PERMISSION_DENIED}.
 */
@GrpcService
public class PdpGrpcService implements Pdp {
  private final DecisionService decisions;
  private final SubjectTokens subjectTokens;
  private final BundleStore store;
  private final CurrentIdentityAssociation identities;
  private final int maxBatchSize;
  private final GrantBook grants;
  private final RequestSignatures signatures;

  PdpGrpcService(DecisionService decisions, SubjectTokens subjectTokens, BundleStore store, GrantBook grants,
      RequestSignatures signatures, CurrentIdentityAssociation identities,
      @ConfigProperty(name = "arbiter.limits.batch-size", defaultValue = "256") int maxBatchSize) {
    this.decisions = decisions;
    this.subjectTokens = subjectTokens;
    this.store = store;
    this.grants = grants;
    this.signatures = signatures;
    this.identities = identities;
    this.maxBatchSize = maxBatchSize;
  }

  /** The caller's identity, once it is known to be a PDP client. */
  private Uni<SecurityIdentity> pdpClient() {
    return identities.getDeferredIdentity()
        .onFailure(AuthenticationFailedException.class).transform(failure -> Status.UNAUTHENTICATED
            .withDescription(failure.getMessage() != null ? failure.getMessage() : "the credentials are not valid")
            .asRuntimeException())
        .onItem().invoke(identity -> {
          if (identity.isAnonymous()) {
            throw Status.UNAUTHENTICATED.withDescription("this service needs credentials").asRuntimeException();
          }
          if (!identity.hasRole(Roles.PDP_CLIENT)) {
            throw Status.PERMISSION_DENIED.withDescription("the caller's roles do not allow this call")
                .asRuntimeException();
          }
        });
  }

  /**
   * A PDP client that may ask for decisions here. Signatures cover HTTP requests only, so where
   * every request must be signed, gRPC decisions are refused rather than let through unsigned.
   */
  private Uni<SecurityIdentity> decidingClient() {
    return pdpClient().onItem().invoke(identity -> {
      if (signatures.required()) {
        throw Status.UNAUTHENTICATED.withDescription("signature_required: arbiter.request-signing.mode=required and"
            + " gRPC calls cannot be signed; ask for decisions over HTTP, signed").asRuntimeException();
      }
    });
  }

  @Override
  public Uni<EvaluationResponse> evaluate(EvaluationRequest request) {
    return decidingClient().chain(identity -> {
      Optional<VerifiedSubject> subject = subject(request.getSubjectToken());
      Outcome outcome = decisions.decide(json(request), subject, caller(identity));
      return answered(List.of(outcome), () -> switch (outcome) {
        case Outcome.Decided decided -> response(decided);
        case Outcome.Rejected rejected -> throw Status.INVALID_ARGUMENT.withDescription(rejected.message())
            .asRuntimeException();
        case Outcome.Unavailable unavailable -> throw Status.UNAVAILABLE.withDescription(unavailable.message())
            .asRuntimeException();
      });
    });
  }

  @Override
  public Uni<BatchResponse> evaluateBatch(BatchRequest request) {
    return decidingClient().chain(identity -> {
      if (request.getEvaluationsCount() > maxBatchSize) {
        throw Status.INVALID_ARGUMENT.withDescription("a batch holds at most " + maxBatchSize + " evaluations, found "
            + request.getEvaluationsCount()).asRuntimeException();
      }
      Optional<VerifiedSubject> subject = subject(request.getDefaults().getSubjectToken());
      JsonObject defaults = json(request.getDefaults());
      List<Json> items = new ArrayList<>(request.getEvaluationsCount());
      for (EvaluationRequest item : request.getEvaluationsList()) {
        items.add(json(item));
      }
      Caller caller = caller(identity);
      List<Outcome> outcomes = items.isEmpty()
          ? List.of(decisions.decide(defaults, subject, caller))
          : decisions.decideAll(defaults, items, semantic(request.getSemantic()), subject, caller);
      return answered(outcomes, () -> {
        BatchResponse.Builder response = BatchResponse.newBuilder();
        for (Outcome outcome : outcomes) {
          response.addEvaluations(switch (outcome) {
            case Outcome.Decided decided -> response(decided);
            case Outcome.Rejected rejected -> EvaluationResponse.newBuilder().setDecision(false).setOutcome("invalid")
                .addErrors(rejected.message()).build();
            case Outcome.Unavailable unavailable -> throw Status.UNAVAILABLE.withDescription(unavailable.message())
                .asRuntimeException();
          });
        }
        return response.build();
      });
    });
  }

  private static Caller caller(SecurityIdentity identity) {
    return Caller.of(identity.getPrincipal(), Caller.GRPC);
  }

  /**
   * The answer, once the audit trail lets the decisions' answer leave; a decision that must not
   * leave without its record (sync durability) is {@code UNAVAILABLE}.
   */
  private static <T> Uni<T> answered(List<Outcome> outcomes, Supplier<T> answer) {
    return Outcome.whenRecorded(outcomes, answer)
        .onFailure(AuditUnavailable.class).transform(failure -> Status.UNAVAILABLE
            .withDescription("no decision without its audit record: " + failure.getMessage()).asRuntimeException());
  }

  @Override
  public Multi<Revision> watchRevisions(WatchRevisionsRequest request) {
    // A grant change is announced with the active revision, so that one stream invalidates caches.
    Multi<Revision> grantChanges = grants.changes().map(epoch -> store.active()).filter(Optional::isPresent)
        .map(active -> revision(active.get()));
    return pdpClient().onItem().transformToMulti(caller -> Multi.createBy().merging()
        .streams(store.revisions().map(this::revision), grantChanges));
  }

  private Revision revision(ActiveRevision active) {
    return Revision.newBuilder()
        .setRevision(active.revision())
        .setBundle(active.bundle().name())
        .setActivatedAt(active.activatedAt().toString())
        .setGrantsEpoch(grants.epoch())
        .build();
  }

  private Optional<VerifiedSubject> subject(String token) {
    return switch (subjectTokens.verify(token)) {
      case SubjectTokens.Accepted accepted -> accepted.subject();
      case SubjectTokens.Refused refused -> throw Status.INVALID_ARGUMENT.withDescription(refused.error().message())
          .asRuntimeException();
    };
  }

  private static JsonObject json(EvaluationRequest request) {
    try {
      return ProtoJson.request(request);
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private static BatchSemantic semantic(BatchRequest.Semantic semantic) {
    return switch (semantic) {
      case DENY_ON_FIRST_DENY -> BatchSemantic.DENY_ON_FIRST_DENY;
      case PERMIT_ON_FIRST_PERMIT -> BatchSemantic.PERMIT_ON_FIRST_PERMIT;
      case EXECUTE_ALL, UNRECOGNIZED -> BatchSemantic.EXECUTE_ALL;
    };
  }

  private static EvaluationResponse response(Outcome.Decided decided) {
    AuthorizationResult result = decided.result();
    EvaluationResponse.Builder response = EvaluationResponse.newBuilder()
        .setDecision(decided.permitted())
        .setOutcome(result.decision().keyword())
        .setRevision(result.revision())
        .setDecisionId(decided.decisionId())
        .setTtlMillis(decided.ttl().toMillis());
    result.obligations().forEach(o -> response.addObligations(directive(o)));
    result.advice().forEach(a -> response.addAdvice(directive(a)));
    for (var reason : result.reasons()) {
      response.addReasons(Reason.newBuilder().setPolicy(reason.policyId()).setRule(reason.ruleId())
          .setEffect(reason.effect().keyword()).putAllAnnotations(reason.annotations()));
    }
    result.problems().forEach(problem -> response.addErrors(problem.toString()));
    return response.build();
  }

  private static Obligation directive(dev.arbiter.policy.decision.Obligation directive) {
    return Obligation.newBuilder().setName(directive.name())
        .setArguments(ProtoJson.toStruct((Map<?, ?>) directive.arguments())).build();
  }
}
