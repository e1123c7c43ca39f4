package dev.arbiter.pep;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures a {@link PdpClient}; get one from {@link PdpClient#builder(String)}. Every setting has
 * a default that fails closed:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #credentials}</td><td>none</td></tr>
 *   <tr><td>{@link #tls}</td><td>the JDK's trust store for {@code grpcs://} and {@code https://}</td></tr>
 *   <tr><td>{@link #signing}</td><td>none: requests are not signed</td></tr>
 *   <tr><td>{@link #deadline}</td><td>1 s per call, retries included</td></tr>
 *   <tr><td>{@link #retry}</td><td>{@link RetryPolicy#defaults()}</td></tr>
 *   <tr><td>{@link #circuitBreaker}</td><td>{@link CircuitBreakerPolicy#defaults()}</td></tr>
 *   <tr><td>{@link #cache}</td><td>{@link CachePolicy#defaults()}</td></tr>
 *   <tr><td>{@link #gracePeriod}</td><td>zero: no cached permit outlives its time to live</td></tr>
 *   <tr><td>{@link #obligationHandlers}</td><td>none: a permit with obligations is a deny</td></tr>
 *   <tr><td>{@link #metrics}</td><td>{@link PdpClientMetrics#NONE}</td></tr>
 *   <tr><td>{@link #watchRevisions}</td><td>on, reconnecting after 100 ms, backing off to 30 s</td></tr>
 *   <tr><td>{@link #maxBatchSize}</td><td>256, the PDP's default limit</td></tr>
 *   <tr><td>{@link #executor}</td><td>a virtual thread per asynchronous call</td></tr>
 * </table>
 *
 * <p>Not thread-safe; {@link #build()} may be called more than once, each time for a new client.
 */
public final class PdpClientBuilder {
  private final Endpoint endpoint;
  private Credentials credentials = Credentials.none();
  private Tls tls;
  private RequestSigner signer;
  private Duration deadline = Duration.ofSeconds(1);
  private RetryPolicy retry = RetryPolicy.defaults();
  private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.defaults();
  private CachePolicy cache = CachePolicy.defaults();
  private Duration gracePeriod = Duration.ZERO;
  private ObligationHandlers obligationHandlers = ObligationHandlers.none();
  private PdpClientMetrics metrics = PdpClientMetrics.NONE;
  private boolean watchRevisions = true;
  private Duration watchInitialBackoff = Duration.ofMillis(100);
  private Duration watchMaxBackoff = Duration.ofSeconds(30);
  private int maxBatchSize = 256;
  private Executor executor;

  PdpClientBuilder(URI address) {
    this.endpoint = Endpoint.parse(address);
  }

  /** How the client authenticates to the PDP. */
  public PdpClientBuilder credentials(Credentials credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    return this;
  }

  /**
   * Trust and client certificate for {@code grpcs://} and {@code https://} addresses.
   *
   * @throws IllegalStateException if the address is plaintext ({@code grpc://}, {@code http://})
   */
  public PdpClientBuilder tls(Tls tls) {
    if (!endpoint.secure()) {
      throw new IllegalStateException("TLS needs a grpcs:// or https:// address, found " + endpoint);
    }
    this.tls = Objects.requireNonNull(tls, "tls");
    return this;
  }

  /**
   * Signs every HTTP request with HMAC-SHA256 under the shared key {@code keyId}, as the PDP's
   * {@code arbiter.request-signing.mode} {@code optional} or {@code required} checks: the four {@code
   * X-Arbiter-*} headers, a fresh nonce per request and retry (docs/service.md, "Signed requests").
   * The secret is copied, never logged, and must hold at least 32 bytes (give the PDP its base64).
   *
   * <p>The PDP checks signatures on its HTTP endpoints only, so this needs an {@code http://} or
   * {@code https://} address; the revision stream (gRPC) is not signed, and needs none.
   *
   * @throws IllegalStateException for a {@code grpc://} or {@code grpcs://} address
   * @throws IllegalArgumentException for a key id that is not 1 to 128 visible ASCII characters, or a
   *     secret shorter than 32 bytes
   */
  public PdpClientBuilder signing(String keyId, byte[] secret) {
    if (endpoint.protocol() != Endpoint.Protocol.HTTP) {
      throw new IllegalStateException("the PDP checks request signatures on HTTP only; sign with an http:// or"
          + " https:// address, found " + endpoint);
    }
    this.signer = new RequestSigner(keyId, secret);
    return this;
  }

  /** The time one call may take, retries included; past it the call is denied ({@link DenyReason#DEADLINE_EXCEEDED}). */
  public PdpClientBuilder deadline(Duration deadline) {
    this.deadline = positive(deadline, "deadline");
    return this;
  }

  /** When failed calls are retried. */
  public PdpClientBuilder retry(RetryPolicy retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return this;
  }

  /** When the client stops asking a failing PDP for a while. */
  public PdpClientBuilder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
    this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    return this;
  }

  /** The decision cache; {@link CachePolicy#disabled()} asks the PDP every time. */
  public PdpClientBuilder cache(CachePolicy cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
    return this;
  }

  /**
   * Opts in to using cached <b>permits</b> for up to {@code gracePeriod} past their time to live
   * when the PDP cannot be asked ({@link DenyReason#PDP_UNAVAILABLE}, {@link
   * DenyReason#DEADLINE_EXCEEDED}, {@link DenyReason#CIRCUIT_OPEN}); such decisions have {@link
   * Source#GRACE}. A new policy revision still empties the cache. Zero (the default) turns it off.
   */
  public PdpClientBuilder gracePeriod(Duration gracePeriod) {
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("a grace period is not negative, found " + gracePeriod);
    }
    this.gracePeriod = gracePeriod;
    return this;
  }

  /** The obligations the enforcement point understands; see {@link ObligationHandlers}. */
  public PdpClientBuilder obligationHandlers(ObligationHandlers obligationHandlers) {
    this.obligationHandlers = Objects.requireNonNull(obligationHandlers, "obligationHandlers");
    return this;
  }

  /** Where decisions, failures, breaker changes and revisions are reported. */
  public PdpClientBuilder metrics(PdpClientMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /**
   * Whether to follow the PDP's revision stream (gRPC {@code WatchRevisions}, on the same host and
   * port for {@code http(s)://} addresses too) to empty the cache the moment a new policy revision
   * is active or a task grant changes (a new grants epoch). Without it, the cache still notices new
   * revisions in answers and honors time to live, but learns nothing of grants: a cached permit
   * that rested on a revoked grant stands until its time to live runs out.
   */
  public PdpClientBuilder watchRevisions(boolean watchRevisions) {
    this.watchRevisions = watchRevisions;
    return this;
  }

  /** How the revision stream reconnects: after {@code initial}, doubling to {@code max}, jittered. */
  public PdpClientBuilder watchReconnectBackoff(Duration initial, Duration max) {
    this.watchInitialBackoff = positive(initial, "initial");
    this.watchMaxBackoff = positive(max, "max");
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
    }
    return this;
  }

  /** The most requests sent in one batch call; larger batches are split. The PDP refuses more than its {@code arbiter.limits.batch-size}. */
  public PdpClientBuilder maxBatchSize(int maxBatchSize) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize is at least 1, found " + maxBatchSize);
    }
    this.maxBatchSize = maxBatchSize;
    return this;
  }

  /** Runs the asynchronous calls; the client does not shut it down. */
  public PdpClientBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * A new client. Connections are made lazily, on the first call; the revision stream starts at
   * once in the background.
   */
  public PdpClient build() {
    Tls effectiveTls = endpoint.secure() ? (tls != null ? tls : Tls.systemTrust()) : null;
    return DefaultPdpClient.start(new Settings(endpoint, credentials, effectiveTls, signer, deadline, retry,
        circuitBreaker, cache, gracePeriod, obligationHandlers, metrics, watchRevisions, watchInitialBackoff,
        watchMaxBackoff, maxBatchSize, executor));
  }

  private static Duration positive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " is positive, found " + value);
    }
    return value;
  }
}
