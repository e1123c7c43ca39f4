package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Import;
import dev.arbiter.policy.ast.LetBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The names visible at a point: {@code let}s of the enclosing elements, then the file's package and imports. */
final class Scope {
  /** An import of a file: the declaration and the package it names. */
  record ImportedPackage(Import declaration, String packageName) {}

  /** A file's package and its imports by local name. */
  record FileScope(String path, String packageName, Map<String, ImportedPackage> imports, boolean tests) {
    FileScope {
      imports = Map.copyOf(imports);
    }

    FileScope(String path, String packageName, Map<String, ImportedPackage> imports) {
      this(path, packageName, imports, false);
    }

    /** A {@code .poltest} file: no package, no imports, only constants. */
    static FileScope ofTests(String path) {
      return new FileScope(path, "", Map.of(), true);
    }
  }

  private final FileScope file;
  private final Scope parent;
  private final Map<String, LetBinding> lets = new LinkedHashMap<>();

  private Scope(FileScope file, Scope parent) {
    this.file = file;
    this.parent = parent;
  }

  static Scope of(FileScope file) {
    return new Scope(file, null);
  }

  Scope child() {
    return new Scope(file, this);
  }

  FileScope file() {
    return file;
  }

  Optional<LetBinding> let(String name) {
    for (Scope scope = this; scope != null; scope = scope.parent) {
      LetBinding let = scope.lets.get(name);
      if (let != null) {
        return Optional.of(let);
      }
    }
    return Optional.empty();
  }

  void declare(LetBinding let) {
    lets.put(let.name(), let);
  }

  List<String> letNames() {
    List<String> names = new ArrayList<>();
    for (Scope scope = this; scope != null; scope = scope.parent) {
      names.addAll(scope.lets.keySet());
    }
    return names;
  }
}
