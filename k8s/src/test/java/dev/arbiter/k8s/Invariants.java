package dev.arbiter.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What must hold of one rendering of the manifests (the base, or an overlay): every workload is
 * probed, bounded, non-root on a read-only root file system, with a pinned image; the PDP is
 * wired consistently to its Service, disruption budget, autoscaler, network policy and
 * configuration. {@link #check} lists what is broken, one message each, so that a test can show
 * both that nothing is and that each breakage is caught.
 */
final class Invariants {
  static final String PDP = "arbiter-pdp";
  static final String READY = "/q/health/ready";
  static final String LIVE = "/q/health/live";
  static final String PEP_LABEL = "arbiter.dev/pep";
  static final int MIN_REPLICAS = 3;
  static final int DNS_PORT = 53;
  static final int DATABASE_PORT = 5432;
  /** Where the PDP must be able to write with a read-only root file system. */
  static final List<String> WRITABLE_DIRS = List.of("/tmp", "/var/lib/arbiter/audit");

  private final List<HasMetadata> objects;
  private final boolean secretsMayBeExternal;
  private final List<String> violations = new ArrayList<>();

  private Invariants(List<HasMetadata> objects, boolean secretsMayBeExternal) {
    this.objects = objects;
    this.secretsMayBeExternal = secretsMayBeExternal;
  }

  /**
   * The broken invariants of one rendering.
   *
   * @param secretsMayBeExternal whether Secrets the workloads name may be created outside the
   *     manifests (production); otherwise each must be part of the rendering
   */
  static List<String> check(List<HasMetadata> objects, boolean secretsMayBeExternal) {
    Invariants invariants = new Invariants(objects, secretsMayBeExternal);
    invariants.workloads();
    invariants.pdp();
    invariants.services();
    return List.copyOf(invariants.violations);
  }

  // ---------------------------------------------------------------- every workload

  private void workloads() {
    for (HasMetadata workload : all(HasMetadata.class)) {
      podTemplate(workload).ifPresent(template -> {
        String name = describe(workload);
        if (!matches(selector(workload), template.getMetadata().getLabels())) {
          violations.add(name + ": its selector does not match its own pod template's labels");
        }
        pod(name, template.getSpec(), workload instanceof StatefulSet set
            ? set.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).toList()
            : List.of());
      });
    }
  }

  private void pod(String name, PodSpec pod, List<String> claimTemplates) {
    if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
      violations.add(name + ": pods get a Kubernetes API token (set automountServiceAccountToken: false)");
    }
    PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
    if (podSecurity.getSeccompProfile() == null || !"RuntimeDefault".equals(podSecurity.getSeccompProfile().getType())) {
      violations.add(name + ": no RuntimeDefault seccomp profile");
    }
    List<String> volumes = new ArrayList<>(pod.getVolumes().stream().map(Volume::getName).toList());
    volumes.addAll(claimTemplates);
    for (Container container : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
      String where = name + " container " + container.getName();
      image(where, container.getImage());
      boolean init = pod.getInitContainers().contains(container);
      if (!init && container.getReadinessProbe() == null) {
        violations.add(where + ": no readiness probe");
      }
      if (!init && container.getLivenessProbe() == null) {
        violations.add(where + ": no liveness probe");
      }
      resources(where, container.getResources());
      security(where, podSecurity, Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext()));
      for (VolumeMount mount : container.getVolumeMounts()) {
        if (!volumes.contains(mount.getName())) {
          violations.add(where + ": mounts `" + mount.getName() + "`, but there is no volume named so");
        }
      }
      for (EnvVar variable : container.getEnv()) {
        String upper = variable.getName().toUpperCase();
        if (variable.getValue() != null && (upper.contains("PASSWORD") || upper.contains("SECRET") || upper.contains("TOKEN"))) {
          violations.add(where + ": " + variable.getName() + " has a literal value; take it from a Secret");
        }
        if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
          secret(where, variable.getValueFrom().getSecretKeyRef().getName());
        }
      }
      for (EnvFromSource source : container.getEnvFrom()) {
        if (source.getConfigMapRef() != null && configMap(source.getConfigMapRef().getName()).isEmpty()) {
          violations.add(where + ": takes its environment from ConfigMap `" + source.getConfigMapRef().getName()
              + "`, which is not part of the manifests");
        }
        if (source.getSecretRef() != null) {
          secret(where, source.getSecretRef().getName());
        }
      }
    }
    for (Volume volume : pod.getVolumes()) {
      if (volume.getSecret() != null) {
        secret(name + " volume " + volume.getName(), volume.getSecret().getSecretName());
      }
    }
  }

  private void image(String where, String image) {
    if (image == null || image.isBlank()) {
      violations.add(where + ": no image");
      return;
    }
    if (image.contains("@sha256:")) {
      return; // a digest pins the image more firmly than any tag
    }
    String name = Kustomize.imageName(image);
    if (name.equals(image)) {
      violations.add(where + ": image `" + image + "` has no tag, which means `latest`");
    } else if (image.substring(name.length() + 1).equals("latest")) {
      violations.add(where + ": image `" + image + "` has the tag `latest`, which names no one build");
    }
  }

  private void resources(String where, ResourceRequirements resources) {
    for (String resource : List.of("cpu", "memory")) {
      Quantity request = resources == null ? null : resources.getRequests().get(resource);
      Quantity limit = resources == null ? null : resources.getLimits().get(resource);
      if (request == null) {
        violations.add(where + ": no " + resource + " request");
      }
      if (limit == null) {
        violations.add(where + ": no " + resource + " limit");
      }
      if (request != null && limit != null && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
        violations.add(where + ": its " + resource + " request exceeds its limit");
      }
    }
  }

  private void security(String where, PodSecurityContext pod, SecurityContext container) {
    Boolean nonRoot = container.getRunAsNonRoot() != null ? container.getRunAsNonRoot() : pod.getRunAsNonRoot();
    Long user = container.getRunAsUser() != null ? container.getRunAsUser() : pod.getRunAsUser();
    if (!Boolean.TRUE.equals(nonRoot) || Long.valueOf(0).equals(user)) {
      violations.add(where + ": may run as root (runAsNonRoot must be true, runAsUser not 0)");
    }
    if (!Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
      violations.add(where + ": its root file system is writable (readOnlyRootFilesystem must be true)");
    }
    if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
      violations.add(where + ": may escalate privileges (allowPrivilegeEscalation must be false)");
    }
    if (Boolean.TRUE.equals(container.getPrivileged())) {
      violations.add(where + ": is privileged");
    }
    if (container.getCapabilities() == null || !container.getCapabilities().getDrop().contains("ALL")
        || !container.getCapabilities().getAdd().isEmpty()) {
      violations.add(where + ": keeps Linux capabilities (drop ALL, add none)");
    }
  }

  private void secret(String where, String name) {
    if (!secretsMayBeExternal && all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().equals(name))) {
      violations.add(where + ": names Secret `" + name + "`, which is not part of the manifests");
    }
  }

  // ---------------------------------------------------------------- the PDP and what surrounds it

  private void pdp() {
    Optional<Deployment> found = all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(PDP)).findFirst();
    if (found.isEmpty()) {
      violations.add("no Deployment `" + PDP + "`");
      return;
    }
    Deployment deployment = found.get();
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    Map<String, String> podLabels = template.getMetadata().getLabels();
    int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    if (replicas < MIN_REPLICAS) {
      violations.add(describe(deployment) + ": " + replicas + " replicas, fewer than " + MIN_REPLICAS);
    }
    Container container = template.getSpec().getContainers().getFirst();
    probePath(describe(deployment) + " readiness probe", container.getReadinessProbe(), READY);
    probePath(describe(deployment) + " liveness probe", container.getLivenessProbe(), LIVE);
    for (String dir : WRITABLE_DIRS) {
      boolean writable = container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals(dir)
          && !Boolean.TRUE.equals(mount.getReadOnly())
          && template.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals(mount.getName()) && v.getEmptyDir() != null));
      if (!writable) {
        violations.add(describe(deployment) + ": no writable emptyDir mounted at " + dir);
      }
    }
    configuration(deployment, container);
    autoscaler(deployment, replicas);
    disruptionBudget(deployment, podLabels, replicas);
    networkPolicy(podLabels);
    if (all(Service.class).stream().noneMatch(s -> s.getMetadata().getName().equals(PDP))) {
      violations.add("no Service `" + PDP + "`");
    }
  }

  private void probePath(String where, Probe probe, String path) {
    HTTPGetAction get = probe == null ? null : probe.getHttpGet();
    if (probe != null && (get == null || !path.equals(get.getPath()))) {
      violations.add(where + ": must be an HTTP GET of " + path);
    }
  }

  private void configuration(Deployment deployment, Container container) {
    Map<String, String> settings = new HashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        configMap(source.getConfigMapRef().getName()).ifPresent(map -> settings.putAll(map.getData()));
      }
    }
    String where = describe(deployment) + " configuration";
    expect(where, settings, "ARBITER_STORE", "postgres");
    expect(where, settings, "ARBITER_AUTH_MODE", "jwt");
    String url = settings.getOrDefault("QUARKUS_DATASOURCE_REACTIVE_URL", "");
    if (!url.startsWith("postgresql://")) {
      violations.add(where + ": QUARKUS_DATASOURCE_REACTIVE_URL must be a postgresql:// URL, found `" + url + "`");
    }
    String keyLocation = settings.getOrDefault("ARBITER_AUTH_JWT_KEY_LOCATION", "");
    if (!keyLocation.startsWith("https://") && container.getVolumeMounts().stream()
        .noneMatch(mount -> keyLocation.startsWith(mount.getMountPath() + "/"))) {
      violations.add(where + ": ARBITER_AUTH_JWT_KEY_LOCATION `" + keyLocation + "` is neither an https URL nor in a mounted volume");
    }
    // the root file system is read-only: a file-store audit trail elsewhere could not be written
    String auditFile = settings.getOrDefault("ARBITER_AUDIT_FILE", "");
    if (container.getVolumeMounts().stream().noneMatch(mount -> !Boolean.TRUE.equals(mount.getReadOnly())
        && auditFile.startsWith(mount.getMountPath() + "/"))) {
      violations.add(where + ": ARBITER_AUDIT_FILE `" + auditFile + "` is not in a writable mounted volume");
    }
    for (String credential : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
      boolean fromSecret = container.getEnv().stream().anyMatch(v -> v.getName().equals(credential)
          && v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null);
      if (!fromSecret || settings.containsKey(credential)) {
        violations.add(where + ": " + credential + " must come from a Secret, and only from there");
      }
    }
    // in a rendering with its own database, the URL names that database's Service
    if (!all(StatefulSet.class).isEmpty() && url.startsWith("postgresql://")) {
      String host = url.substring("postgresql://".length()).split("[:/?]", 2)[0];
      if (all(Service.class).stream().noneMatch(s -> s.getMetadata().getName().equals(host))) {
        violations.add(where + ": the database host `" + host + "` is no Service of the manifests");
      }
    }
  }

  private void expect(String where, Map<String, String> settings, String key, String value) {
    if (!value.equals(settings.get(key))) {
      violations.add(where + ": " + key + " must be `" + value + "`, found `" + settings.get(key) + "`");
    }
  }

  private void autoscaler(Deployment deployment, int replicas) {
    List<HorizontalPodAutoscaler> autoscalers = all(HorizontalPodAutoscaler.class);
    if (autoscalers.isEmpty()) {
      violations.add("no HorizontalPodAutoscaler for `" + PDP + "`");
    }
    for (HorizontalPodAutoscaler hpa : autoscalers) {
      var target = hpa.getSpec().getScaleTargetRef();
      boolean scalesPdp = "Deployment".equals(target.getKind()) && "apps/v1".equals(target.getApiVersion())
          && PDP.equals(target.getName());
      if (!scalesPdp) {
        violations.add(describe(hpa) + ": scales " + target.getKind() + " `" + target.getName() + "`, not Deployment `" + PDP + "`");
        continue;
      }
      int min = Optional.ofNullable(hpa.getSpec().getMinReplicas()).orElse(1);
      if (min < MIN_REPLICAS || min > hpa.getSpec().getMaxReplicas() || replicas < min || replicas > hpa.getSpec().getMaxReplicas()) {
        violations.add(describe(hpa) + ": minReplicas " + min + " and maxReplicas " + hpa.getSpec().getMaxReplicas()
            + " must hold the Deployment's " + replicas + " replicas, with at least " + MIN_REPLICAS);
      }
    }
  }

  private void disruptionBudget(Deployment deployment, Map<String, String> podLabels, int replicas) {
    List<PodDisruptionBudget> budgets = all(PodDisruptionBudget.class).stream()
        .filter(b -> matches(b.getSpec().getSelector(), podLabels)).toList();
    if (budgets.isEmpty()) {
      violations.add("no PodDisruptionBudget selects the pods of `" + PDP + "`");
    }
    int fewest = Math.min(replicas, all(HorizontalPodAutoscaler.class).stream()
        .map(h -> Optional.ofNullable(h.getSpec().getMinReplicas()).orElse(1)).min(Integer::compare).orElse(replicas));
    for (PodDisruptionBudget budget : budgets) {
      IntOrString minAvailable = budget.getSpec().getMinAvailable();
      if (minAvailable == null || minAvailable.getIntVal() == null || minAvailable.getIntVal() < 1) {
        violations.add(describe(budget) + ": minAvailable must be a number of at least 1, found " + (minAvailable == null ? null : minAvailable.getValue()));
      } else if (minAvailable.getIntVal() >= fewest) {
        violations.add(describe(budget) + ": minAvailable " + minAvailable.getIntVal() + " of " + fewest
            + " replicas blocks every voluntary disruption, node drains included");
      }
    }
    for (PodDisruptionBudget budget : all(PodDisruptionBudget.class)) {
      if (all(HasMetadata.class).stream().map(Invariants::podTemplate).flatMap(Optional::stream)
          .noneMatch(t -> matches(budget.getSpec().getSelector(), t.getMetadata().getLabels()))) {
        violations.add(describe(budget) + ": selects no pods of the manifests");
      }
    }
  }

  private void networkPolicy(Map<String, String> podLabels) {
    List<NetworkPolicy> policies = all(NetworkPolicy.class).stream()
        .filter(p -> matches(p.getSpec().getPodSelector(), podLabels)).toList();
    if (policies.isEmpty()) {
      violations.add("no NetworkPolicy selects the pods of `" + PDP + "`");
    }
    for (NetworkPolicy policy : policies) {
      String where = describe(policy);
      if (!Set.copyOf(policy.getSpec().getPolicyTypes()).equals(Set.of("Ingress", "Egress"))) {
        violations.add(where + ": must restrict both Ingress and Egress");
      }
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        boolean onlyPeps = !rule.getFrom().isEmpty() && rule.getFrom().stream().allMatch(this::pepNamespace);
        if (!onlyPeps) {
          violations.add(where + ": admits ingress from anything but namespaces labelled " + PEP_LABEL + "=true");
        }
      }
      for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
        Set<Integer> ports = Set.copyOf(rule.getPorts().stream().map(NetworkPolicyPort::getPort)
            .map(p -> p == null ? -1 : Optional.ofNullable(p.getIntVal()).orElse(-1)).toList());
        boolean dns = ports.equals(Set.of(DNS_PORT));
        boolean database = ports.equals(Set.of(DATABASE_PORT));
        if (rule.getTo().isEmpty() || !(dns || database)) {
          violations.add(where + ": allows egress beyond DNS (" + DNS_PORT + ") and the database (" + DATABASE_PORT
              + ") to named peers, ports " + ports);
        }
      }
    }
  }

  private boolean pepNamespace(NetworkPolicyPeer peer) {
    return peer.getIpBlock() == null && peer.getPodSelector() == null && peer.getNamespaceSelector() != null
        && "true".equals(peer.getNamespaceSelector().getMatchLabels().get(PEP_LABEL))
        && peer.getNamespaceSelector().getMatchExpressions().isEmpty();
  }

  // ---------------------------------------------------------------- services

  private void services() {
    for (Service service : all(Service.class)) {
      List<PodTemplateSpec> selected = all(HasMetadata.class).stream().map(Invariants::podTemplate).flatMap(Optional::stream)
          .filter(t -> !service.getSpec().getSelector().isEmpty()
              && t.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
          .toList();
      if (selected.isEmpty()) {
        violations.add(describe(service) + ": its selector " + service.getSpec().getSelector() + " selects no pods of the manifests");
        continue;
      }
      for (ServicePort port : service.getSpec().getPorts()) {
        if (port.getName() == null || port.getName().isBlank()) {
          violations.add(describe(service) + ": port " + port.getPort() + " has no name");
        }
        IntOrString target = port.getTargetPort();
        boolean served = selected.stream().flatMap(t -> t.getSpec().getContainers().stream())
            .flatMap(c -> c.getPorts().stream()).anyMatch(p -> targets(target, port, p));
        if (!served) {
          violations.add(describe(service) + ": port " + port.getName() + " targets " + (target == null ? port.getPort() : target.getValue())
              + ", but no container port named or numbered so");
        }
      }
    }
    Optional<Service> pdp = all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(PDP)).findFirst();
    pdp.ifPresent(service -> {
      Set<String> names = Set.copyOf(service.getSpec().getPorts().stream().map(p -> String.valueOf(p.getName())).toList());
      if (!names.containsAll(Set.of("http", "grpc"))) {
        violations.add(describe(service) + ": must name an `http` and a `grpc` port, found " + names);
      }
    });
  }

  private static boolean targets(IntOrString target, ServicePort port, ContainerPort containerPort) {
    if (target == null) {
      return Objects.equals(containerPort.getContainerPort(), port.getPort());
    }
    return target.getStrVal() != null ? target.getStrVal().equals(containerPort.getName())
        : Objects.equals(target.getIntVal(), containerPort.getContainerPort());
  }

  // ---------------------------------------------------------------- helpers

  private static Optional<PodTemplateSpec> podTemplate(HasMetadata object) {
    return switch (object) {
      case Deployment d -> Optional.of(d.getSpec().getTemplate());
      case StatefulSet s -> Optional.of(s.getSpec().getTemplate());
      default -> Optional.empty();
    };
  }

  private static LabelSelector selector(HasMetadata workload) {
    return switch (workload) {
      case Deployment d -> d.getSpec().getSelector();
      case StatefulSet s -> s.getSpec().getSelector();
      default -> throw new IllegalArgumentException(workload.getKind());
    };
  }

  /** Whether a selector of matchLabels selects these labels; a selector with expressions is not understood here. */
  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return selector != null && selector.getMatchExpressions().isEmpty() && !selector.getMatchLabels().isEmpty()
        && labels != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  private Optional<ConfigMap> configMap(String name) {
    return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
  }

  private <T> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getName();
  }
}
