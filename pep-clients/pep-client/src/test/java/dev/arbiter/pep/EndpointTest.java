package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static Endpoint parse(String address) {
    return Endpoint.parse(URI.create(address));
  }

  @Test
  void theSchemeChoosesProtocolAndTls() {
    assertThat(parse("grpc://127.0.0.1:8080"))
        .isEqualTo(new Endpoint(Endpoint.Protocol.GRPC, false, "127.0.0.1", 8080, ""));
    assertThat(parse("grpcs://pdp.example.com")).isEqualTo(new Endpoint(Endpoint.Protocol.GRPC, true, "pdp.example.com", 443, ""));
    assertThat(parse("http://localhost:9000/")).isEqualTo(new Endpoint(Endpoint.Protocol.HTTP, false, "localhost", 9000, ""));
    Endpoint behindProxy = parse("HTTPS://pdp.example.com/authz/");
    assertThat(behindProxy).isEqualTo(new Endpoint(Endpoint.Protocol.HTTP, true, "pdp.example.com", 443, "/authz"));
    assertThat(parse("http://[::1]:8080").authority()).isEqualTo("[::1]:8080");
  }

  @Test
  void otherAddressesAreRefused() {
    assertThatThrownBy(() -> parse("ftp://pdp:21")).hasMessageContaining("grpc://, grpcs://, http:// or https://");
    assertThatThrownBy(() -> parse("pdp:8080")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("grpc://pdp:8080/v1")).hasMessageContaining("a gRPC address has no path");
    assertThatThrownBy(() -> PdpClient.builder("http://pdp:8080").tls(Tls.systemTrust()))
        .isInstanceOf(IllegalStateException.class);
  }
}
