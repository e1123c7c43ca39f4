package dev.arbiter.pdp.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Subjects, agents and networks that get nothing. Changes take effect with the next request. An
 * address that cannot be read is not "not blocked": the caller gets the benefit of no doubt only
 * when no network is blocklisted.
 */
final class Blocklist {
  // Only forms InetAddress reads as literals: a dotted quad, or anything with a colon (IPv6). Other
  // text would make it ask DNS, which has no place in a decision.
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  enum Kind {
    SUBJECT, AGENT, NETWORK
  }

  record Entry(Kind kind, String value) {}

  private final Set<String> subjects = ConcurrentHashMap.newKeySet();
  private final Set<String> agents = ConcurrentHashMap.newKeySet();
  private final List<Network> networks = new CopyOnWriteArrayList<>();

  record Network(String text, byte[] address, int prefix) {
    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      int bits = prefix;
      for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((candidate[i] & mask) != (address[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Adds an entry; a message when the value cannot be one. */
  Optional<String> add(Kind kind, String value) {
    switch (kind) {
      case SUBJECT -> subjects.add(value);
      case AGENT -> agents.add(value);
      case NETWORK -> {
        Optional<Network> network = network(value);
        if (network.isEmpty()) {
          return Optional.of("'" + value + "' is not an IP address or CIDR range");
        }
        if (networks.stream().noneMatch(known -> known.text().equals(network.get().text()))) {
          networks.add(network.get());
        }
      }
    }
    return Optional.empty();
  }

  boolean remove(Kind kind, String value) {
    return switch (kind) {
      case SUBJECT -> subjects.remove(value);
      case AGENT -> agents.remove(value);
      case NETWORK -> network(value).map(n -> networks.removeIf(known -> known.text().equals(n.text()))).orElse(false);
    };
  }

  List<Entry> entries() {
    List<Entry> all = new java.util.ArrayList<>();
    subjects.stream().sorted().forEach(value -> all.add(new Entry(Kind.SUBJECT, value)));
    agents.stream().sorted().forEach(value -> all.add(new Entry(Kind.AGENT, value)));
    networks.forEach(network -> all.add(new Entry(Kind.NETWORK, network.text())));
    return all;
  }

  /** The entry that blocks this request, if any. */
  Optional<Entry> match(String subject, Optional<String> agent, Optional<String> ip) {
    if (subject != null && subjects.contains(subject)) {
      return Optional.of(new Entry(Kind.SUBJECT, subject));
    }
    if (agent.isPresent() && agents.contains(agent.get())) {
      return Optional.of(new Entry(Kind.AGENT, agent.get()));
    }
    if (ip.isPresent() && !networks.isEmpty()) {
      Optional<byte[]> address = literal(ip.get());
      if (address.isEmpty()) {
        return Optional.of(new Entry(Kind.NETWORK, "unreadable address " + ip.get()));
      }
      for (Network network : networks) {
        if (network.contains(address.get())) {
          return Optional.of(new Entry(Kind.NETWORK, network.text()));
        }
      }
    }
    return Optional.empty();
  }

  static Optional<Network> network(String text) {
    String[] parts = text.trim().split("/", 2);
    Optional<byte[]> address = literal(parts[0]);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int max = address.get().length * 8;
    int prefix = max;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (prefix < 0 || prefix > max) {
        return Optional.empty();
      }
    }
    return Optional.of(new Network(text.trim(), address.get(), prefix));
  }

  /** The bytes of an IP literal; never a DNS lookup. IPv4-mapped IPv6 reads as IPv4. */
  private static Optional<byte[]> literal(String text) {
    String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(value).getAddress());
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
