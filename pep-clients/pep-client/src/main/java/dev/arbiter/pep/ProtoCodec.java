package dev.arbiter.pep;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.arbiter.pdp.api.v1.BatchRequest;
import dev.arbiter.pdp.api.v1.BatchResponse;
import dev.arbiter.pdp.api.v1.Entity;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests to the gRPC contract's messages and answers back. Property values travel as {@code
 * google.protobuf.Struct}, whose numbers are doubles: integral numbers in the PDP's answers that a
 * double holds exactly come back as {@code Long}.
 */
final class ProtoCodec {
  /** 2^53: beyond it a double no longer holds every integer. */
  private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

  private ProtoCodec() {}

  static EvaluationRequest request(AccessRequest request) {
    EvaluationRequest.Builder message = item(request);
    request.subjectToken().ifPresent(message::setSubjectToken);
    return message.build();
  }

  /** A batch of requests that share one subject token (the contract carries it in the defaults). */
  static BatchRequest batch(List<AccessRequest> requests) {
    BatchRequest.Builder batch = BatchRequest.newBuilder().setSemantic(BatchRequest.Semantic.EXECUTE_ALL);
    requests.getFirst().subjectToken()
        .ifPresent(token -> batch.setDefaults(EvaluationRequest.newBuilder().setSubjectToken(token)));
    for (AccessRequest request : requests) {
      batch.addEvaluations(item(request));
    }
    return batch.build();
  }

  private static EvaluationRequest.Builder item(AccessRequest request) {
    EvaluationRequest.Builder message = EvaluationRequest.newBuilder()
        .setSubject(entity(request.subject().type(), request.subject().id(), request.subject().properties()))
        .setAction(dev.arbiter.pdp.api.v1.Action.newBuilder().setName(request.action().name())
            .setProperties(struct(request.action().properties())))
        .setResource(entity(request.resource().type(), request.resource().id(), request.resource().properties()));
    if (!request.context().isEmpty()) {
      message.setContext(struct(request.context()));
    }
    return message;
  }

  private static Entity entity(String type, String id, Map<String, Object> properties) {
    return Entity.newBuilder().setType(type).setId(id).setProperties(struct(properties)).build();
  }

  static PdpResponse response(EvaluationResponse message) throws CallFailure {
    List<Reason> reasons = new ArrayList<>(message.getReasonsCount());
    for (dev.arbiter.pdp.api.v1.Reason reason : message.getReasonsList()) {
      reasons.add(new Reason(reason.getPolicy(), reason.getRule(), reason.getEffect(), reason.getAnnotationsMap()));
    }
    return Answers.response(message.getDecision(), message.getOutcome(), obligations(message.getObligationsList()),
        obligations(message.getAdviceList()), reasons, message.getErrorsList(), message.getRevision(),
        message.getDecisionId(), message.getTtlMillis());
  }

  static List<BatchItem> batch(BatchResponse message, int expected) throws CallFailure {
    if (message.getEvaluationsCount() != expected) {
      throw CallFailure.malformed(message.getEvaluationsCount() + " answers to " + expected + " requests");
    }
    List<BatchItem> items = new ArrayList<>(expected);
    for (EvaluationResponse item : message.getEvaluationsList()) {
      items.add("invalid".equals(item.getOutcome())
          ? new BatchItem.Rejected(String.join("; ", item.getErrorsList()))
          : new BatchItem.Answered(response(item)));
    }
    return items;
  }

  private static List<Obligation> obligations(List<dev.arbiter.pdp.api.v1.Obligation> messages) throws CallFailure {
    List<Obligation> obligations = new ArrayList<>(messages.size());
    for (dev.arbiter.pdp.api.v1.Obligation message : messages) {
      if (message.getName().isBlank()) {
        throw CallFailure.malformed("an obligation without a name");
      }
      obligations.add(new Obligation(message.getName(), map(message.getArguments())));
    }
    return obligations;
  }

  static Struct struct(Map<String, Object> members) {
    Struct.Builder struct = Struct.newBuilder();
    members.forEach((name, value) -> struct.putFields(name, value(value)));
    return struct.build();
  }

  /** One canonical JSON value (see {@link JsonValues}) as a protobuf value. */
  private static Value value(Object value) {
    return switch (value) {
      case null -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
      case String text -> Value.newBuilder().setStringValue(text).build();
      case Boolean flag -> Value.newBuilder().setBoolValue(flag).build();
      case Long number -> Value.newBuilder().setNumberValue(number).build();
      case Double number -> Value.newBuilder().setNumberValue(number).build();
      case BigDecimal number -> Value.newBuilder().setNumberValue(number.doubleValue()).build();
      case Map<?, ?> map -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) map;
        yield Value.newBuilder().setStructValue(struct(members)).build();
      }
      case List<?> items -> {
        ListValue.Builder list = ListValue.newBuilder();
        items.forEach(item -> list.addValues(value(item)));
        yield Value.newBuilder().setListValue(list).build();
      }
      default -> throw new IllegalStateException("not a canonical JSON value: " + value.getClass().getName());
    };
  }

  static Map<String, Object> map(Struct struct) {
    Map<String, Object> members = new LinkedHashMap<>(struct.getFieldsCount() * 2);
    struct.getFieldsMap().forEach((name, value) -> members.put(name, value(value)));
    return Collections.unmodifiableMap(members);
  }

  private static Object value(Value value) {
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> null;
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case NUMBER_VALUE -> number(value.getNumberValue());
      case STRUCT_VALUE -> map(value.getStructValue());
      case LIST_VALUE -> {
        List<Object> items = new ArrayList<>(value.getListValue().getValuesCount());
        value.getListValue().getValuesList().forEach(item -> items.add(value(item)));
        yield Collections.unmodifiableList(items);
      }
    };
  }

  private static Object number(double number) {
    return number == Math.rint(number) && Math.abs(number) <= EXACT_INTEGERS ? (Object) (long) number : number;
  }
}
