package dev.arbiter.policy.value;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address, or a CIDR range: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code ::1}. An
 * address is a range of one. Parsing never resolves names: only literals are accepted, and IPv4
 * parts with leading zeros are refused because resolvers disagree on whether they are octal.
 */
public final class IpRange {
  private final byte[] address;
  private final int prefixLength;

  private IpRange(byte[] address, int prefixLength) {
    this.address = mask(address, prefixLength);
    this.prefixLength = prefixLength;
  }

  /** Parses a literal address or CIDR range; empty when the text is not one. */
  public static Optional<IpRange> parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    Optional<byte[]> address = addressText.indexOf(':') >= 0 ? ipv6(addressText) : ipv4(addressText);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')
          || (prefixText.length() > 1 && prefixText.charAt(0) == '0')) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(prefixText);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    // an IPv4-mapped IPv6 address is that IPv4 address: equal, printed and matched as such
    return Optional.of(new IpRange(address.get(), prefix).unmapped());
  }

  /** Like {@link #parse} but throws an {@link EvaluationError} saying what was wrong. */
  public static IpRange of(String text) {
    return parse(text).orElseThrow(() -> new EvaluationError(
        "`" + text + "` is not an IP address or CIDR range, such as `10.0.0.1` or `10.0.0.0/8`"));
  }

  private static Optional<byte[]> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }

  private static Optional<byte[]> ipv6(String text) {
    // InetAddress takes text as a literal only when it starts with a hex digit or a colon; anything
    // else could be looked up as a host name, so it never gets there
    if (text.isEmpty() || text.length() > 45 || !isHex(text.charAt(0)) && text.charAt(0) != ':'
        || !text.chars().allMatch(c -> isHex(c) || c == ':' || c == '.')) {
      return Optional.empty();
    }
    int dot = text.indexOf('.');
    if (dot >= 0 && ipv4(text.substring(text.lastIndexOf(':') + 1)).isEmpty()) {
      return Optional.empty(); // an embedded IPv4 part follows the IPv4 rules, leading zeros refused
    }
    try {
      byte[] bytes = InetAddress.getByName(text).getAddress();
      if (bytes.length == 4) {
        // an IPv4-mapped IPv6 literal; keep it in its IPv6 form
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return Optional.of(mapped);
      }
      return Optional.of(bytes);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    byte[] masked = address.clone();
    for (int bit = prefixLength; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  /** The address bytes (network order; host bits below the prefix cleared): 4 for IPv4, 16 for IPv6. */
  public byte[] octets() {
    return address.clone();
  }

  public boolean isIpv4() {
    return address.length == 4;
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** Whether this is a single address rather than a wider range. */
  public boolean isAddress() {
    return prefixLength == address.length * 8;
  }

  /** Whether every address of {@code other} lies within this range. */
  public boolean contains(IpRange other) {
    if (other.address.length != address.length || other.prefixLength < prefixLength) {
      return false;
    }
    return Arrays.equals(mask(other.address, prefixLength), address);
  }

  /** This range's addresses as IPv4 when it is an IPv4-mapped IPv6 range ({@code ::ffff:a.b.c.d}). */
  public IpRange unmapped() {
    if (address.length == 16 && prefixLength >= 96) {
      for (int i = 0; i < 10; i++) {
        if (address[i] != 0) {
          return this;
        }
      }
      if (address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
        return new IpRange(Arrays.copyOfRange(address, 12, 16), prefixLength - 96);
      }
    }
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpRange that && prefixLength == that.prefixLength && Arrays.equals(address, that.address);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + prefixLength;
  }

  /** The canonical text: dotted IPv4, or IPv6 as RFC 5952 writes it; parses back to an equal range. */
  @Override
  public String toString() {
    String text = address.length == 4 ? ipv4Text() : ipv6Text();
    return isAddress() ? text : text + "/" + prefixLength;
  }

  private String ipv4Text() {
    return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
  }

  private String ipv6Text() {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    // the longest run of two or more zero groups becomes "::", the first one when tied
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
