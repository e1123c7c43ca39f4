package dev.arbiter.pdp.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with {@code arbiter.auth.mode=none} on anything but loopback: without caller
 * authentication, anyone who can reach the port could probe the policies.
 */
@ApplicationScoped
public class LoopbackGuard {
  private final CallerAuthentication authentication;
  private final String host;

  LoopbackGuard(CallerAuthentication authentication, @ConfigProperty(name = "quarkus.http.host") String host) {
    this.authentication = authentication;
    this.host = host;
  }

  void check(@Observes StartupEvent event) {
    if (authentication.mode() == AuthMode.NONE && !isLoopback(host)) {
      throw new IllegalStateException("arbiter.auth.mode=none is only allowed when the service listens on loopback,"
          + " but quarkus.http.host is " + host + ". Bind to 127.0.0.1, or set arbiter.auth.mode to jwt, mtls or"
          + " api-key.");
    }
  }

  /** Whether every address {@code host} names is a loopback address; a name that does not resolve is not. */
  public static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
