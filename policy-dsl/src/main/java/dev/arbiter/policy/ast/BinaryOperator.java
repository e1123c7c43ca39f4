package dev.arbiter.policy.ast;

/** Binary operators with their written symbol. Binding strengths are the grammar's. */
public enum BinaryOperator {
  MULTIPLY("*"),
  ADD("+"),
  SUBTRACT("-"),
  RANGE(".."),
  EQUAL("=="),
  NOT_EQUAL("!="),
  LESS("<"),
  LESS_OR_EQUAL("<="),
  GREATER(">"),
  GREATER_OR_EQUAL(">="),
  IN("in");

  private final String symbol;

  BinaryOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
