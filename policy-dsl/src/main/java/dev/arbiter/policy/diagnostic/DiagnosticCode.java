package dev.arbiter.policy.diagnostic;

/**
 * The stable codes of every diagnostic. A code never changes meaning once released; {@code
 * docs/language.md} lists them all with an example each.
 *
 * <p>E001–E009 come from parsing, E010–E019 from names and structure, E020–E039 from types and
 * the schema, E040–E049 from data files and the bundle manifest, E050–E059 from policy tests, and
 * W001–W009 are lints.
 */
public enum DiagnosticCode {
  // parse
  SYNTAX_ERROR("E001", "syntax error"),
  UNTERMINATED_STRING("E002", "unterminated string"),
  UNEXPECTED_CHARACTER("E003", "unexpected character"),
  INVALID_ESCAPE("E004", "invalid escape sequence"),
  UNTERMINATED_COMMENT("E005", "unterminated block comment"),
  INPUT_TOO_LARGE("E006", "input too large"),
  NESTING_TOO_DEEP("E007", "nesting too deep"),
  NUMBER_OUT_OF_RANGE("E008", "number out of range"),
  UNREADABLE_FILE("E009", "unreadable file"),

  // names and structure
  UNKNOWN_IMPORT("E010", "unknown import"),
  IMPORT_CYCLE("E011", "import cycle"),
  UNKNOWN_NAME("E012", "unknown name"),
  DUPLICATE_POLICY_ID("E013", "duplicate policy id"),
  DUPLICATE_DECLARATION("E014", "duplicate declaration"),
  DEFINITION_CYCLE("E015", "definition cycle"),
  UNKNOWN_COMBINING_ALGORITHM("E016", "unknown combining algorithm"),
  MISSING_SCHEMA("E017", "missing schema"),

  // types and schema
  UNKNOWN_ATTRIBUTE("E020", "unknown attribute"),
  TYPE_MISMATCH("E021", "type mismatch"),
  UNKNOWN_FUNCTION("E022", "unknown function"),
  WRONG_ARITY("E023", "wrong number of arguments"),
  UNGUARDED_OPTIONAL_ATTRIBUTE("E024", "optional attribute without `has`"),
  INVALID_REGEX("E025", "invalid regular expression"),
  INVALID_LITERAL("E026", "invalid literal"),
  UNKNOWN_ENTITY_TYPE("E027", "unknown entity type"),
  UNKNOWN_ACTION("E028", "unknown action"),
  INVALID_SCHEMA("E029", "invalid schema"),
  UNKNOWN_OBLIGATION("E030", "unknown obligation"),
  INVALID_DIRECTIVE_ARGUMENTS("E031", "invalid obligation or advice arguments"),
  NOT_CONSTANT("E032", "constant expected"),

  // data and bundle
  MALFORMED_JSON("E040", "malformed JSON"),
  INVALID_DATA("E041", "invalid data file"),
  DATA_TYPE_MISMATCH("E042", "data does not match the schema"),
  DATA_UNKNOWN_ATTRIBUTE("E043", "unknown attribute in data"),
  DUPLICATE_ENTITY("E044", "duplicate entity"),
  UNKNOWN_PARENT("E045", "unknown parent entity"),
  HIERARCHY_CYCLE("E046", "entity hierarchy cycle"),
  DATA_VALUE_MISMATCH("E047", "data value missing or undeclared"),
  INVALID_MANIFEST("E048", "invalid bundle manifest"),
  HIERARCHY_TOO_DEEP("E049", "entity hierarchy too deep"),

  // tests
  INVALID_TEST("E050", "invalid test"),
  TEST_FAILED("E051", "test failed"),

  // lints
  UNREACHABLE_RULE("W001", "unreachable rule", Severity.WARNING),
  SHADOWED_RULE("W002", "shadowed rule", Severity.WARNING),
  DUPLICATE_CONDITION("W003", "duplicate condition", Severity.WARNING),
  UNUSED_IMPORT("W004", "unused import", Severity.WARNING),
  UNUSED_DATA("W005", "unused data", Severity.WARNING),
  UNUSED_BINDING("W006", "unused definition or binding", Severity.WARNING),
  UNKNOWN_ENTITY("W007", "entity not in the bundle's data", Severity.WARNING);

  private final String id;
  private final String title;
  private final Severity defaultSeverity;

  DiagnosticCode(String id, String title) {
    this(id, title, Severity.ERROR);
  }

  DiagnosticCode(String id, String title, Severity defaultSeverity) {
    this.id = id;
    this.title = title;
    this.defaultSeverity = defaultSeverity;
  }

  /** The stable identifier, such as {@code E012}. */
  public String id() {
    return id;
  }

  /** A short description of the whole class of problem. */
  public String title() {
    return title;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }
}
