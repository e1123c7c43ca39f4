package dev.arbiter.pep;

import java.util.List;

/**
 * One protocol to the PDP: a single attempt of a call, within a timeout, without retries or
 * caching (the client adds those). Thread-safe.
 */
interface Transport extends AutoCloseable {
  /**
   * Asks for one decision.
   *
   * @throws CallFailure if there is no usable answer within {@code timeoutNanos}
   */
  PdpResponse evaluate(AccessRequest request, long timeoutNanos) throws CallFailure;

  /**
   * Asks for several decisions in one call; the requests share one subject token (or none).
   *
   * @return one item per request, in order
   * @throws CallFailure if there is no usable answer within {@code timeoutNanos}
   */
  List<BatchItem> evaluateBatch(List<AccessRequest> requests, long timeoutNanos) throws CallFailure;

  @Override
  void close();
}
