package dev.arbiter.policy.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.ast.Expr;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PolicyParserSmokeTest {
  @Test
  void parsesAnExpression() {
    ParseResult<Expr> result = PolicyParser.parseExpression("e.pol", "subject.tenant == resource.tenant");
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.tree()).isPresent();
  }

  @Property(tries = 50)
  void neverThrowsOnArbitraryText(@ForAll String text) {
    assertThat(PolicyParser.parseExpression("e.pol", text)).isNotNull();
  }
}
