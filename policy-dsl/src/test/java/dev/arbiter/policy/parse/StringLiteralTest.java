package dev.arbiter.policy.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.policy.ast.Expr;
import org.junit.jupiter.api.Test;

class StringLiteralTest {
  @Test
  void aUnicodeEscapeTakesExactlyFourDigits() {
    assertThat(text("\"\\u0041BC\"")).isEqualTo("ABC");
    assertThat(text("\"\\uD83D\\uDE00!\"")).isEqualTo("😀!");
  }

  @Test
  void halfASurrogatePairIsRefused() {
    ParseResult<Expr> result = PolicyParser.parseExpression("e.pol", "\"\\ud800\"");
    assertThat(result.diagnostics()).extracting(d -> d.code().id()).containsExactly("E004");
  }

  private static String text(String literal) {
    return ((Expr.StringLiteral) PolicyParser.parseExpression("e.pol", literal).tree().orElseThrow()).text();
  }
}
