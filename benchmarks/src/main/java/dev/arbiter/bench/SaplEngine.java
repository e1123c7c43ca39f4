package dev.arbiter.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sapl.api.interpreter.Val;
import io.sapl.api.pdp.AuthorizationDecision;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.api.pdp.Decision;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.interpreter.DefaultSAPLInterpreter;
import io.sapl.interpreter.functions.AnnotationFunctionContext;
import io.sapl.interpreter.pip.AnnotationAttributeContext;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;
import io.sapl.pdp.config.PDPConfiguration;
import io.sapl.prp.Document;
import io.sapl.prp.PrpUpdateEvent;
import io.sapl.prp.index.UpdateEventDrivenPolicyRetrievalPoint;
import io.sapl.prp.index.canonical.CanonicalImmutableParsedDocumentIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;

/**
 * SAPL's embedded PDP ({@code sapl-pdp-embedded}) with its policies held in memory: one SAPL document
 * per rule and per grant, combined deny-overrides, the blocklist as a PDP variable. A decision is
 * {@code decide(subscription).blockFirst()} on a subscription built beforehand.
 *
 * <p>Index: SAPL 3.0's factory ({@code PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint},
 * and its filesystem and resources PDPs too) always uses the naive index, which evaluates every
 * document's target; that is what this engine measures by default ({@code -Dbench.sapl.index=naive}).
 * The same jar has a canonical index ({@code CanonicalImmutableParsedDocumentIndex}) that no factory
 * method wires in; {@code -Dbench.sapl.index=canonical} builds the PDP configuration around it by hand
 * (empty function and attribute contexts: the policies call no function and no attribute finder).
 * It answers correctly up to 500 grants, but from 1,000 grants on every decision dies with a {@code
 * StackOverflowError} inside a chain of Reactor {@code flatMap}s whose depth grows with the number
 * of distinct target predicates (here one per grant).
 */
public final class SaplEngine implements Engine {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final EmbeddedPolicyDecisionPoint pdp;

  public SaplEngine(Scenario scenario) throws Exception {
    ArrayNode blocked = JSON.arrayNode();
    Scenario.BLOCKED.forEach(blocked::add);
    Map<String, Val> variables = new HashMap<>();
    variables.put("blocked", Val.of(blocked));
    String index = System.getProperty("bench.sapl.index", "naive");
    pdp = switch (index) {
      case "naive" -> PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(documents(scenario),
          PolicyDocumentCombiningAlgorithm.DENY_OVERRIDES, variables);
      case "canonical" -> canonical(documents(scenario), variables);
      default -> throw new IllegalArgumentException("-Dbench.sapl.index is canonical or naive, not " + index);
    };
  }

  private static EmbeddedPolicyDecisionPoint canonical(List<String> documents, Map<String, Val> variables)
      throws Exception {
    AnnotationFunctionContext functions = new AnnotationFunctionContext();
    AnnotationAttributeContext attributes = new AnnotationAttributeContext();
    DefaultSAPLInterpreter interpreter = new DefaultSAPLInterpreter();
    List<PrpUpdateEvent.Update> updates = new ArrayList<>(documents.size());
    for (String text : documents) {
      Document document = interpreter.parseDocument(text);
      if (document.isInvalid()) {
        throw new IllegalStateException("SAPL rejects a document: " + document.errorMessage() + "\n" + text);
      }
      updates.add(new PrpUpdateEvent.Update(PrpUpdateEvent.Type.PUBLISH, document));
    }
    UpdateEventDrivenPolicyRetrievalPoint prp = new CanonicalImmutableParsedDocumentIndex(attributes, functions)
        .apply(new PrpUpdateEvent(updates));
    PDPConfiguration configuration = new PDPConfiguration("bench", attributes, functions, variables,
        PolicyDocumentCombiningAlgorithm.DENY_OVERRIDES, UnaryOperator.identity(), UnaryOperator.identity(), prp);
    return new EmbeddedPolicyDecisionPoint(() -> Flux.just(configuration));
  }

  /** The SAPL documents: the general rules, then a policy per grant. */
  public static List<String> documents(Scenario scenario) {
    List<String> documents = new ArrayList<>(scenario.policies() + 4);
    documents.add("""
        policy "blocklist"
        deny subject.id in blocked
        """);
    documents.add("""
        policy "risky-after-hours"
        deny action == "tools/call"
        where
          resource.risk >= 4;
          environment.hour < 8 || environment.hour >= 18;
          !("oncall" in subject.roles);
        """);
    documents.add("""
        policy "admins"
        permit action == "tools/call"
        where
          "admin" in subject.roles;
          resource.tenant == subject.tenant;
        """);
    documents.add("""
        policy "scoped-users"
        permit action == "tools/call"
        where
          resource.tenant == subject.tenant;
          subject.clearance >= resource.risk;
          resource.required_scopes[?(!(@ in subject.scopes))] == [];
        """);
    for (int k = 0; k < scenario.policies(); k++) {
      Scenario.Grant grant = scenario.grant(k);
      documents.add("policy \"grant-" + k + "\"\npermit subject.id == \"" + grant.subject() + "\" & resource.id == \""
          + grant.tool() + "\" & action == \"tools/call\"\n");
    }
    return documents;
  }

  @Override
  public Object prepare(Scenario.Call call) {
    Scenario.Subject s = call.subject();
    ObjectNode subject = JSON.objectNode();
    subject.put("id", s.id());
    ArrayNode roles = subject.putArray("roles");
    s.roles().forEach(roles::add);
    subject.put("tenant", s.tenant());
    subject.put("clearance", s.clearance());
    ArrayNode scopes = subject.putArray("scopes");
    s.scopes().forEach(scopes::add);
    Scenario.Tool t = call.tool();
    ObjectNode resource = JSON.objectNode();
    resource.put("id", t.id());
    resource.put("server", t.server());
    resource.put("tenant", t.tenant());
    resource.put("risk", t.risk());
    ArrayNode required = resource.putArray("required_scopes");
    t.requiredScopes().forEach(required::add);
    ObjectNode environment = JSON.objectNode();
    environment.put("hour", call.hour());
    environment.put("ip", call.ip());
    ObjectNode arguments = environment.putObject("arguments");
    call.arguments().forEach(arguments::put);
    return new AuthorizationSubscription(subject, JSON.textNode(call.action()), resource, environment);
  }

  @Override
  public boolean decide(Object prepared) {
    AuthorizationDecision decision = pdp.decide((AuthorizationSubscription) prepared).blockFirst();
    return decision != null && decision.getDecision() == Decision.PERMIT;
  }

  @Override
  public void close() {
    pdp.destroy();
  }
}
