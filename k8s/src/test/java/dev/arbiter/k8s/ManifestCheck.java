package dev.arbiter.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything that must hold of a {@code k8s/} directory, as one list of violations: each manifest
 * parses with the Kubernetes model and uses no field it does not know, each kustomization names
 * files that exist, and the base and each overlay render to objects that keep the
 * {@link Invariants}.
 */
final class ManifestCheck {
  /** The renderings, and whether the Secrets they name may be created outside the manifests. */
  static final Map<String, Boolean> RENDERINGS = Map.of("base", true, "overlays/dev", false, "overlays/prod", true);

  private ManifestCheck() {}

  static List<String> violations(Path k8s) {
    List<String> violations = new ArrayList<>();
    for (Path file : Manifests.yamlFiles(k8s)) {
      violations.addAll(fileViolations(k8s, file));
    }
    RENDERINGS.forEach((rendering, secretsMayBeExternal) -> {
      try {
        List<HasMetadata> objects = render(k8s.resolve(rendering));
        Invariants.check(objects, secretsMayBeExternal).forEach(v -> violations.add(rendering + ": " + v));
      } catch (RuntimeException e) {
        violations.add(rendering + ": does not render: " + reason(e));
      }
    });
    return violations;
  }

  /** The objects a kustomization directory renders to, as Kubernetes model objects. */
  static List<HasMetadata> render(Path dir) {
    return Kustomize.render(dir).stream().map(Manifests::typed).toList();
  }

  /** What is wrong with one file on its own. */
  static List<String> fileViolations(Path k8s, Path file) {
    String name = k8s.relativize(file).toString();
    if (file.getFileName().toString().equals(Manifests.KUSTOMIZATION)) {
      return Kustomize.missingFiles(file).stream().map(v -> name + ": " + v.substring(v.indexOf(": ") + 2)).toList();
    }
    List<String> violations = new ArrayList<>();
    try {
      for (var document : Manifests.documents(file)) {
        HasMetadata object = Manifests.typed(document);
        if (!Manifests.knownKind(object)) {
          violations.add(name + ": the Kubernetes model does not know " + object.getApiVersion() + " " + object.getKind());
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
          violations.add(name + ": " + object.getKind() + " has no name");
        }
        Manifests.unknownFields(object).forEach(field -> violations.add(name + ": " + field));
      }
    } catch (RuntimeException e) {
      violations.add(name + ": does not parse: " + reason(e));
    }
    return violations;
  }

  /** The innermost cause's message: fabric8 wraps Jackson's precise one in "An error has occurred". */
  private static String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    return message.lines().findFirst().orElse(message);
  }
}
