package dev.arbiter.policy.stdlib;

import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Host and address predicates for network allowlists. */
final class Network {
  private static final List<IpRange> LOOPBACK = ranges("127.0.0.0/8", "::1/128");
  private static final List<IpRange> PRIVATE =
      ranges("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");
  private static final List<IpRange> LINK_LOCAL = ranges("169.254.0.0/16", "fe80::/10");

  private Network() {}

  static boolean isLoopback(IpRange address) {
    return within(address, LOOPBACK);
  }

  static boolean isPrivate(IpRange address) {
    return within(address, PRIVATE);
  }

  static boolean isLinkLocal(IpRange address) {
    return within(address, LINK_LOCAL);
  }

  /**
   * The host of an absolute URL, lowercased, without a trailing dot or IPv6 brackets. A URL that
   * does not parse strictly, or has no host, is an error: a permissive parser here is how SSRF
   * filters get bypassed.
   */
  static String urlHost(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new EvaluationError("`" + url + "` is not a valid URL: " + e.getReason());
    }
    if (!uri.isAbsolute()) {
      throw new EvaluationError("URL `" + url + "` has no scheme; expected an absolute URL such as `https://host/path`");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new EvaluationError("URL `" + url + "` has no host");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host;
  }

  /** Whether {@code host} equals one of {@code domains} or is a subdomain of one. */
  static boolean hostInDomains(String host, Collection<?> domains) {
    String normalized = host.toLowerCase(Locale.ROOT);
    while (normalized.endsWith(".")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    for (Object domain : domains) {
      if (!(domain instanceof String d) || d.isEmpty()) {
        continue;
      }
      String candidate = d.toLowerCase(Locale.ROOT);
      while (candidate.endsWith(".")) {
        candidate = candidate.substring(0, candidate.length() - 1);
      }
      if (normalized.equals(candidate) || normalized.endsWith("." + candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean within(IpRange address, List<IpRange> ranges) {
    IpRange plain = address.unmapped();
    for (IpRange range : ranges) {
      if (range.contains(plain)) {
        return true;
      }
    }
    return false;
  }

  static List<IpRange> ranges(String... texts) {
    return java.util.Arrays.stream(texts).map(IpRange::of).toList();
  }
}
