package dev.arbiter.pep;

import java.net.URI;

/**
 * Where the PDP is and how to speak to it, from the address given to the builder.
 *
 * @param protocol gRPC or AuthZEN REST
 * @param secure TLS or plaintext
 * @param host the host name or address
 * @param port the port (the scheme's default when the address has none: 443 with TLS, 80 without)
 * @param pathPrefix for REST, what comes before {@code /access/v1}: empty or starting with {@code /}
 */
record Endpoint(Protocol protocol, boolean secure, String host, int port, String pathPrefix) {
  enum Protocol { GRPC, HTTP }

  static Endpoint parse(URI address) {
    if (address.getScheme() == null || address.getHost() == null) {
      throw new IllegalArgumentException("a PDP address is grpc://, grpcs://, http:// or https:// with a host, found "
          + address);
    }
    String scheme = address.getScheme().toLowerCase(java.util.Locale.ROOT);
    Protocol protocol = switch (scheme) {
      case "grpc", "grpcs" -> Protocol.GRPC;
      case "http", "https" -> Protocol.HTTP;
      default -> throw new IllegalArgumentException("a PDP address is grpc://, grpcs://, http:// or https://, found "
          + address);
    };
    boolean secure = scheme.endsWith("s");
    int port = address.getPort() > 0 ? address.getPort() : secure ? 443 : 80;
    String path = address.getRawPath() == null ? "" : address.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (protocol == Protocol.GRPC && !path.isEmpty()) {
      throw new IllegalArgumentException("a gRPC address has no path, found " + address);
    }
    return new Endpoint(protocol, secure, address.getHost(), port, path);
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  String authority() {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return (protocol == Protocol.GRPC ? (secure ? "grpcs://" : "grpc://") : (secure ? "https://" : "http://"))
        + authority() + pathPrefix;
  }
}
