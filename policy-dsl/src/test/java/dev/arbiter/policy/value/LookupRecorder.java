package dev.arbiter.policy.value;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A name resolver for the test JVM that records every host name looked up and then resolves it as
 * the JDK would. It lets {@link IpRangeTest} prove that parsing an address never asks DNS.
 * Registered in {@code META-INF/services}, so it serves every test of this module.
 */
public final class LookupRecorder extends InetAddressResolverProvider {
  private static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

  /** The names looked up since the last {@link #clear()}. */
  static List<String> lookups() {
    return List.copyOf(LOOKUPS);
  }

  static void clear() {
    LOOKUPS.clear();
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        LOOKUPS.add(host);
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "arbiter-test-lookup-recorder";
  }
}
