package dev.arbiter.policy.ast;

/** Binary operators with their written symbol and binding strength (higher binds tighter). */
public enum BinaryOperator {
  MULTIPLY("*", 6),
  ADD("+", 5),
  SUBTRACT("-", 5),
  RANGE("..", 4),
  EQUAL("==", 3),
  NOT_EQUAL("!=", 3),
  LESS("<", 3),
  LESS_OR_EQUAL("<=", 3),
  GREATER(">", 3),
  GREATER_OR_EQUAL(">=", 3),
  IN("in", 3);

  private final String symbol;
  private final int precedence;

  BinaryOperator(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isComparison() {
    return precedence == 3 && this != IN;
  }
}
