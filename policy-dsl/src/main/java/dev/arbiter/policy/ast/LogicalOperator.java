package dev.arbiter.policy.ast;

public enum LogicalOperator {
  AND("and"),
  OR("or");

  private final String symbol;

  LogicalOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
