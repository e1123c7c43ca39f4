package dev.arbiter.bench.load;

import dev.arbiter.bench.load.cerbos.CerbosServiceGrpc;
import dev.arbiter.bench.load.cerbos.CheckResourcesRequest;
import dev.arbiter.bench.load.cerbos.CheckResourcesResponse;
import dev.arbiter.bench.load.cerbos.Effect;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A column of the results: one PDP over one protocol. */
enum Target {
  ARBITER_REST("Arbiter REST", Pdp.ARBITER),
  ARBITER_GRPC("Arbiter gRPC", Pdp.ARBITER),
  CERBOS_REST("Cerbos REST", Pdp.CERBOS),
  CERBOS_GRPC("Cerbos gRPC", Pdp.CERBOS);

  /** gRPC connections at most: as many as a Vert.x server has event loops by default (two per core). */
  private static final int MAX_CHANNELS = 2 * Runtime.getRuntime().availableProcessors();

  private final String label;
  private final Pdp pdp;

  Target(String label, Pdp pdp) {
    this.label = label;
    this.pdp = pdp;
  }

  String label() {
    return label;
  }

  Pdp pdp() {
    return pdp;
  }

  /** A client of {@code server} for {@code concurrency} requests in flight. */
  DecisionClient open(Pdp.Running server, Vertx vertx, RequestSet requests, int concurrency) {
    int channels = Math.min(concurrency, MAX_CHANNELS);
    return switch (this) {
      case ARBITER_REST -> new RestDecisionClient(vertx, server.httpPort(), "/access/v1/evaluation", requests,
          concurrency, RequestSet.Call::arbiter, body -> body.getBoolean("decision"));
      case ARBITER_GRPC -> new GrpcDecisionClient<EvaluationRequest, EvaluationResponse>(server.grpcPort(), channels,
          PdpGrpc.getEvaluateMethod(), requests, RequestSet.Call::arbiter, EvaluationRequest::newBuilder,
          EvaluationResponse::getDecision);
      case CERBOS_REST -> new RestDecisionClient(vertx, server.httpPort(), "/api/check/resources", requests,
          concurrency, RequestSet.Call::cerbos, Target::cerbosAllows);
      case CERBOS_GRPC -> new GrpcDecisionClient<CheckResourcesRequest, CheckResourcesResponse>(server.grpcPort(),
          channels, CerbosServiceGrpc.getCheckResourcesMethod(), requests, RequestSet.Call::cerbos,
          CheckResourcesRequest::newBuilder,
          response -> response.getResults(0).getActionsOrThrow(RequestSet.ACTION) == Effect.EFFECT_ALLOW);
    };
  }

  private static boolean cerbosAllows(JsonObject body) {
    return "EFFECT_ALLOW".equals(body.getJsonArray("results").getJsonObject(0).getJsonObject("actions")
        .getString(RequestSet.ACTION));
  }
}
