package dev.arbiter.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * JSON over HTTP/1.1 with Vert.x: one keep-alive connection per request in flight, bodies serialized
 * once up front, each response body parsed to read the decision.
 */
final class RestDecisionClient implements DecisionClient {
  private final HttpClient http;
  private final RequestOptions post;
  private final List<Buffer> bodies;
  private final Predicate<JsonObject> permitted;

  /**
   * A client of {@code POST path} on {@code 127.0.0.1:port}, sending {@code body(call)} for each call
   * and reading permit or deny from the response with {@code permitted}.
   */
  RestDecisionClient(Vertx vertx, int port, String path, RequestSet requests, int connections,
      Function<RequestSet.Call, JsonNode> body, Predicate<JsonObject> permitted) {
    this.http = vertx.createHttpClient(
        new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
    this.post = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    this.bodies = requests.calls().stream().map(call -> Buffer.buffer(body.apply(call).toString())).toList();
    this.permitted = permitted;
  }

  @Override
  public CompletableFuture<Boolean> decide(int index) {
    return http.request(post)
        .compose(request -> request.send(bodies.get(index)))
        .compose(RestDecisionClient::okBody)
        .map(body -> permitted.test(body.toJsonObject()))
        .toCompletionStage().toCompletableFuture();
  }

  private static Future<Buffer> okBody(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return response.body().compose(body -> Future.failedFuture(
          "HTTP " + response.statusCode() + ": " + body.toString()));
    }
    return response.body();
  }

  @Override
  public void close() {
    http.close().toCompletionStage().toCompletableFuture().join();
  }
}
