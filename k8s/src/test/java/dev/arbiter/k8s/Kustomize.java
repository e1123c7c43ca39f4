package dev.arbiter.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features the manifests
 * under {@code k8s/} use: {@code resources} (files and directories), {@code namespace},
 * {@code patches} (strategic merge, by path), {@code images} ({@code name}, {@code newName},
 * {@code newTag}) and the two generators ({@code literals}, {@code files}). Generated names keep no
 * hash suffix. Any other field is refused, so an overlay cannot use a feature these tests do not
 * understand; {@code ManifestsTest} compares the result with {@code kubectl kustomize} where kubectl
 * is installed.
 */
final class Kustomize {
  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches", "images",
      "secretGenerator", "configMapGenerator");

  /** The keys by which strategic merge matches list elements; a list not named here is replaced. */
  private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
      "env", "name", "volumes", "name", "volumeMounts", "mountPath", "topologySpreadConstraints", "topologyKey",
      "imagePullSecrets", "name");

  /** Kinds that belong to no namespace, so {@code namespace} leaves them alone. */
  private static final Set<String> CLUSTER_KINDS = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "PersistentVolume", "StorageClass", "CustomResourceDefinition");

  private Kustomize() {}

  /** Thrown when a kustomization cannot be rendered: a missing file, an unsupported field. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  /** The objects {@code dir}'s kustomization produces, as trees. */
  static List<Map<String, Object>> render(Path dir) {
    Path file = dir.resolve(Manifests.KUSTOMIZATION);
    if (!Files.isRegularFile(file)) {
      throw new Failure(dir + ": no " + Manifests.KUSTOMIZATION);
    }
    Map<String, Object> kustomization = Manifests.documents(file).getFirst();
    for (String field : kustomization.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new Failure(file + ": `" + field + "` is not supported by these tests; extend Kustomize");
      }
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String resource : strings(kustomization.get("resources"))) {
      Path path = existing(file, resource);
      objects.addAll(Files.isDirectory(path) ? render(path) : Manifests.documents(path));
    }
    for (Map<String, Object> generator : maps(kustomization.get("secretGenerator"))) {
      objects.add(generated(file, generator, "Secret"));
    }
    for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
      objects.add(generated(file, generator, "ConfigMap"));
    }
    for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
      if (!patch.keySet().equals(Set.of("path"))) {
        throw new Failure(file + ": only patches with a `path` are supported, found " + patch.keySet());
      }
      for (Map<String, Object> document : Manifests.documents(existing(file, (String) patch.get("path")))) {
        Map<String, Object> target = objects.stream().filter(o -> sameObject(o, document)).findFirst()
            .orElseThrow(() -> new Failure(file + ": patch " + patch.get("path") + " matches no object"));
        mergeInto(target, document);
      }
    }
    for (Map<String, Object> image : maps(kustomization.get("images"))) {
      objects.forEach(object -> retag(object, image));
    }
    if (kustomization.get("namespace") instanceof String namespace) {
      objects.stream().filter(o -> !CLUSTER_KINDS.contains(o.get("kind")))
          .forEach(o -> metadata(o).put("namespace", namespace));
    }
    return objects;
  }

  /** Every file a kustomization names that does not exist, as messages. */
  static List<String> missingFiles(Path kustomizationFile) {
    Map<String, Object> kustomization = Manifests.documents(kustomizationFile).getFirst();
    List<String> named = new ArrayList<>(strings(kustomization.get("resources")));
    maps(kustomization.get("patches")).forEach(patch -> named.add(String.valueOf(patch.get("path"))));
    for (Object generators : new Object[] {kustomization.get("secretGenerator"), kustomization.get("configMapGenerator")}) {
      for (Map<String, Object> generator : maps(generators)) {
        strings(generator.get("files")).forEach(entry -> named.add(entry.substring(entry.indexOf('=') + 1)));
      }
    }
    Path dir = kustomizationFile.getParent();
    return named.stream().filter(name -> !Files.exists(dir.resolve(name)))
        .map(name -> kustomizationFile + ": `" + name + "` does not exist").toList();
  }

  private static Map<String, Object> generated(Path file, Map<String, Object> generator, String kind) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (String literal : strings(generator.get("literals"))) {
      int equals = literal.indexOf('=');
      data.put(literal.substring(0, equals), encode(kind, literal.substring(equals + 1).getBytes()));
    }
    for (String entry : strings(generator.get("files"))) {
      int equals = entry.indexOf('=');
      Path source = existing(file, entry.substring(equals + 1));
      try {
        data.put(equals < 0 ? source.getFileName().toString() : entry.substring(0, equals), encode(kind, Files.readAllBytes(source)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", kind);
    object.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
    object.put("data", data);
    if (kind.equals("Secret")) {
      object.put("type", "Opaque");
    }
    return object;
  }

  private static String encode(String kind, byte[] value) {
    return kind.equals("Secret") ? Base64.getEncoder().encodeToString(value) : new String(value);
  }

  /** Strategic merge: maps merge, lists with a merge key merge element by element, other values are replaced. */
  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
    patch.forEach((key, value) -> {
      Object current = target.get(key);
      if (value == null) {
        target.remove(key);
      } else if (current instanceof Map<?, ?> currentMap && value instanceof Map<?, ?> patchMap) {
        mergeInto((Map<String, Object>) currentMap, (Map<String, Object>) patchMap);
      } else if (current instanceof List<?> currentList && value instanceof List<?> patchList && MERGE_KEYS.containsKey(key)) {
        target.put(key, mergeLists((List<Object>) currentList, (List<Object>) patchList, MERGE_KEYS.get(key)));
      } else {
        target.put(key, value);
      }
    });
  }

  /** The patch's elements first (merged into their counterparts), then the others, as kustomize orders them. */
  @SuppressWarnings("unchecked")
  private static List<Object> mergeLists(List<Object> current, List<Object> patch, String mergeKey) {
    List<Object> merged = new ArrayList<>();
    List<Object> rest = new ArrayList<>(current);
    for (Object element : patch) {
      Map<String, Object> patchElement = (Map<String, Object>) element;
      Object counterpart = rest.stream()
          .filter(c -> Objects.equals(((Map<String, Object>) c).get(mergeKey), patchElement.get(mergeKey)))
          .findFirst().orElse(null);
      if (counterpart != null) {
        rest.remove(counterpart);
        mergeInto((Map<String, Object>) counterpart, patchElement);
        merged.add(counterpart);
      } else {
        merged.add(patchElement);
      }
    }
    merged.addAll(rest);
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static void retag(Map<String, Object> object, Map<String, Object> image) {
    if (!Set.of("name", "newName", "newTag").containsAll(image.keySet())) {
      throw new Failure("images: only name, newName and newTag are supported, found " + image.keySet());
    }
    if (!(object.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> template)
        || !(template.get("spec") instanceof Map<?, ?> podSpec)) {
      return;
    }
    for (String field : List.of("containers", "initContainers")) {
      for (Map<String, Object> container : maps(podSpec.get(field))) {
        String reference = (String) container.get("image");
        String name = imageName(reference);
        if (name.equals(image.get("name"))) {
          String newName = (String) image.getOrDefault("newName", name);
          String tag = image.containsKey("newTag") ? ":" + image.get("newTag") : reference.substring(name.length());
          container.put("image", newName + tag);
        }
      }
    }
  }

  /** The image reference without its tag or digest. */
  static String imageName(String reference) {
    int at = reference.indexOf('@');
    String withoutDigest = at < 0 ? reference : reference.substring(0, at);
    int colon = withoutDigest.lastIndexOf(':');
    return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
  }

  private static boolean sameObject(Map<String, Object> a, Map<String, Object> b) {
    return Objects.equals(a.get("kind"), b.get("kind")) && Objects.equals(metadata(a).get("name"), metadata(b).get("name"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(Map<String, Object> object) {
    return (Map<String, Object>) object.computeIfAbsent("metadata", key -> new LinkedHashMap<>());
  }

  private static Path existing(Path kustomizationFile, String name) {
    Path path = kustomizationFile.getParent().resolve(name).normalize();
    if (!Files.exists(path)) {
      throw new Failure(kustomizationFile + ": `" + name + "` does not exist");
    }
    return path;
  }

  private static List<String> strings(Object list) {
    return list == null ? List.of() : ((List<?>) list).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    return list == null ? List.of() : (List<Map<String, Object>>) list;
  }
}
