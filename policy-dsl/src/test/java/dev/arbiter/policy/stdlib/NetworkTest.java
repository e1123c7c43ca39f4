package dev.arbiter.policy.stdlib;

import static dev.arbiter.policy.stdlib.BuiltinCalls.call;

import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SSRF-relevant built-ins: {@code urlHost} must name the host a client would connect to (not
 * the one an attacker dresses the URL up as), {@code hostInDomains} must not take a suffix for a
 * subdomain, and the address classes must cover cloud metadata, loopback and private ranges in
 * both address families, IPv4-mapped IPv6 included. {@code isInternalHost}, {@code isInternalUrl}
 * and {@code urlInDomains} read hosts and URLs the way lenient resolvers and parsers do, and fail
 * closed.
 */
class NetworkTest {
  private static final Set<String> ALLOWED = Set.of("allowed.com", "example.com");

  static Stream<BuiltinCalls> hosts() {
    return Stream.of(
        call("urlHost", "https://example.com/path?q=1").returns("example.com"),
        call("urlHost", "https://EXAMPLE.Com:8443/").returns("example.com"),
        call("urlHost", "https://example.com./").returns("example.com"),
        call("urlHost", "https://[::1]:8080/").returns("::1"),
        call("urlHost", "https://[2001:DB8::1]/").returns("2001:db8::1"),
        call("urlHost", "http://127.0.0.1:80/").returns("127.0.0.1"),
        // userinfo is not the host
        call("urlHost", "https://allowed.com@evil.com/").returns("evil.com"),
        call("urlHost", "https://allowed.com:secret@evil.com:443/x").returns("evil.com"),
        // the fragment and query are not the authority either
        call("urlHost", "https://evil.com#@allowed.com").returns("evil.com"),
        call("urlHost", "https://evil.com?@allowed.com").returns("evil.com"),
        // parsers disagree about these, so they are refused rather than guessed
        call("urlHost", "https://evil.com\\@allowed.com/").fails(),
        call("urlHost", "https://allowed.com%40evil.com/").fails(),
        call("urlHost", "https://exa mple.com/").fails(),
        call("urlHost", "https://exa_mple.com/").fails(),
        call("urlHost", "https://ｅｖｉｌ.com/").fails(),
        call("urlHost", "https://evil.com\u3002/").fails(),
        // no host at all
        call("urlHost", "mailto:someone@allowed.com").fails(),
        call("urlHost", "file:///etc/passwd").fails(),
        call("urlHost", "/relative/path").fails(),
        call("urlHost", "https:///path").fails(),
        call("urlHost", "").fails());
  }

  static Stream<BuiltinCalls> domains() {
    return Stream.of(
        call("hostInDomains", "example.com", ALLOWED).returns(true),
        call("hostInDomains", "api.example.com", ALLOWED).returns(true),
        call("hostInDomains", "a.b.example.com", ALLOWED).returns(true),
        call("hostInDomains", "EXAMPLE.COM.", ALLOWED).returns(true),
        call("hostInDomains", "example.com", Set.of("Example.COM")).returns(true),
        // a suffix is not a subdomain
        call("hostInDomains", "notexample.com", ALLOWED).returns(false),
        call("hostInDomains", "evilexample.com", ALLOWED).returns(false),
        call("hostInDomains", "example.com.evil.com", ALLOWED).returns(false),
        call("hostInDomains", "allowed.com.", Set.of("evil.com")).returns(false),
        call("hostInDomains", "com", ALLOWED).returns(false),
        call("hostInDomains", "", ALLOWED).returns(false),
        call("hostInDomains", "evil.com", Set.of("")).returns(false), // an empty entry allows nothing
        call("hostInDomains", "evil.com", Set.of()).returns(false),
        call("hostInDomains", "evil.com", List.of(1L, "example.com")).returns(false));
  }

  static Stream<BuiltinCalls> addressClasses() {
    return Stream.of(
        loopback("127.0.0.1", true), loopback("127.255.255.254", true), loopback("::1", true),
        loopback("::ffff:127.0.0.1", true), loopback("128.0.0.1", false), loopback("0.0.0.0", false),
        loopback("::2", false), loopback("127.0.0.0/8", true), loopback("0.0.0.0/0", false),
        privateAddress("10.0.0.1", true), privateAddress("10.255.255.255", true), privateAddress("11.0.0.1", false),
        privateAddress("172.16.0.1", true), privateAddress("172.31.255.255", true), privateAddress("172.32.0.1", false),
        privateAddress("192.168.1.1", true), privateAddress("192.169.0.1", false),
        privateAddress("100.64.0.1", true), privateAddress("100.127.255.255", true), privateAddress("100.128.0.1", false),
        privateAddress("8.8.8.8", false), privateAddress("fc00::1", true), privateAddress("fd12:3456::1", true),
        privateAddress("fe80::1", false), privateAddress("::ffff:10.0.0.1", true), privateAddress("10.0.0.0/8", true),
        privateAddress("10.0.0.0/7", false), privateAddress("127.0.0.1", false),
        linkLocal("169.254.169.254", true), linkLocal("169.254.0.1", true), linkLocal("169.255.0.1", false),
        linkLocal("fe80::1", true), linkLocal("febf::1", true), linkLocal("fec0::1", false),
        linkLocal("::ffff:169.254.169.254", true), linkLocal("10.0.0.1", false));
  }

  static Stream<BuiltinCalls> ranges() {
    return Stream.of(
        inRange("10.1.2.3", "10.0.0.0/8", true),
        inRange("11.0.0.1", "10.0.0.0/8", false),
        inRange("10.0.0.0/16", "10.0.0.0/8", true),
        inRange("10.0.0.0/7", "10.0.0.0/8", false),
        inRange("::ffff:10.1.2.3", "10.0.0.0/8", true),
        inRange("10.1.2.3", "::ffff:10.0.0.0/104", true),
        inRange("2001:db8::1", "2001:db8::/32", true),
        inRange("2001:db9::1", "2001:db8::/32", false),
        inRange("10.0.0.1", "::/0", false), // the families differ
        inRange("10.0.0.1", "0.0.0.0/0", true),
        // the implementation also takes unparsed text, which it parses as strictly
        call("inRange", "10.1.2.3", "10.0.0.0/8").returns(true),
        call("inRange", "010.1.2.3", "10.0.0.0/8").fails());
  }

  /**
   * {@code isInternalHost} reads IP literals the way {@code inet_aton} and WHATWG URL parsers do;
   * the edges of each special-purpose block are here, the attack strings in the corpus
   * ({@link AttackCorpusTest}).
   */
  static Stream<BuiltinCalls> internalHosts() {
    return Stream.of(
        internal("127.1", true), internal("127.0.1", true), internal("0x7f.1", true), internal("2130706433", true),
        internal("0300.0250.0.1", true), // octal 192.168.0.1
        internal("001.001.001.001", false), internal("0x01010101", false), internal("16843009", false), // all 1.1.1.1
        internal("4294967295", true), // 255.255.255.255
        internal("4294967296", true), internal("1.2.3.4.5", true), internal("0x100.0.0.1", true), internal("1.256.0.0", true),
        internal("09.0.0.1", true), internal("0x", true), // not an address a resolver agrees on: fail closed
        internal("172.15.255.255", false), internal("172.16.0.0", true), internal("172.31.255.255", true), internal("172.32.0.0", false),
        internal("100.63.255.255", false), internal("100.64.0.0", true), internal("100.127.255.255", true), internal("100.128.0.0", false),
        internal("198.17.255.255", false), internal("198.18.0.0", true), internal("198.19.255.255", true), internal("198.20.0.0", false),
        internal("223.255.255.255", false), internal("224.0.0.0", true), internal("1.0.0.0", false), internal("0.255.255.255", true),
        internal("2002:808:808::", false), internal("2002:c0a8:1::", true), // 6to4 of 8.8.8.8 and of 192.168.0.1
        internal("64:ff9b::8.8.8.8", false), internal("64:ff9b::10.0.0.1", true), internal("64:ff9b:1::1", true),
        internal("2001:db8::1", true), internal("2001::1", true), internal("2001:4860::1", false), internal("::ffff:0a00:0001", true),
        internal("fe80::1%eth0", true), internal("[::1", true), internal("::1]", true),
        internal("example.com", false), internal("example.com.", false), internal("example..com", true), internal(".example.com", true),
        internal("exa mple.com", true), internal("a.b.localhost", true), internal("foo.internal", true), internal("foo.internal.example.com", false),
        internal("10.0.0.1.example.com", true), internal("8.8.8.8.example.com", false), internal("1.10.0.0.1.example.com", true),
        internal("app-192-168-0-1.example.com", true), internal("app-8-8-8-8.example.com", false), internal("ec2-10-0-0-1", true),
        internal("c0a80001.example.com", true), internal("08080808.example.com", false), internal("c0a80001x.example.com", false),
        call("isInternalHost", 1L).fails());
  }

  static Stream<BuiltinCalls> urls() {
    return Stream.of(
        call("isInternalUrl", "https://example.com/").returns(false),
        call("isInternalUrl", "https://127.0.0.1/").returns(true),
        call("isInternalUrl", "HTTPS://EXAMPLE.COM:443/").returns(false),
        call("isInternalUrl", "https://example.com:99999/").returns(true), // a port no parser takes
        call("isInternalUrl", "https://example.com:/").returns(false),
        call("isInternalUrl", "https://[::1]:8080/").returns(true),
        call("isInternalUrl", "https://[::1]x/").returns(true),
        call("isInternalUrl", "https://evil.com\\@127.0.0.1/").returns(true), // RFC 3986 reads 127.0.0.1
        call("isInternalUrl", "1http://example.com/").returns(true),
        call("isInternalUrl", "ftp://example.com/").returns(true),
        call("urlInDomains", "https://api.example.com/x", ALLOWED).returns(true),
        call("urlInDomains", "https://allowed.com@evil.com/", ALLOWED).returns(false),
        call("urlInDomains", "https://allowed.com/", Set.of()).returns(false),
        call("urlInDomains", "https://allowed.com/", List.of(1L, "allowed.com")).returns(true),
        call("urlInDomains", "https://allowed.com/", "allowed.com").fails());
  }

  static Stream<BuiltinCalls> rows() {
    return Stream.of(hosts(), domains(), addressClasses(), ranges(), internalHosts(), urls()).flatMap(s -> s);
  }

  @ParameterizedTest
  @MethodSource("rows")
  void network(BuiltinCalls row) {
    row.verify();
  }

  /** The usual composition in a policy: the host a client would reach, checked against the allowlist. */
  @ParameterizedTest
  @MethodSource("disguisedUrls")
  void disguisedUrlsAreNotAllowed(String url) {
    Object host;
    try {
      host = BuiltinCalls.apply("urlHost", url);
    } catch (EvaluationError refused) {
      return; // an error makes the rule indeterminate, which denies under deny-overrides
    }
    call("hostInDomains", host, ALLOWED).returns(false).verify();
  }

  static List<String> disguisedUrls() {
    return Arrays.asList(
        "https://allowed.com@evil.com/", "https://allowed.com:443@evil.com/", "https://evil.com\\@allowed.com/",
        "https://evil.com#.allowed.com", "https://evil.com?.allowed.com", "https://allowed.com.evil.com/",
        "https://notallowed.com/", "https://evil.com/allowed.com", "https://allowed.com%2f@evil.com/",
"https://[::ffff:7f00:1]/allowed.com");
  }

  private static BuiltinCalls internal(String host, boolean expected) {
    return call("isInternalHost", host).returns(expected);
  }

  private static BuiltinCalls loopback(String address, boolean expected) {
    return call("isLoopback", IpRange.of(address)).returns(expected);
  }

  private static BuiltinCalls privateAddress(String address, boolean expected) {
    return call("isPrivate", IpRange.of(address)).returns(expected);
  }

  private static BuiltinCalls linkLocal(String address, boolean expected) {
    return call("isLinkLocal", IpRange.of(address)).returns(expected);
  }

  private static BuiltinCalls inRange(String address, String range, boolean expected) {
    return call("inRange", IpRange.of(address), IpRange.of(range)).returns(expected);
  }
}
