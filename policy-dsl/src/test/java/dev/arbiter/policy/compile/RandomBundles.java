package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.diagnostic.SourceText;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.value.EntityUid;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random, well-typed bundles and requests over one schema, for differential testing. Targets lean
 * on what the index keys on (ids, types, action names, role membership, data sets) so indexes are
 * built and exercised; conditions mix in comparisons, arithmetic that can overflow, optional
 * attributes, hierarchy membership and dynamically typed context values that fail at run time.
 */
final class RandomBundles {
  static final String SCHEMA = """
      package diff.schema

      schema {
        subject user {
          role: string,
          roles: set<string>,
          level: int,
          dept: string,
          tags?: set<string>,
        }
        subject service {
          level: int,
        }
        resource doc in [folder] {
          owner: string,
          level: int,
          dept: string,
          public?: bool,
        }
        resource folder in [folder] {
          owner: string,
          level: int,
          dept: string,
        }
        context {
          hour: int,
          extra: any,
        }
        data admins: set<string>
        obligation log(level: int)
        obligation tag(name: string)
        advice note(text: string)
      }
      """;

  static final String DATA = """
      {
        "entities": [
          {"type": "folder", "id": "f0", "properties": {"owner": "u0", "level": 1, "dept": "eng"}},
          {"type": "folder", "id": "f1", "properties": {"owner": "u1", "level": 2, "dept": "ops"}, "parents": [{"type": "folder", "id": "f0"}]},
          {"type": "folder", "id": "f2", "properties": {"owner": "u2", "level": 3, "dept": "eng"}, "parents": [{"type": "folder", "id": "f1"}]},
          {"type": "doc", "id": "d0", "properties": {"owner": "u0", "level": 1, "dept": "eng", "public": true}, "parents": [{"type": "folder", "id": "f2"}]},
          {"type": "doc", "id": "d1", "properties": {"owner": "u3", "level": 4, "dept": "ops"}, "parents": [{"type": "folder", "id": "f1"}]},
          {"type": "user", "id": "u9", "properties": {"role": "admin", "roles": ["admin", "r1"], "level": 5, "dept": "eng"}}
        ],
        "values": {"admins": ["u0", "u9"]}
      }
      """;

  private static final String[] ACTIONS = {"a0", "a1", "a2", "a3", "a4"};
  private static final String[] ROLES = {"r0", "r1", "r2", "admin"};
  private static final String[] DEPTS = {"eng", "ops", "sales"};

  private final SplittableRandom random;
  private int ids;

  RandomBundles(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A bundle of about {@code policies} policies, in nested sets with random algorithms. */
  BundleSource bundle(int policies) {
    List<SourceText> files = new ArrayList<>();
    files.add(new SourceText("schema.pol", SCHEMA));
    files.add(new SourceText("common.pol", """
        package diff.common

        def privileged = subject.id in data.admins
        def working = context.hour in 8..17
        """));
    StringBuilder text = header();
    int general = policies > 100 ? 4 : policies;
    int remaining = general;
    while (remaining > 0) {
      int size = Math.min(remaining, 1 + random.nextInt(Math.min(remaining, 12)));
      text.append(set(size, 0)).append('\n');
      remaining -= size;
    }
    files.add(new SourceText("policies.pol", text.toString()));
    // a large bundle is mostly grants to one subject on one resource, as large bundles are in practice
    int grants = policies - general;
    for (int file = 0; grants > 0; file++) {
      int size = Math.min(grants, 2_000); // files stay under the parser's 1 MiB limit
      files.add(new SourceText("grants" + file + ".pol", header().append(grants(size)).toString()));
      grants -= size;
    }
    String root = policies > 100 ? "deny-overrides" : algorithm();
    String manifest = "{\"name\": \"diff\", \"combine\": \"" + root + "\"}";
    return new BundleSource("<random>", Optional.of(new SourceText("bundle.json", manifest)), files, List.of(),
        List.of(new SourceText("data.json", DATA)), List.of());
  }

  private static StringBuilder header() {
    return new StringBuilder("package diff.policies\n\nimport diff.common as common\n\n");
  }

  private String set(int policies, int depth) {
    StringBuilder out = new StringBuilder();
    out.append("policyset \"s").append(ids++).append("\" combine ").append(algorithm()).append(" {\n");
    if (random.nextInt(4) == 0) {
      out.append("  target ").append(target()).append('\n');
    }
    if (random.nextInt(6) == 0) {
      out.append("  on ").append(random.nextBoolean() ? "permit" : "deny").append(" obligation tag(name: \"set\")\n");
    }
    int remaining = policies;
    while (remaining > 0) {
      if (depth < 2 && remaining > 3 && random.nextInt(6) == 0) {
        int size = 1 + random.nextInt(Math.min(remaining, 20));
        out.append(set(size, depth + 1));
        remaining -= size;
      } else {
        out.append(policy());
        remaining--;
      }
    }
    return out.append("}\n").toString();
  }

  /** A set of grants: each policy targets one subject, resource and action. */
  private String grants(int count) {
    StringBuilder out = new StringBuilder("policyset \"grants").append(ids++).append("\" combine ")
        .append(pick(new String[] {"deny-overrides", "permit-overrides", "first-applicable"})).append(" {\n");
    for (int i = 0; i < count; i++) {
      out.append("  policy \"g").append(ids++).append("\" {\n")
          .append("    target subject.id == \"u").append(random.nextInt(30)).append("\" and resource.id == \"")
          .append(random.nextBoolean() ? "d" : "f").append(random.nextInt(4)).append("\" and action.name == \"")
          .append(pick(ACTIONS)).append("\"\n")
          .append("    ").append(random.nextInt(5) == 0 ? "deny" : "permit");
      if (random.nextInt(3) == 0) {
        out.append(" when ").append(atom());
      }
      out.append("\n  }\n");
    }
    return out.append("}\n").toString();
  }

  private String policy() {
    StringBuilder out = new StringBuilder();
    String id = "p" + ids++;
    out.append("policy \"").append(id).append("\" combine ").append(algorithm()).append(" {\n");
    if (random.nextInt(5) != 0) {
      out.append("  target ").append(target()).append('\n');
    }
    boolean let = random.nextInt(4) == 0;
    if (let) {
      out.append("  let high = subject.level > ").append(random.nextInt(6)).append('\n');
    }
    if (random.nextInt(8) == 0) {
      out.append("  on permit advice note(text: \"").append(id).append("\")\n");
    }
    int rules = 1 + random.nextInt(3);
    for (int i = 0; i < rules; i++) {
      out.append("  ").append(random.nextBoolean() ? "permit" : "deny");
      if (random.nextInt(4) != 0) {
        out.append(" \"r").append(i).append('"');
      }
      if (random.nextInt(8) != 0) {
        out.append(" when ").append(let && random.nextBoolean() ? "high and " : "").append(condition(2));
      }
      out.append('\n');
      if (random.nextInt(3) == 0) {
        out.append("    obligation ").append(random.nextBoolean() ? "log(level: subject.level)" : "tag(name: \"" + id + "\")").append('\n');
      }
      if (random.nextInt(6) == 0) {
        out.append("    advice note(text: \"r").append(i).append("\")\n");
      }
    }
    return out.append("}\n").toString();
  }

  /** Mostly what an index keys on, sometimes not. */
  private String target() {
    List<String> conjuncts = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      conjuncts.add(switch (random.nextInt(9)) {
        case 0 -> "action.name == \"" + pick(ACTIONS) + "\"";
        case 1 -> "action.name in [\"" + pick(ACTIONS) + "\", \"" + pick(ACTIONS) + "\"]";
        case 2 -> "resource is " + (random.nextBoolean() ? "doc" : "folder");
        case 3 -> "subject.id == \"u" + random.nextInt(10) + "\"";
        case 4 -> "resource.id == \"d" + random.nextInt(4) + "\"";
        case 5 -> "subject is user and \"" + pick(ROLES) + "\" in subject.roles";
        case 6 -> "common.privileged";
        case 7 -> "subject.type == \"" + (random.nextBoolean() ? "user" : "service") + "\"";
        default -> condition(1);
      });
    }
    return String.join(" and ", conjuncts);
  }

  private String condition(int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return atom();
    }
    return switch (random.nextInt(5)) {
      case 0 -> condition(depth - 1) + " and " + condition(depth - 1);
      case 1 -> "(" + condition(depth - 1) + " or " + condition(depth - 1) + ")";
      case 2 -> "not (" + condition(depth - 1) + ")";
      case 3 -> "(if " + condition(depth - 1) + " then " + condition(depth - 1) + " else " + condition(depth - 1) + ")";
      default -> atom();
    };
  }

  private String atom() {
    return switch (random.nextInt(16)) {
      case 0 -> "subject.level >= resource.level";
      case 1 -> "subject.level + " + random.nextInt(4) + " > " + random.nextInt(8);
      case 2 -> "subject.level * 4611686018427387904 > 0"; // overflows from level 2
      case 3 -> "common.working";
      case 4 -> "context.extra == " + random.nextInt(4);
      case 5 -> "context.extra.x > " + random.nextInt(4); // fails unless extra is a record with x
      case 6 -> "resource is doc and resource has public and resource.public";
      case 7 -> "resource in folder::\"f" + random.nextInt(3) + "\"";
      case 8 -> "subject is user and subject.dept == resource.dept";
      case 9 -> "subject is user and subject.role == \"" + pick(ROLES) + "\"";
      case 10 -> "subject is user and subject has tags and subject.tags.containsAny([\"t0\", \"t1\"])";
      case 11 -> "resource.owner == subject.id";
      case 12 -> "subject.id in data.admins";
      case 13 -> "context.hour < " + random.nextInt(24);
      case 14 -> "action.name == \"" + pick(ACTIONS) + "\"";
      default -> random.nextBoolean() ? "true" : "false";
    };
  }

  private String algorithm() {
    CombiningAlgorithm[] all = CombiningAlgorithm.values();
    return all[random.nextInt(all.length)].keyword();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** A request: ids collide with the data's entities, attributes are sometimes missing or odd. */
  Request request() {
    boolean user = random.nextInt(5) != 0;
    Map<String, Object> subject = new LinkedHashMap<>();
    if (random.nextInt(10) != 0) {
      subject.put("level", random.nextInt(10) == 0 ? Long.MAX_VALUE : (long) random.nextInt(7));
    }
    if (user) {
      subject.put("role", pick(ROLES));
      List<Object> roles = new ArrayList<>();
      for (String role : ROLES) {
        if (random.nextInt(3) == 0) {
          roles.add(role);
        }
      }
      subject.put("roles", dev.arbiter.policy.value.Values.set(roles));
      if (random.nextInt(8) != 0) {
        subject.put("dept", pick(DEPTS));
      }
      if (random.nextBoolean()) {
        subject.put("tags", dev.arbiter.policy.value.Values.set(List.of("t" + random.nextInt(3))));
      }
    }
    boolean doc = random.nextInt(3) != 0;
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("owner", "u" + random.nextInt(10));
    if (random.nextInt(10) != 0) {
      resource.put("level", (long) random.nextInt(6));
    }
    resource.put("dept", pick(DEPTS));
    if (doc && random.nextBoolean()) {
      resource.put("public", random.nextBoolean());
    }
    Map<String, Object> context = new LinkedHashMap<>();
    if (random.nextInt(10) != 0) {
      context.put("hour", (long) random.nextInt(24));
    }
    context.put("extra", switch (random.nextInt(5)) {
      case 0 -> (long) random.nextInt(4);
      case 1 -> "x";
      case 2 -> Map.of("x", (long) random.nextInt(4));
      case 3 -> new BigDecimal("2.0");
      default -> List.of(1L);
    });
    String resourceId = doc ? "d" + random.nextInt(4) : "f" + random.nextInt(4);
    return new Request(
        new Request.Entity(new EntityUid(user ? "user" : "service", "u" + random.nextInt(10)), subject),
        Request.Action.of(pick(ACTIONS)),
        new Request.Entity(new EntityUid(doc ? "doc" : "folder", resourceId), resource),
        context);
  }
}
