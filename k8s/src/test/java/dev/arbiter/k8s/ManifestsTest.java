package dev.arbiter.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests under {@code k8s/} as they are: every file parses, every rendering keeps the invariants. */
class ManifestsTest {
  private static final Path K8S = Manifests.K8S;

  static List<Path> files() {
    return Manifests.yamlFiles(K8S);
  }

  static List<String> renderings() {
    return List.copyOf(new TreeSet<>(ManifestCheck.RENDERINGS.keySet()));
  }

  @Test
  void theManifestsKeepEveryInvariant() {
    assertThat(ManifestCheck.violations(K8S)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyFileParsesWithTheKubernetesModel(Path file) {
    assertThat(ManifestCheck.fileViolations(K8S, file)).isEmpty();
  }

  @Test
  void everyManifestIsRead() {
    Set<String> names = files().stream().map(f -> K8S.relativize(f).toString()).collect(Collectors.toSet());
    assertThat(names).contains("base/kustomization.yaml", "base/deployment.yaml", "base/service.yaml", "base/hpa.yaml",
        "base/pdb.yaml", "base/networkpolicy.yaml", "base/configmap.yaml", "overlays/dev/kustomization.yaml",
        "overlays/dev/postgres-statefulset.yaml", "overlays/prod/kustomization.yaml");
    assertThat(names).noneMatch(name -> name.startsWith("src") || name.startsWith("target"));
  }

  @Test
  void devRunsItsOwnPostgresqlAndProdDoesNot() {
    assertThat(ManifestCheck.render(K8S.resolve("overlays/dev"))).filteredOn(StatefulSet.class::isInstance)
        .extracting(o -> o.getMetadata().getName()).containsExactly("arbiter-postgres");
    assertThat(ManifestCheck.render(K8S.resolve("overlays/prod"))).noneMatch(StatefulSet.class::isInstance);
    assertThat(ManifestCheck.render(K8S.resolve("base"))).noneMatch(StatefulSet.class::isInstance);
  }

  @Test
  void prodRunsMoreAndLargerReplicasThanTheBase() {
    Deployment base = pdp(ManifestCheck.render(K8S.resolve("base")));
    Deployment prod = pdp(ManifestCheck.render(K8S.resolve("overlays/prod")));
    assertThat(prod.getSpec().getReplicas()).isGreaterThan(base.getSpec().getReplicas());
    for (String resource : List.of("cpu", "memory")) {
      assertThat(amount(prod, "requests", resource)).isGreaterThan(amount(base, "requests", resource));
      assertThat(amount(prod, "limits", resource)).isGreaterThan(amount(base, "limits", resource));
    }
    assertThat(config(ManifestCheck.render(K8S.resolve("overlays/prod"))).get("QUARKUS_DATASOURCE_REACTIVE_URL"))
        .doesNotContain("arbiter-postgres");
  }

  /** The image the Deployment runs is built to match it: its user, its port, a pinned base image. */
  @Test
  void theDockerfileMatchesTheDeployment() throws IOException {
    List<String> lines = Files.readAllLines(K8S.toAbsolutePath().normalize().resolveSibling("pdp-service/src/main/docker/Dockerfile.jvm"));
    Deployment deployment = pdp(ManifestCheck.render(K8S.resolve("base")));
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(lines).contains("USER " + pod.getSecurityContext().getRunAsUser());
    assertThat(lines).contains("EXPOSE " + pod.getContainers().getFirst().getPorts().getFirst().getContainerPort());
    String base = lines.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElseThrow().substring(5).trim();
    assertThat(base).isNotEqualTo(Kustomize.imageName(base)).doesNotEndWith(":latest");
    assertThat(lines).anyMatch(l -> l.startsWith("COPY") && l.contains("quarkus-app/lib/"))
        .anyMatch(l -> l.startsWith("COPY") && l.contains("quarkus-app/app/"))
        .anyMatch(l -> l.startsWith("COPY") && l.contains("quarkus-app/quarkus/"));
  }

  /**
   * The tests render overlays with their own {@link Kustomize}; where kubectl is installed, its
   * rendering must be the same (generated names compared without their hash suffix).
   */
  @ParameterizedTest
  @MethodSource("renderings")
  void renderingMatchesKubectlKustomize(String rendering) throws Exception {
    assumeTrue(kubectlAvailable(), "kubectl is not installed");
    Process process = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(rendering).toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    Path rendered = Files.createTempFile("kustomize", ".yaml");
    try {
      Files.write(rendered, output);
      List<Map<String, Object>> ours = Kustomize.render(K8S.resolve(rendering));
      Set<String> generated = ours.stream().filter(o -> Set.of("Secret", "ConfigMap").contains(o.get("kind")))
          .map(o -> (String) Kustomize.metadata(o).get("name")).collect(Collectors.toSet());
      assertThat(byKindAndName(Manifests.documents(rendered), generated)).isEqualTo(byKindAndName(ours, generated));
    } finally {
      Files.delete(rendered);
    }
  }

  private static Map<String, Object> byKindAndName(List<Map<String, Object>> objects, Set<String> generated) {
    Map<String, Object> byName = new TreeMap<>();
    for (Map<String, Object> object : objects) {
      String text = Serialization.asJson(object);
      for (String name : generated) {
        text = text.replaceAll("\"" + Pattern.quote(name) + "-[a-z0-9]{10}\"", "\"" + name + "\"");
      }
      Map<String, Object> normalized = Serialization.unmarshal(text, LinkedHashMap.class);
      if ("Secret".equals(normalized.get("kind")) && normalized.get("data") instanceof Map<?, ?> data) {
        Map<String, String> decoded = new TreeMap<>();
        data.forEach((key, value) -> decoded.put((String) key, new String(
            Base64.getDecoder().decode(((String) value).replaceAll("\\s", "")), StandardCharsets.UTF_8)));
        normalized.put("data", decoded);
      }
      byName.put(normalized.get("kind") + "/" + Kustomize.metadata(normalized).get("name"), normalized);
    }
    return byName;
  }

  private static boolean kubectlAvailable() {
    try {
      Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Deployment pdp(List<HasMetadata> objects) {
    return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .filter(d -> d.getMetadata().getName().equals(Invariants.PDP)).findFirst().orElseThrow();
  }

  private static BigDecimal amount(Deployment deployment, String kind, String resource) {
    var resources = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
    Quantity quantity = (kind.equals("requests") ? resources.getRequests() : resources.getLimits()).get(resource);
    return quantity.getNumericalAmount();
  }

  private static Map<String, String> config(List<HasMetadata> objects) {
    return objects.stream().filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filter(c -> c.getMetadata().getName().equals("arbiter-pdp-config")).findFirst().orElseThrow().getData();
  }
}
