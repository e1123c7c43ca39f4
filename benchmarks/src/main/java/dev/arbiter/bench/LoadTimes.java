package dev.arbiter.bench;

/**
 * Prints how long each engine takes to load the scenario (parse, compile, index: everything done
 * once), and checks it answers the two benchmark requests. Not a benchmark: one cold run each.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.arbiter.bench.LoadTimes 100000 arbiter cedar authzforce jcasbin sapl
 * }</pre>
 */
public final class LoadTimes {
  private LoadTimes() {}

  public static void main(String[] args) throws Exception {
    int policies = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    String[] engines = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"arbiter", "cedar", "authzforce", "jcasbin", "sapl"};
    Scenario scenario = Scenario.generate(policies);
    for (String name : engines) {
      long start = System.nanoTime();
      try (Engine engine = Engine.create(name, scenario)) {
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean base = engine.decide(engine.prepare(scenario.base()));
        boolean gen = engine.decide(engine.prepare(scenario.gen()));
        System.out.printf("%-10s %,9d grants: loaded in %8.2f s; base %s, gen %s%n", name, policies, seconds,
            base ? "permit" : "DENY", gen ? "permit" : "DENY");
      } catch (Exception | OutOfMemoryError e) {
        System.out.printf("%-10s %,9d grants: failed after %.1f s: %s%n", name, policies,
            (System.nanoTime() - start) / 1e9, e);
      }
    }
  }
}
