package dev.arbiter.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.DecisionType;
import org.ow2.authzforce.core.pdp.api.AttributeFqn;
import org.ow2.authzforce.core.pdp.api.AttributeFqns;
import org.ow2.authzforce.core.pdp.api.DecisionRequest;
import org.ow2.authzforce.core.pdp.api.DecisionRequestBuilder;
import org.ow2.authzforce.core.pdp.api.value.AttributeBag;
import org.ow2.authzforce.core.pdp.api.value.Bags;
import org.ow2.authzforce.core.pdp.api.value.IntegerValue;
import org.ow2.authzforce.core.pdp.api.value.StandardDatatypes;
import org.ow2.authzforce.core.pdp.api.value.StringValue;
import org.ow2.authzforce.core.pdp.impl.BasePdpEngine;
import org.ow2.authzforce.core.pdp.impl.PdpEngineConfiguration;

/**
 * AuthzForce CE, an XACML 3.0 PDP, through its embedded native API: the policy is generated as one
 * XACML {@code PolicySet} (deny-overrides) with a {@code Policy} per rule and per grant, loaded once
 * by a static policy provider, and requests are built in AuthzForce's native model beforehand
 * ({@code DecisionRequestBuilder}) so the timed call is {@code BasePdpEngine.evaluate} alone: no XML
 * or JSON. No decision cache (that would measure a cache), no XPath, no attribute providers: every
 * attribute, the tool's included, travels in the request.
 */
public final class AuthzForceEngine implements Engine {
  static final String SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
  static final String RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
  static final String ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
  static final String ENVIRONMENT = "urn:oasis:names:tc:xacml:3.0:attribute-category:environment";
  static final String SUBJECT_ID = "urn:oasis:names:tc:xacml:1.0:subject:subject-id";
  static final String ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role";
  static final String RESOURCE_ID = "urn:oasis:names:tc:xacml:1.0:resource:resource-id";
  static final String ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";
  static final String TENANT = "urn:arbiter:bench:tenant";
  static final String CLEARANCE = "urn:arbiter:bench:clearance";
  static final String SCOPE = "urn:arbiter:bench:scope";
  static final String SERVER = "urn:arbiter:bench:server";
  static final String RISK = "urn:arbiter:bench:risk";
  static final String REQUIRED_SCOPE = "urn:arbiter:bench:required-scope";
  static final String HOUR = "urn:arbiter:bench:hour";
  static final String IP = "urn:arbiter:bench:ip";
  static final String ARGUMENT_PATH = "urn:arbiter:bench:argument:path";
  private static final String STRING = "http://www.w3.org/2001/XMLSchema#string";
  private static final String INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
  private static final String FN = "urn:oasis:names:tc:xacml:1.0:function:";

  private static final AttributeFqn F_SUBJECT_ID = fqn(SUBJECT, SUBJECT_ID);
  private static final AttributeFqn F_ROLE = fqn(SUBJECT, ROLE);
  private static final AttributeFqn F_SUBJECT_TENANT = fqn(SUBJECT, TENANT);
  private static final AttributeFqn F_CLEARANCE = fqn(SUBJECT, CLEARANCE);
  private static final AttributeFqn F_SCOPE = fqn(SUBJECT, SCOPE);
  private static final AttributeFqn F_RESOURCE_ID = fqn(RESOURCE, RESOURCE_ID);
  private static final AttributeFqn F_SERVER = fqn(RESOURCE, SERVER);
  private static final AttributeFqn F_RESOURCE_TENANT = fqn(RESOURCE, TENANT);
  private static final AttributeFqn F_RISK = fqn(RESOURCE, RISK);
  private static final AttributeFqn F_REQUIRED_SCOPE = fqn(RESOURCE, REQUIRED_SCOPE);
  private static final AttributeFqn F_ACTION_ID = fqn(ACTION, ACTION_ID);
  private static final AttributeFqn F_HOUR = fqn(ENVIRONMENT, HOUR);
  private static final AttributeFqn F_IP = fqn(ENVIRONMENT, IP);
  private static final AttributeFqn F_PATH = fqn(ENVIRONMENT, ARGUMENT_PATH);

  private final Path directory;
  private final BasePdpEngine pdp;

  public AuthzForceEngine(Scenario scenario) throws IOException {
    directory = Files.createTempDirectory("arbiter-bench-authzforce");
    Path policy = directory.resolve("policy.xml");
    try (Writer out = Files.newBufferedWriter(policy, StandardCharsets.UTF_8)) {
      writePolicySet(scenario, out);
    }
    Path pdpXml = directory.resolve("pdp.xml");
    Files.writeString(pdpXml, """
        <?xml version="1.0" encoding="UTF-8"?>
        <pdp xmlns="http://authzforce.github.io/core/xmlns/pdp/8" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="8.1">
          <policyProvider id="bench" xsi:type="StaticPolicyProvider">
            <policyLocation>%s</policyLocation>
          </policyProvider>
          <rootPolicyRef>mcp</rootPolicyRef>
        </pdp>
        """.formatted(policy.toUri()), StandardCharsets.UTF_8);
    pdp = new BasePdpEngine(PdpEngineConfiguration.getInstance(pdpXml.toUri().toString()));
  }

  private static AttributeFqn fqn(String category, String id) {
    return AttributeFqns.newInstance(category, Optional.empty(), id);
  }

  /** The XACML 3.0 policy: one deny-overrides {@code PolicySet} of one {@code Policy} per rule and grant. */
  public static void writePolicySet(Scenario scenario, Appendable out) throws IOException {
    out.append("""
        <?xml version="1.0" encoding="UTF-8"?>
        <PolicySet xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicySetId="mcp" Version="1.0"
            PolicyCombiningAlgId="urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:deny-overrides">
          <Target/>
        """);
    String denyOverrides = "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides";
    // blocklist
    out.append("<Policy PolicyId=\"blocklist\" Version=\"1.0\" RuleCombiningAlgId=\"").append(denyOverrides)
        .append("\"><Target/><Rule RuleId=\"blocked-subject\" Effect=\"Deny\"><Condition>")
        .append("<Apply FunctionId=\"").append(FN).append("string-at-least-one-member-of\">")
        .append(designator(SUBJECT, SUBJECT_ID, STRING))
        .append("<Apply FunctionId=\"").append(FN).append("string-bag\">");
    for (String blocked : Scenario.BLOCKED) {
      out.append(value(STRING, blocked));
    }
    out.append("</Apply></Apply></Condition></Rule></Policy>\n");
    // risky after hours
    out.append("<Policy PolicyId=\"risky-after-hours\" Version=\"1.0\" RuleCombiningAlgId=\"").append(denyOverrides)
        .append("\"><Target>").append(anyOfAll(match(ACTION, ACTION_ID, Scenario.CALL))).append("</Target>")
        .append("<Rule RuleId=\"outside-working-hours\" Effect=\"Deny\"><Condition><Apply FunctionId=\"").append(FN).append("and\">")
        .append(apply("integer-greater-than-or-equal", one("integer", RESOURCE, RISK), value(INTEGER, "4")))
        .append(apply("or", apply("integer-less-than", one("integer", ENVIRONMENT, HOUR), value(INTEGER, "8")),
            apply("integer-greater-than-or-equal", one("integer", ENVIRONMENT, HOUR), value(INTEGER, "18"))))
        .append(apply("not", apply("string-is-in", value(STRING, "oncall"), designator(SUBJECT, ROLE, STRING))))
        .append("</Apply></Condition></Rule></Policy>\n");
    // admins
    out.append("<Policy PolicyId=\"admins\" Version=\"1.0\" RuleCombiningAlgId=\"").append(denyOverrides)
        .append("\"><Target>").append(anyOfAll(match(ACTION, ACTION_ID, Scenario.CALL)))
        .append(anyOfAll(match(SUBJECT, ROLE, "admin"))).append("</Target>")
        .append("<Rule RuleId=\"admin-call\" Effect=\"Permit\"><Condition>")
        .append(apply("string-equal", one("string", RESOURCE, TENANT), one("string", SUBJECT, TENANT)))
        .append("</Condition></Rule></Policy>\n");
    // scoped users
    out.append("<Policy PolicyId=\"scoped-users\" Version=\"1.0\" RuleCombiningAlgId=\"").append(denyOverrides)
        .append("\"><Target>").append(anyOfAll(match(ACTION, ACTION_ID, Scenario.CALL))).append("</Target>")
        .append("<Rule RuleId=\"scoped\" Effect=\"Permit\"><Condition><Apply FunctionId=\"").append(FN).append("and\">")
        .append(apply("string-equal", one("string", RESOURCE, TENANT), one("string", SUBJECT, TENANT)))
        .append(apply("string-subset", designator(RESOURCE, REQUIRED_SCOPE, STRING), designator(SUBJECT, SCOPE, STRING)))
        .append(apply("integer-greater-than-or-equal", one("integer", SUBJECT, CLEARANCE), one("integer", RESOURCE, RISK)))
        .append("</Apply></Condition></Rule></Policy>\n");
    // the grants
    for (int k = 0; k < scenario.policies(); k++) {
      Scenario.Grant grant = scenario.grant(k);
      out.append("<Policy PolicyId=\"grant-").append(String.valueOf(k)).append("\" Version=\"1.0\" RuleCombiningAlgId=\"")
          .append(denyOverrides).append("\"><Target>")
          .append(anyOfAll(match(SUBJECT, SUBJECT_ID, grant.subject()) + match(RESOURCE, RESOURCE_ID, grant.tool())
              + match(ACTION, ACTION_ID, Scenario.CALL)))
          .append("</Target><Rule RuleId=\"grant\" Effect=\"Permit\"/></Policy>\n");
    }
    out.append("</PolicySet>\n");
  }

  private static String anyOfAll(String matches) {
    return "<AnyOf><AllOf>" + matches + "</AllOf></AnyOf>";
  }

  private static String match(String category, String id, String text) {
    return "<Match MatchId=\"" + FN + "string-equal\">" + value(STRING, text) + designator(category, id, STRING) + "</Match>";
  }

  private static String value(String type, String text) {
    return "<AttributeValue DataType=\"" + type + "\">" + text + "</AttributeValue>";
  }

  private static String designator(String category, String id, String type) {
    return "<AttributeDesignator Category=\"" + category + "\" AttributeId=\"" + id + "\" DataType=\"" + type
        + "\" MustBePresent=\"false\"/>";
  }

  private static String one(String type, String category, String id) {
    return apply(type + "-one-and-only", designator(category, id, type.equals("string") ? STRING : INTEGER));
  }

  private static String apply(String function, String... arguments) {
    return "<Apply FunctionId=\"" + FN + function + "\">" + String.join("", arguments) + "</Apply>";
  }

  @Override
  public Object prepare(Scenario.Call call) {
    Scenario.Subject s = call.subject();
    Scenario.Tool tool = call.tool();
    DecisionRequestBuilder<?> builder = pdp.newRequestBuilder(4, 14);
    builder.putNamedAttributeIfAbsent(F_SUBJECT_ID, string(s.id()));
    putStrings(builder, F_ROLE, s.roles());
    builder.putNamedAttributeIfAbsent(F_SUBJECT_TENANT, string(s.tenant()));
    builder.putNamedAttributeIfAbsent(F_CLEARANCE, integer(s.clearance()));
    putStrings(builder, F_SCOPE, s.scopes());
    builder.putNamedAttributeIfAbsent(F_RESOURCE_ID, string(tool.id()));
    builder.putNamedAttributeIfAbsent(F_SERVER, string(tool.server()));
    builder.putNamedAttributeIfAbsent(F_RESOURCE_TENANT, string(tool.tenant()));
    builder.putNamedAttributeIfAbsent(F_RISK, integer(tool.risk()));
    putStrings(builder, F_REQUIRED_SCOPE, tool.requiredScopes());
    builder.putNamedAttributeIfAbsent(F_ACTION_ID, string(call.action()));
    builder.putNamedAttributeIfAbsent(F_HOUR, integer(call.hour()));
    builder.putNamedAttributeIfAbsent(F_IP, string(call.ip()));
    builder.putNamedAttributeIfAbsent(F_PATH, string(call.arguments().getOrDefault("path", "")));
    return builder.build(false);
  }

  private static AttributeBag<?> string(String value) {
    return Bags.singletonAttributeBag(StandardDatatypes.STRING, new StringValue(value));
  }

  private static AttributeBag<?> integer(long value) {
    return Bags.singletonAttributeBag(StandardDatatypes.INTEGER, IntegerValue.valueOf(value));
  }

  private static void putStrings(DecisionRequestBuilder<?> builder, AttributeFqn name, List<String> values) {
    if (!values.isEmpty()) {
      builder.putNamedAttributeIfAbsent(name,
          Bags.newAttributeBag(StandardDatatypes.STRING, values.stream().map(StringValue::new).toList()));
    }
  }

  @Override
  public boolean decide(Object prepared) {
    return pdp.evaluate((DecisionRequest) prepared).getDecision() == DecisionType.PERMIT;
  }

  @Override
  public void close() throws IOException {
    pdp.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
