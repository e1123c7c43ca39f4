package dev.arbiter.policy.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Built-ins agree with `==` on what is equal, and count characters as `size` does. */
class EqualitySemanticsTest {
  private static Object call(String name, Object... arguments) {
    return Builtins.lookup(name).orElseThrow().implementation().apply(arguments);
  }

  @Test
  void setOperationsCompareIntsAndDecimalsByValue() {
    Object ints = Values.set(List.of(1L, 2L));
    Object decimal = Values.set(List.of(new BigDecimal("1")));
    assertThat(call("intersection", ints, decimal)).isEqualTo(Values.set(List.of(1L)));
    assertThat((java.util.Collection<?>) call("union", ints, decimal)).hasSize(2);
    assertThat(call("difference", ints, decimal)).isEqualTo(Values.set(List.of(2L)));
  }

  @Test
  void globCountsCodePointsLikeSize() {
    assertThat(call("glob", "😀", "?")).isEqualTo(true);
    assertThat(call("glob", "😀", "??")).isEqualTo(false);
  }

  @Test
  void domainsWithATrailingDotStillMatch() {
    assertThat(call("hostInDomains", "a.example.com", Values.set(List.of("example.com.")))).isEqualTo(true);
  }

  @Test
  void relativeUrlsHaveNoHost() {
    assertThatThrownBy(() -> call("urlHost", "//example.com/x")).isInstanceOf(EvaluationError.class)
        .hasMessageContaining("no scheme");
  }

  @Test
  void anIpv4MappedAddressIsThatIpv4Address() {
    assertThat(IpRange.of("::ffff:10.0.0.1")).isEqualTo(IpRange.of("10.0.0.1"));
    assertThat(IpRange.of("::ffff:10.0.0.1")).hasToString("10.0.0.1");
  }

  @Test
  void aListEqualsASetLiteralWithTheSameElementsInOrder() {
    assertThat(Values.equal(List.of("a", "b"), Values.set(List.of("a", "b")))).isTrue();
    assertThat(Values.equal(List.of("a", "b"), Values.set(List.of("b", "a")))).isFalse();
  }
}
