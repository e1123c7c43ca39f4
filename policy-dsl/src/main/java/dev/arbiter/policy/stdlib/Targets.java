package dev.arbiter.policy.stdlib;

import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side request forgery: which hosts and URLs may reach something other than the public
 * internet, judged from the text alone. There are no DNS lookups (evaluation stays pure and fast),
 * so every rule here looks at how a host is written: IP literals in all the forms resolvers accept,
 * names reserved for private use, and names of public services that resolve to the address they
 * spell. Anything that cannot be read with confidence counts as internal.
 */
final class Targets {
  /** Schemes whose URLs are judged by their host; any other scheme counts as internal. */
  private static final Set<String> WEB_SCHEMES = Set.of("http", "https", "ws", "wss");

  /** IANA special-purpose IPv4 blocks that are not globally reachable, as {base, prefix length}. */
  private static final long[][] SPECIAL_IPV4 = {
      ipv4(0, 0, 0, 0, 8), // "this network"; 0.0.0.0 reaches the local host
      ipv4(10, 0, 0, 0, 8), ipv4(172, 16, 0, 0, 12), ipv4(192, 168, 0, 0, 16), // RFC 1918
      ipv4(100, 64, 0, 0, 10), // carrier-grade NAT; Alibaba Cloud's metadata service is 100.100.100.200
      ipv4(127, 0, 0, 0, 8), // loopback
      ipv4(169, 254, 0, 0, 16), // link-local; cloud metadata at 169.254.169.254
      ipv4(192, 0, 0, 0, 24), // IETF protocol assignments; Oracle Cloud metadata at 192.0.0.192
      ipv4(192, 0, 2, 0, 24), ipv4(198, 51, 100, 0, 24), ipv4(203, 0, 113, 0, 24), // documentation
      ipv4(192, 88, 99, 0, 24), // 6to4 relay anycast
      ipv4(198, 18, 0, 0, 15), // benchmarking
      ipv4(224, 0, 0, 0, 4), // multicast
      ipv4(240, 0, 0, 0, 4), // reserved, and the broadcast address 255.255.255.255
  };

  /** IANA special-purpose IPv6 blocks that are not globally reachable. */
  private static final List<IpRange> SPECIAL_IPV6 = Network.ranges(
      "::/96", // unspecified, loopback, IPv4-compatible
      "64:ff9b:1::/48", // local-use NAT64
      "100::/64", // discard
      "2001::/23", // IETF protocol assignments, Teredo included
      "2001:db8::/32", "3fff::/20", // documentation
      "5f00::/16", // segment routing
      "fc00::/7", // unique local; AWS metadata at fd00:ec2::254
      "fe80::/10", "fec0::/10", // link-local, and the deprecated site-local
      "ff00::/8"); // multicast

  private static final IpRange NAT64 = IpRange.of("64:ff9b::/96");
  private static final IpRange SIX_TO_FOUR = IpRange.of("2002::/16");

  /**
   * Domains, and their subdomains, that never name a public host: RFC 6761 and RFC 8375 names,
   * the ICANN private-use {@code .internal}, mDNS, Kubernetes service names, and the suffixes
   * private networks commonly use.
   */
  private static final List<String> PRIVATE_SUFFIXES = List.of("localhost", "local", "localdomain", "internal",
      "intranet", "corp", "lan", "home", "home.arpa", "private", "svc");

  /**
   * Public domains whose names resolve to the loopback address (the first seven), to whatever IP
   * address the name spells (the next three), or to changing addresses on purpose for DNS
   * rebinding (the last two).
   */
  private static final List<String> REBINDING_DOMAINS = List.of("localtest.me", "lvh.me", "vcap.me", "lacolhost.com",
      "fuf.me", "localhost.direct", "traefik.me", "nip.io", "sslip.io", "xip.io", "1u.ms", "rbndr.us");

  private Targets() {}

  /** The scheme and the host of a URL as one parser reads it; the host as written, percent escapes and all. */
  private record Reading(String scheme, boolean hasUserinfo, String host) {}

  /**
   * Whether a host (a name or an IP literal, IPv6 in brackets or not, without a port) may be
   * something other than a public internet host.
   */
  static boolean isInternalHost(String host) {
    Optional<String> normalized = normalizeHost(host);
    return normalized.isEmpty() || internal(normalized.get());
  }

  /**
   * Whether a URL may reach something other than a public internet host: its scheme is not a web
   * scheme, it does not parse the same way for every parser, or a host some parser takes from it is
   * internal.
   */
  static boolean isInternalUrl(String url) {
    Optional<List<Reading>> readings = readings(url);
    if (readings.isEmpty()) {
      return true;
    }
    for (Reading reading : readings.get()) {
      if (!WEB_SCHEMES.contains(reading.scheme()) || isInternalHost(reading.host())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a URL certainly reaches a host in {@code domains} (the domain or a subdomain): a web
   * scheme, no user information, a DNS name rather than an IP literal, and the same host for every
   * parser, the strict RFC 3986 one of {@link Network#urlHost} included.
   */
  static boolean urlInDomains(String url, Collection<?> domains) {
    Optional<List<Reading>> readings = readings(url);
    if (readings.isEmpty()) {
      return false;
    }
    String host = null;
    for (Reading reading : readings.get()) {
      Optional<String> normalized = normalizeHost(reading.host());
      if (!WEB_SCHEMES.contains(reading.scheme()) || reading.hasUserinfo() || normalized.isEmpty()
          || host != null && !host.equals(normalized.get())) {
        return false;
      }
      host = normalized.get();
    }
    if (host == null || host.indexOf(':') >= 0 || numericLastLabel(host) || !host.chars().allMatch(Targets::dnsCharacter)) {
      return false;
    }
    try {
      if (!Network.urlHost(url).equals(host)) {
        return false;
      }
    } catch (EvaluationError strictParserRefuses) {
      return false;
    }
    return Network.hostInDomains(host, domains);
  }

  // ---------------------------------------------------------------- URLs

  /**
   * The readings of a URL by the two families of parsers: WHATWG (browsers, many HTTP clients),
   * for which a backslash ends the authority like a slash, and RFC 3986. Empty when the URL is not
   * one both could read: white space or control characters, no {@code //} authority, more than one
   * {@code @}, a port that is not a number.
   */
  private static Optional<List<Reading>> readings(String url) {
    for (int i = 0; i < url.length(); i++) {
      if (url.charAt(i) <= ' ' || url.charAt(i) == 0x7f || Character.isWhitespace(url.charAt(i))) {
        return Optional.empty();
      }
    }
    int colon = url.indexOf(':');
    if (colon <= 0 || !validScheme(url.substring(0, colon))) {
      return Optional.empty();
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = url.substring(colon + 1);
    if (!rest.startsWith("//") || rest.length() > 2 && (rest.charAt(2) == '/' || rest.charAt(2) == '\\')) {
      // "http:evil.com", "http:///evil.com", "http://\evil.com": parsers disagree on where the host is
      return WEB_SCHEMES.contains(scheme) ? Optional.empty() : Optional.of(List.of(new Reading(scheme, false, "")));
    }
    List<Reading> readings = new ArrayList<>(2);
    for (String ends : List.of("/?#\\", "/?#")) {
      int end = 2;
      while (end < rest.length() && ends.indexOf(rest.charAt(end)) < 0) {
        end++;
      }
      Optional<Reading> reading = reading(scheme, rest.substring(2, end));
      if (reading.isEmpty()) {
        return Optional.empty();
      }
      readings.add(reading.get());
    }
    return Optional.of(readings);
  }

  private static Optional<Reading> reading(String scheme, String authority) {
    int at = authority.lastIndexOf('@');
    if (at >= 0 && authority.indexOf('@') != at) {
      return Optional.empty(); // the first @ for some parsers, the last for others
    }
    String hostAndPort = authority.substring(at + 1);
    int portColon;
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      portColon = close + 1 == hostAndPort.length() ? -1 : close + 1;
      if (portColon > 0 && hostAndPort.charAt(portColon) != ':') {
        return Optional.empty();
      }
    } else {
      portColon = hostAndPort.indexOf(':');
    }
    String host = portColon < 0 ? hostAndPort : hostAndPort.substring(0, portColon);
    String port = portColon < 0 ? "" : hostAndPort.substring(portColon + 1);
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5
        || !port.isEmpty() && Integer.parseInt(port) > 65_535) {
      return Optional.empty();
    }
    return Optional.of(new Reading(scheme, at >= 0, host));
  }

  private static boolean validScheme(String scheme) {
    if (!Character.isLetter(scheme.charAt(0)) || scheme.charAt(0) >= 0x80) {
      return false;
    }
    return scheme.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'));
  }

  // ---------------------------------------------------------------- hosts

  /**
   * The host as a resolver sees it: percent escapes decoded once (as WHATWG parsers do),
   * compatibility forms folded (fullwidth digits are digits), ideographic full stops as dots,
   * lowercase, without brackets and trailing dots. Empty when it cannot be decoded.
   */
  private static Optional<String> normalizeHost(String host) {
    String decoded;
    try {
      decoded = Encodings.decodeOnce(host);
    } catch (Encodings.Undecodable e) {
      return Optional.empty();
    }
    String text = Encodings.folded(decoded).replace('\u3002', '.').toLowerCase(Locale.ROOT);
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '.') {
      end--;
    }
    return Optional.of(text.substring(0, end));
  }

  private static boolean internal(String host) {
    if (host.isEmpty()) {
      return true;
    }
    if (host.indexOf(':') >= 0) {
      return IpRange.parse(host).map(Targets::internalAddress).orElse(true);
    }
    if (numericLastLabel(host)) {
      // WHATWG parsers read such a host as IPv4 in any inet_aton form, or refuse it
      long address = inetAton(host);
      return address < 0 || internalIpv4(address);
    }
    return internalName(host);
  }

  private static boolean internalAddress(IpRange address) {
    byte[] octets = address.octets();
    if (address.isIpv4()) {
      return internalIpv4(ipv4(octets, 0));
    }
    for (IpRange range : SPECIAL_IPV6) {
      if (range.contains(address)) {
        return true;
      }
    }
    // translated and tunnelled addresses carry an IPv4 address that decides
    if (NAT64.contains(address)) {
      return internalIpv4(ipv4(octets, 12));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return internalIpv4(ipv4(octets, 2));
    }
    return false;
  }

  private static boolean internalIpv4(long address) {
    for (long[] block : SPECIAL_IPV4) {
      long mask = (0xffffffffL << (32 - block[1])) & 0xffffffffL;
      if ((address & mask) == block[0]) {
        return true;
      }
    }
    return false;
  }

  private static boolean internalName(String host) {
    if (!host.chars().allMatch(c -> dnsCharacter(c) || c >= 0x80 && Character.isLetterOrDigit(c))
        || host.contains("..") || host.startsWith(".")) {
      return true;
    }
    if (host.indexOf('.') < 0) {
      return true; // a single label resolves through the search domains: "metadata", "instance-data", "db"
    }
    return Network.hostInDomains(host, PRIVATE_SUFFIXES) || Network.hostInDomains(host, REBINDING_DOMAINS)
        || spellsInternalAddress(host);
  }

  /**
   * Whether a name spells an internal address the way wildcard DNS services read it: four decimal
   * labels ({@code 127.0.0.1.example.dev}), four dash-separated numbers in a label
   * ({@code app-10-0-0-1.example.dev}), or eight hex digits ({@code 7f000001.example.dev}).
   */
  private static boolean spellsInternalAddress(String host) {
    String[] labels = host.split("\\.");
    for (int i = 0; i + 4 <= labels.length; i++) {
      if (internalQuad(labels, i)) {
        return true;
      }
    }
    for (String label : labels) {
      String[] pieces = label.split("-");
      for (int i = 0; i < pieces.length; i++) {
        if (i + 4 <= pieces.length && internalQuad(pieces, i)
            || pieces[i].length() == 8 && pieces[i].chars().allMatch(c -> Encodings.hex((char) c) >= 0)
                && internalIpv4(Long.parseLong(pieces[i], 16))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code parts[from]} to {@code parts[from + 3]} are four decimal bytes of an internal address. */
  private static boolean internalQuad(String[] parts, int from) {
    long address = 0;
    for (int i = from; i < from + 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return false;
      }
      address = address << 8 | value;
    }
    return internalIpv4(address);
  }

  /** Whether the last label is a number, which makes a WHATWG parser read the host as IPv4. */
  private static boolean numericLastLabel(String host) {
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (last.startsWith("0x")) {
      return last.substring(2).chars().allMatch(c -> Encodings.hex((char) c) >= 0);
    }
    return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * An IPv4 address in any form {@code inet_aton} accepts: one to four parts, each decimal, octal
   * (a leading {@code 0}) or hex ({@code 0x}), the last filling the remaining bytes
   * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}); -1 when it is none.
   */
  private static long inetAton(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return -1;
    }
    long address = 0;
    for (int i = 0; i < parts.length; i++) {
      long value = number(parts[i]);
      boolean last = i == parts.length - 1;
      long limit = last ? (1L << (8 * (4 - i))) - 1 : 255;
      if (value < 0 || value > limit) {
        return -1;
      }
      address = last ? address << (8 * (4 - i)) | value : address << 8 | value;
    }
    return address;
  }

  private static long number(String part) {
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x") || part.startsWith("0X")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0;
      }
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 12) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = Character.digit(digits.charAt(i), radix);
      if (digit < 0 || digits.charAt(i) >= 0x80) {
        return -1;
      }
      value = value * radix + digit;
    }
    return value;
  }

  private static boolean dnsCharacter(int c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_';
  }

  private static long ipv4(byte[] octets, int from) {
    return (octets[from] & 0xffL) << 24 | (octets[from + 1] & 0xffL) << 16 | (octets[from + 2] & 0xffL) << 8
        | (octets[from + 3] & 0xffL);
  }

  private static long[] ipv4(int a, int b, int c, int d, int prefix) {
    return new long[] {(long) a << 24 | b << 16 | c << 8 | d, prefix};
  }
}
