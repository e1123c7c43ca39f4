package dev.arbiter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each invariant is checked: a copy of {@code k8s/} with one thing broken must be reported, with a
 * message that names what broke.
 */
class MutationsTest {
  private static final String DEPLOYMENT = "base/deployment.yaml";
  private static final String CONTAINER = "spec.template.spec.containers[0]";
  private static final String POD = "spec.template.spec";

  @TempDir
  Path copy;

  /** One way to break the manifests, and the text the report must contain. */
  record Mutation(String name, Consumer<Path> breakIt, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeEach
  void copyTheManifests() throws IOException {
    for (String dir : List.of("base", "overlays")) {
      try (Stream<Path> files = Files.walk(Manifests.K8S.resolve(dir))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          copyFile(file);
        }
      }
    }
  }

  @Test
  void anUnbrokenCopyIsClean() {
    assertThat(ManifestCheck.violations(copy)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void eachBrokenInvariantIsReported(Mutation mutation) {
    mutation.breakIt().accept(copy);
    assertThat(ManifestCheck.violations(copy)).anySatisfy(violation -> assertThat(violation).contains(mutation.expected()));
  }

  static Stream<Mutation> mutations() {
    return Stream.of(
        // images
        set("an image tagged latest", DEPLOYMENT, CONTAINER + ".image", "ghcr.io/arbiter/pdp:latest", "has the tag `latest`"),
        set("an image without a tag", DEPLOYMENT, CONTAINER + ".image", "ghcr.io/arbiter/pdp", "has no tag"),
        set("prod pins latest", "overlays/prod/kustomization.yaml", "images[0].newTag", "latest",
            "overlays/prod: Deployment arbiter-pdp container pdp: image `ghcr.io/arbiter/pdp:latest` has the tag `latest`"),
        // probes
        remove("no readiness probe", DEPLOYMENT, CONTAINER + ".readinessProbe", "no readiness probe"),
        remove("no liveness probe on PostgreSQL", "overlays/dev/postgres-statefulset.yaml", CONTAINER + ".livenessProbe",
            "StatefulSet arbiter-postgres container postgres: no liveness probe"),
        set("readiness on the liveness endpoint", DEPLOYMENT, CONTAINER + ".readinessProbe.httpGet.path", "/q/health/live",
            "readiness probe: must be an HTTP GET of /q/health/ready"),
        // resources
        remove("no memory limit", DEPLOYMENT, CONTAINER + ".resources.limits.memory", "no memory limit"),
        remove("no CPU request", "overlays/dev/postgres-statefulset.yaml", CONTAINER + ".resources.requests.cpu", "no cpu request"),
        set("a request above the limit", DEPLOYMENT, CONTAINER + ".resources.requests.cpu", "4", "cpu request exceeds its limit"),
        // security context
        set("a container that may run as root", DEPLOYMENT, CONTAINER + ".securityContext.runAsNonRoot", false, "may run as root"),
        set("a pod that runs as UID 0", "overlays/dev/postgres-statefulset.yaml", POD + ".securityContext.runAsUser", 0, "may run as root"),
        set("a writable root file system", DEPLOYMENT, CONTAINER + ".securityContext.readOnlyRootFilesystem", false, "root file system is writable"),
        set("privilege escalation", DEPLOYMENT, CONTAINER + ".securityContext.allowPrivilegeEscalation", true, "may escalate privileges"),
        set("capabilities kept", DEPLOYMENT, CONTAINER + ".securityContext.capabilities.drop", List.of("NET_RAW"), "keeps Linux capabilities"),
        remove("no seccomp profile", DEPLOYMENT, POD + ".securityContext.seccompProfile", "seccomp"),
        remove("an API token in the pods", DEPLOYMENT, POD + ".automountServiceAccountToken", "API token"),
        // volumes
        remove("no writable /tmp", DEPLOYMENT, CONTAINER + ".volumeMounts[0]", "no writable emptyDir mounted at /tmp"),
        remove("a mount without its volume", DEPLOYMENT, POD + ".volumes[2]", "mounts `keys`, but there is no volume named so"),
        // configuration and secrets
        edit("a literal database password", DEPLOYMENT, doc -> {
          Map<String, Object> password = node(doc, CONTAINER + ".env[1]");
          password.remove("valueFrom");
          password.put("value", "hunter2");
        }, "QUARKUS_DATASOURCE_PASSWORD has a literal value"),
        set("the file store", "base/configmap.yaml", "data.ARBITER_STORE", "file", "ARBITER_STORE must be `postgres`"),
        set("no caller authentication", "base/configmap.yaml", "data.ARBITER_AUTH_MODE", "none", "ARBITER_AUTH_MODE must be `jwt`"),
        set("a datasource URL that is not PostgreSQL", "base/configmap.yaml", "data.QUARKUS_DATASOURCE_REACTIVE_URL", "mysql://db/arbiter",
            "must be a postgresql:// URL"),
        set("a database host dev does not run", "base/configmap.yaml", "data.QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db:5432/arbiter",
            "overlays/dev: Deployment arbiter-pdp configuration: the database host `db` is no Service"),
        set("a JWT key outside every mount", "base/configmap.yaml", "data.ARBITER_AUTH_JWT_KEY_LOCATION", "/etc/keys/idp.pem",
            "neither an https URL nor in a mounted volume"),
        set("an audit file on the read-only root", "base/configmap.yaml", "data.ARBITER_AUDIT_FILE", "/deployments/audit/decisions.jsonl",
            "ARBITER_AUDIT_FILE `/deployments/audit/decisions.jsonl` is not in a writable mounted volume"),
        edit("dev without its database secret", "overlays/dev/kustomization.yaml", doc -> list(doc, "secretGenerator").removeFirst(),
            "overlays/dev: Deployment arbiter-pdp container pdp: names Secret `arbiter-db-credentials`, which is not part"),
        // replicas, disruption budget, autoscaler
        set("two replicas", DEPLOYMENT, "spec.replicas", 2, "2 replicas, fewer than 3"),
        set("a budget of zero", "base/pdb.yaml", "spec.minAvailable", 0, "minAvailable must be a number of at least 1"),
        set("a budget that blocks node drains", "base/pdb.yaml", "spec.minAvailable", 3, "blocks every voluntary disruption"),
        set("prod's budget blocks node drains", "overlays/prod/pdb.yaml", "spec.minAvailable", 6, "overlays/prod: PodDisruptionBudget arbiter-pdp: minAvailable 6 of 6 replicas blocks"),
        set("a budget that selects nothing", "base/pdb.yaml", "spec.selector.matchLabels", Map.of("app", "pdp"),
            "no PodDisruptionBudget selects the pods"),
        set("an autoscaler of another Deployment", "base/hpa.yaml", "spec.scaleTargetRef.name", "arbiter-pdb", "not Deployment `arbiter-pdp`"),
        set("an autoscaler that scales down to one", "base/hpa.yaml", "spec.minReplicas", 1, "with at least 3"),
        // service
        set("a Service that selects nothing", "base/service.yaml", "spec.selector", Map.of("app.kubernetes.io/name", "arbiter"), "selects no pods"),
        set("a Service port aimed at no container port", "base/service.yaml", "spec.ports[1].targetPort", "grpc", "no container port named or numbered so"),
        remove("no gRPC port", "base/service.yaml", "spec.ports[1]", "must name an `http` and a `grpc` port"),
        // network policy
        edit("no NetworkPolicy", "base/kustomization.yaml", doc -> list(doc, "resources").remove("networkpolicy.yaml"),
            "no NetworkPolicy selects the pods of `arbiter-pdp`"),
        set("ingress from every namespace", "base/networkpolicy.yaml", "spec.ingress[0].from[0].namespaceSelector", Map.of(),
            "admits ingress from anything but namespaces labelled arbiter.dev/pep=true"),
        edit("egress to the internet", "base/networkpolicy.yaml", doc -> list(doc, "spec.egress").add(Map.of(
            "to", List.of(Map.of("ipBlock", Map.of("cidr", "0.0.0.0/0"))), "ports", List.of(Map.of("protocol", "TCP", "port", 443)))),
            "allows egress beyond DNS"),
        set("ingress only", "base/networkpolicy.yaml", "spec.policyTypes", List.of("Ingress"), "must restrict both Ingress and Egress"),
        // files and fields
        edit("a kustomization naming a missing file", "base/kustomization.yaml", doc -> list(doc, "resources").add("ingress.yaml"),
            "base/kustomization.yaml: `ingress.yaml` does not exist"),
        delete("a generator's missing file", "overlays/dev/idp-public-key.pem", "overlays/dev/kustomization.yaml: `idp-public-key.pem` does not exist"),
        edit("a misspelt field", DEPLOYMENT, doc -> {
          Map<String, Object> container = node(doc, CONTAINER);
          container.put("readinesProbe", container.remove("readinessProbe"));
        }, "unknown field(s) [readinesProbe]"),
        set("a field of the wrong type", "base/hpa.yaml", "spec.maxReplicas", "ten",
            "base/hpa.yaml: does not parse: Cannot deserialize value of type `java.lang.Integer` from String \"ten\""),
        set("a kustomize feature the tests do not know", "overlays/prod/kustomization.yaml", "commonLabels", Map.of("tier", "pdp"),
            "`commonLabels` is not supported"));
  }

  // ---------------------------------------------------------------- mutations

  private static Mutation set(String name, String file, String path, Object value, String expected) {
    return edit(name, file, doc -> {
      int dot = path.lastIndexOf('.');
      Map<String, Object> parent = dot < 0 ? doc : node(doc, path.substring(0, dot));
      parent.put(path.substring(dot + 1), value);
    }, expected);
  }

  private static Mutation remove(String name, String file, String path, String expected) {
    return edit(name, file, doc -> {
      int bracket = path.lastIndexOf('[');
      if (path.endsWith("]") && bracket > path.lastIndexOf('.')) {
        list(doc, path.substring(0, bracket)).remove(Integer.parseInt(path.substring(bracket + 1, path.length() - 1)));
      } else {
        int dot = path.lastIndexOf('.');
        node(doc, path.substring(0, dot)).remove(path.substring(dot + 1));
      }
    }, expected);
  }

  private static Mutation edit(String name, String file, Consumer<Map<String, Object>> change, String expected) {
    return new Mutation(name, dir -> {
      Path target = dir.resolve(file);
      Map<String, Object> document = Manifests.documents(target).getFirst();
      change.accept(document);
      Manifests.write(target, document);
    }, expected);
  }

  private static Mutation delete(String name, String file, String expected) {
    return new Mutation(name, dir -> {
      try {
        Files.delete(dir.resolve(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, expected);
  }

  // ---------------------------------------------------------------- navigating a document

  /** The map at a path such as {@code spec.template.spec.containers[0]}; missing maps are made on the way. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> node(Map<String, Object> document, String path) {
    Object current = document;
    for (String step : path.split("\\.")) {
      int bracket = step.indexOf('[');
      String key = bracket < 0 ? step : step.substring(0, bracket);
      Map<String, Object> map = (Map<String, Object>) current;
      current = map.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
      if (bracket >= 0) {
        current = ((List<Object>) current).get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
      }
    }
    return (Map<String, Object>) current;
  }

  /** The list at a path, made mutable in place. */
  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> document, String path) {
    int dot = path.lastIndexOf('.');
    Map<String, Object> parent = dot < 0 ? document : node(document, path.substring(0, dot));
    String key = path.substring(dot + 1);
    List<Object> mutable = new ArrayList<>((List<Object>) parent.get(key));
    parent.put(key, mutable);
    return mutable;
  }

  private void copyFile(Path file) throws IOException {
    Path target = copy.resolve(Manifests.K8S.relativize(file).toString());
    Files.createDirectories(target.getParent());
    Files.copy(file, target);
  }
}
