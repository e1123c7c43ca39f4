package dev.arbiter.pep;

import com.google.common.util.concurrent.ListenableFuture;
import dev.arbiter.pdp.api.v1.BatchResponse;
import dev.arbiter.pdp.api.v1.EvaluationResponse;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC protocol ({@code arbiter.pdp.v1.Pdp}) over one channel (grpc-netty-shaded), which the
 * revision stream shares. The channel connects lazily and reconnects by itself; while it is in
 * backoff after a failed connection, a call first asks it to try again at once, because the
 * client's own retries, budget and breaker already pace the attempts (the channel's default backoff
 * grows to two minutes, far too long for an enforcement point waiting for its PDP).
 */
final class GrpcTransport implements Transport {
  /**
   * How long a call on a channel whose last connection failed waits for a new one: long enough for a
   * connection on a working network, short enough that a PDP that is down costs each attempt little.
   */
  static final Duration RECONNECT_WAIT = Duration.ofMillis(250);

  private final Endpoint endpoint;
  private final Credentials credentials;
  private final ManagedChannel channel;
  private final PdpGrpc.PdpFutureStub stub;

  GrpcTransport(Endpoint endpoint, Tls tls, Credentials credentials) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.channel = channel(endpoint, tls);
    this.stub = PdpGrpc.newFutureStub(channel);
  }

  /** A channel to the PDP's gRPC service at {@code endpoint}'s host and port. */
  static ManagedChannel channel(Endpoint endpoint, Tls tls) {
    ChannelCredentials channelCredentials;
    if (tls == null) {
      channelCredentials = InsecureChannelCredentials.create();
    } else {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (tls.keyManagers() != null) {
        builder.keyManager(tls.keyManagers());
      }
      if (tls.trustManagers() != null) {
        builder.trustManager(tls.trustManagers());
      }
      channelCredentials = builder.build();
    }
    // Answers are completed on the channel's I/O thread, which wakes the waiting caller once. The
    // blocking stub would hand each of the answer's events (headers, message, trailers) to the
    // caller's thread instead, waking it up to three times: a thread wake-up costs tens of
    // microseconds on a busy or virtualised machine. Nothing done on that thread blocks.
    return Grpc.newChannelBuilderForAddress(endpoint.host(), endpoint.port(), channelCredentials).directExecutor()
        .build();
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public PdpResponse evaluate(AccessRequest request, long timeoutNanos) throws CallFailure {
    EvaluationResponse response = answer(prepared(stub, timeoutNanos).evaluate(ProtoCodec.request(request)));
    return ProtoCodec.response(response);
  }

  @Override
  public List<BatchItem> evaluateBatch(List<AccessRequest> requests, long timeoutNanos) throws CallFailure {
    BatchResponse response = answer(prepared(stub, timeoutNanos).evaluateBatch(ProtoCodec.batch(requests)));
    return ProtoCodec.batch(response, requests.size());
  }

  /**
   * Waits for a call's answer; the call's deadline bounds the wait. An interrupted caller cancels the
   * call, as the blocking stub would.
   */
  private <T> T answer(ListenableFuture<T> call) throws CallFailure {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw failure(Status.fromThrowable(e.getCause()), endpoint);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw CallFailure.of(DenyReason.CLIENT_CLOSED, "interrupted while waiting for the PDP at " + endpoint);
    }
  }

  /**
   * {@code stub} with the caller's credentials and a deadline (none if {@code timeoutNanos} is 0),
   * on a channel that is connected or connecting.
   */
  <S extends AbstractStub<S>> S prepared(S stub, long timeoutNanos) throws CallFailure {
    reconnectIfFailed(timeoutNanos);
    S prepared = timeoutNanos > 0 ? stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS) : stub;
    CallerHeader header = CallerHeader.of(credentials);
    if (header == null) {
      return prepared;
    }
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of(header.name(), Metadata.ASCII_STRING_MARSHALLER), header.value());
    return prepared.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  /**
   * A channel whose last connection failed fails every call at once, and keeps reporting that
   * failure while it reconnects (gRPC's "sticky transient failure"), until its backoff — up to two
   * minutes — lets it try again. So: tell it to reconnect now, and give the new connection a short
   * while ({@link #RECONNECT_WAIT}, within the call's time) to become ready. A call on a channel
   * that is still not ready fails at once and may be retried; one on a ready channel goes through.
   */
  private void reconnectIfFailed(long timeoutNanos) throws CallFailure {
    if (channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
      return;
    }
    CountDownLatch changed = new CountDownLatch(1);
    channel.notifyWhenStateChanged(ConnectivityState.TRANSIENT_FAILURE, changed::countDown);
    channel.resetConnectBackoff();
    if (timeoutNanos <= 0) {
      return;
    }
    try {
      changed.await(Math.min(timeoutNanos, RECONNECT_WAIT.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CallFailure.of(DenyReason.CLIENT_CLOSED, "interrupted while connecting to the PDP at " + endpoint);
    }
  }

  /** What a gRPC status means for the call. */
  static CallFailure failure(Status status, Endpoint endpoint) {
    String message = "the PDP at " + endpoint + " answered " + status.getCode()
        + (status.getDescription() != null ? ": " + status.getDescription() : "")
        + (status.getCause() != null ? " (" + status.getCause() + ")" : "");
    return switch (status.getCode()) {
      case UNAVAILABLE -> CallFailure.unavailable(message);
      case DEADLINE_EXCEEDED -> CallFailure.of(DenyReason.DEADLINE_EXCEEDED, message);
      case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> CallFailure.of(DenyReason.REQUEST_REJECTED, message);
      case UNAUTHENTICATED, PERMISSION_DENIED -> CallFailure.of(DenyReason.CALLER_REJECTED, message);
      case CANCELLED -> CallFailure.of(DenyReason.CLIENT_CLOSED, message);
      default -> CallFailure.of(DenyReason.PDP_ERROR, message);
    };
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
