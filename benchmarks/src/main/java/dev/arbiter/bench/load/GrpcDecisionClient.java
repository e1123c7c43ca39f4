package dev.arbiter.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Unary gRPC calls with grpc-java over plaintext HTTP/2. Requests are spread round-robin over a few
 * channels (connections), so a server that serves each connection on one thread is not held to one
 * core; each request message is built once up front, from the same JSON as the REST body.
 */
final class GrpcDecisionClient<Q extends Message, R> implements DecisionClient {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final MethodDescriptor<Q, R> method;
  private final List<Q> messages;
  private final Predicate<R> permitted;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * A client of {@code method} on {@code 127.0.0.1:port} over {@code channels} connections; a call's
   * message is {@code json(call)} parsed into a {@code newBuilder()} (proto3 JSON mapping).
   */
  GrpcDecisionClient(int port, int channels, MethodDescriptor<Q, R> method, RequestSet requests,
      Function<RequestSet.Call, JsonNode> json, Supplier<Message.Builder> newBuilder, Predicate<R> permitted) {
    for (int i = 0; i < channels; i++) {
      this.channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build());
    }
    this.method = method;
    this.messages = requests.calls().stream().map(call -> this.<Q>message(json.apply(call), newBuilder.get()))
        .toList();
    this.permitted = permitted;
  }

  @Override
  public CompletableFuture<Boolean> decide(int index) {
    ManagedChannel channel = channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
    CompletableFuture<Boolean> decision = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT), messages.get(index),
        new StreamObserver<R>() {
          @Override
          public void onNext(R response) {
            decision.complete(permitted.test(response));
          }

          @Override
          public void onError(Throwable failure) {
            decision.completeExceptionally(failure);
          }

          @Override
          public void onCompleted() {}
        });
    return decision;
  }

  @SuppressWarnings("unchecked")
  private <M> M message(JsonNode json, Message.Builder builder) {
    try {
      JsonFormat.parser().merge(json.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot build " + builder.getDescriptorForType().getFullName()
          + " from " + json, e);
    }
    return (M) builder.build();
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
