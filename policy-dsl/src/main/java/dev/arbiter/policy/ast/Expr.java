package dev.arbiter.policy.ast;

import java.math.BigDecimal;
import java.util.List;

/**
 * An expression. {@code and} and {@code or} chains are n-ary ({@link Logical}), so long chains do
 * not make deep trees; a method call {@code a.f(b)} is the call {@code f(a, b)} that remembers how
 * it was written.
 */
public sealed interface Expr extends Node {

  /** A literal constant. */
  sealed interface Literal extends Expr {
    /** The value as the evaluator represents it: Boolean, Long, BigDecimal or String. */
    Object value();
  }

  record BoolLiteral(Span span, boolean bool) implements Literal {
    public BoolLiteral {
      Nodes.require(span, "span");
    }

    @Override
    public Object value() {
      return bool;
    }
  }

  record IntLiteral(Span span, long number) implements Literal {
    public IntLiteral {
      Nodes.require(span, "span");
    }

    @Override
    public Object value() {
      return number;
    }
  }

  /** A decimal literal; the scale is kept as written ({@code 1.50} stays {@code 1.50}). */
  record DecimalLiteral(Span span, BigDecimal number) implements Literal {
    public DecimalLiteral {
      Nodes.require(span, "span");
      Nodes.require(number, "number");
    }

    @Override
    public Object value() {
      return number;
    }
  }

  record StringLiteral(Span span, String text) implements Literal {
    public StringLiteral {
      Nodes.require(span, "span");
      Nodes.require(text, "text");
    }

    @Override
    public Object value() {
      return text;
    }
  }

  /** {@code subject}, {@code action}, {@code resource}, {@code context} or {@code data}. */
  record RootRef(Span span, Root root) implements Expr {
    public RootRef {
      Nodes.require(span, "span");
      Nodes.require(root, "root");
    }
  }

  /** A name: a {@code let} binding, a definition of this package, or an import. */
  record NameRef(Span span, String name) implements Expr {
    public NameRef {
      Nodes.require(span, "span");
      Nodes.require(name, "name");
    }
  }

  /** {@code base.name}: an attribute, or a definition of an imported package. */
  record MemberAccess(Span span, Expr base, String name) implements Expr {
    public MemberAccess {
      Nodes.require(span, "span");
      Nodes.require(base, "base");
      Nodes.require(name, "name");
    }
  }

  /** {@code base[index]}. */
  record IndexAccess(Span span, Expr base, Expr index) implements Expr {
    public IndexAccess {
      Nodes.require(span, "span");
      Nodes.require(base, "base");
      Nodes.require(index, "index");
    }
  }

  /**
   * {@code f(a, b)}, or {@code a.f(b)} when {@code methodSyntax}: in both the receiver is the first
   * argument.
   */
  record Call(Span span, String function, List<Expr> arguments, boolean methodSyntax)
      implements Expr {
    public Call {
      Nodes.require(span, "span");
      Nodes.require(function, "function");
      arguments = Nodes.copy(arguments, "arguments");
      if (methodSyntax && arguments.isEmpty()) {
        throw new IllegalArgumentException("a method call has a receiver");
      }
    }
  }

  record Unary(Span span, UnaryOperator operator, Expr operand) implements Expr {
    public Unary {
      Nodes.require(span, "span");
      Nodes.require(operator, "operator");
      Nodes.require(operand, "operand");
    }
  }

  record Binary(Span span, BinaryOperator operator, Expr left, Expr right) implements Expr {
    public Binary {
      Nodes.require(span, "span");
      Nodes.require(operator, "operator");
      Nodes.require(left, "left");
      Nodes.require(right, "right");
    }
  }

  /** {@code a and b and c} or {@code a or b or c}: at least two operands, evaluated left to right. */
  record Logical(Span span, LogicalOperator operator, List<Expr> operands) implements Expr {
    public Logical {
      Nodes.require(span, "span");
      Nodes.require(operator, "operator");
      operands = Nodes.copy(operands, "operands");
      if (operands.size() < 2) {
        throw new IllegalArgumentException("a logical chain has at least two operands");
      }
    }
  }

  /** {@code base has name}: whether an optional attribute is present. */
  record Has(Span span, Expr base, String attribute) implements Expr {
    public Has {
      Nodes.require(span, "span");
      Nodes.require(base, "base");
      Nodes.require(attribute, "attribute");
    }
  }

  /** {@code base is type}: whether an entity has the given type. */
  record Is(Span span, Expr base, String entityType) implements Expr {
    public Is {
      Nodes.require(span, "span");
      Nodes.require(base, "base");
      Nodes.require(entityType, "entityType");
    }
  }

  /** {@code if condition then a else b}. */
  record Conditional(Span span, Expr condition, Expr thenBranch, Expr elseBranch)
      implements Expr {
    public Conditional {
      Nodes.require(span, "span");
      Nodes.require(condition, "condition");
      Nodes.require(thenBranch, "thenBranch");
      Nodes.require(elseBranch, "elseBranch");
    }
  }

  /** {@code [a, b, c]}: a set. */
  record SetLiteral(Span span, List<Expr> elements) implements Expr {
    public SetLiteral {
      Nodes.require(span, "span");
      elements = Nodes.copy(elements, "elements");
    }
  }

  /** {@code { key: value, ... }}: a record, keys in written order. */
  record RecordLiteral(Span span, List<RecordEntry> entries) implements Expr {
    public RecordLiteral {
      Nodes.require(span, "span");
      entries = Nodes.copy(entries, "entries");
    }
  }

  record RecordEntry(Span span, String key, Expr value) implements Node {
    public RecordEntry {
      Nodes.require(span, "span");
      Nodes.require(key, "key");
      Nodes.require(value, "value");
    }
  }

  /** {@code tool::"filesystem/read_file"}: a reference to an entity of the bundle's data. */
  record EntityLiteral(Span span, String entityType, String id) implements Expr {
    public EntityLiteral {
      Nodes.require(span, "span");
      Nodes.require(entityType, "entityType");
      Nodes.require(id, "id");
    }
  }
}
