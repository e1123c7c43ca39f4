package dev.arbiter.bench;

/**
 * One policy engine loaded with a {@link Scenario}. Construction does everything an application does
 * once (parse, check, compile, index); {@link #prepare} turns a call into the engine's own request
 * form, as the caller would before asking; {@link #decide} is the one thing the benchmark times.
 */
public interface Engine extends AutoCloseable {
  /** The engine's request for {@code call}, built outside the timed section. */
  Object prepare(Scenario.Call call);

  /** Asks the engine: {@code true} for permit, {@code false} for anything else. */
  boolean decide(Object prepared);

  @Override
  default void close() throws Exception {}

  /** The engine called {@code name} ({@code arbiter, cedar, authzforce, jcasbin, sapl}), loaded with {@code scenario}. */
  static Engine create(String name, Scenario scenario) throws Exception {
    return switch (name) {
      case "arbiter" -> new ArbiterEngine(scenario);
      case "cedar" -> new CedarEngine(scenario);
      case "authzforce" -> new AuthzForceEngine(scenario);
      case "jcasbin" -> new JCasbinEngine(scenario);
      case "sapl" -> new SaplEngine(scenario);
      default -> throw new IllegalArgumentException("unknown engine `" + name
          + "`; expected arbiter, cedar, authzforce, jcasbin or sapl");
    };
  }
}
