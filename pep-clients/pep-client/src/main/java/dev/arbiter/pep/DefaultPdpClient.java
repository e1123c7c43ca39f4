package dev.arbiter.pep;

/** The client behind {@link PdpClient}: being written. */
final class DefaultPdpClient {
  private DefaultPdpClient() {}

  static PdpClient start(Settings settings) {
    throw new UnsupportedOperationException("the PDP client is being implemented; the API is final");
  }
}
