package dev.arbiter.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The YAML files under {@code k8s/}, read as plain trees and as fabric8 Kubernetes model objects. */
final class Manifests {
  /** The {@code k8s/} directory: Maven passes it; the module directory otherwise. */
  static final Path K8S = Path.of(System.getProperty("arbiter.k8s.dir", "."));

  static final String KUSTOMIZATION = "kustomization.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private Manifests() {}

  /** Every YAML file below {@code root}, but for the test module's own {@code src} and {@code target}. */
  static List<Path> yamlFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> !root.relativize(file).startsWith("src") && !root.relativize(file).startsWith("target"))
          .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a YAML file, each a tree of maps, lists and scalars. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(Path file) {
    try {
      List<Map<String, Object>> documents = new ArrayList<>();
      for (Object document : YAML.readerFor(Object.class).readValues(file.toFile()).readAll()) {
        if (document != null) {
          if (!(document instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(file + ": a document is not a YAML mapping");
          }
          documents.add((Map<String, Object>) document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes one document back, for tests that mutate a manifest. */
  static void write(Path file, Map<String, Object> document) {
    try {
      YAML.writeValue(file.toFile(), document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A document as the Kubernetes model object of its kind; a generic resource when the kind is unknown. */
  static HasMetadata typed(Map<String, Object> document) {
    KubernetesResource resource = Serialization.unmarshal(Serialization.asJson(document), KubernetesResource.class);
    if (!(resource instanceof HasMetadata typed)) {
      throw new IllegalArgumentException("not a Kubernetes object: " + document.get("kind"));
    }
    return typed;
  }

  /** Whether the model knows the kind, rather than keeping it as a generic resource. */
  static boolean knownKind(HasMetadata resource) {
    return !(resource instanceof GenericKubernetesResource);
  }

  /**
   * Fields the model does not know (a typo such as {@code readinesProbe}, or a value of the wrong
   * type): fabric8 keeps them aside as additional properties rather than failing, so they are
   * looked for here, in the whole object tree.
   */
  static List<String> unknownFields(Object model) {
    List<String> found = new ArrayList<>();
    unknownFields(model, "", found);
    return found;
  }

  private static void unknownFields(Object node, String path, List<String> found) {
    switch (node) {
      case null -> {}
      case Collection<?> elements -> {
        int index = 0;
        for (Object element : elements) {
          unknownFields(element, path + "[" + index++ + "]", found);
        }
      }
      case Map<?, ?> entries -> entries.forEach((key, value) -> unknownFields(value, path + "." + key, found));
      default -> {
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
          return;
        }
        for (Class<?> type = node.getClass(); type != Object.class; type = type.getSuperclass()) {
          for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
              continue;
            }
            field.setAccessible(true);
            Object value;
            try {
              value = field.get(node);
            } catch (IllegalAccessException e) {
              throw new IllegalStateException(e);
            }
            if (field.getName().equals("additionalProperties")) {
              if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                found.add((path.isEmpty() ? "" : path.substring(1) + ": ") + "unknown field(s) " + extra.keySet());
              }
            } else {
              unknownFields(value, path + "." + field.getName(), found);
            }
          }
        }
      }
    }
  }
}
