package dev.arbiter.pep;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Everything a {@link PdpClientBuilder} gathered, validated.
 *
 * @param tls null for plaintext addresses
 * @param signer null when HTTP requests are not signed
 * @param executor null for a virtual thread per asynchronous call
 */
record Settings(Endpoint endpoint, Credentials credentials, Tls tls, RequestSigner signer, Duration deadline,
    RetryPolicy retry,
    CircuitBreakerPolicy circuitBreaker, CachePolicy cache, Duration gracePeriod,
    ObligationHandlers obligationHandlers, PdpClientMetrics metrics, boolean watchRevisions,
    Duration watchInitialBackoff, Duration watchMaxBackoff, int maxBatchSize, Executor executor) {}
