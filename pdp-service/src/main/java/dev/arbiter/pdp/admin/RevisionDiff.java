package dev.arbiter.pdp.admin;

import dev.arbiter.pdp.store.BundleContents;
import dev.arbiter.pdp.store.BundleContents.PolicyText;
import dev.arbiter.pdp.store.RevisionStore.StoredRevision;
import dev.arbiter.policy.compile.CompiledBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * What changed from one revision to another: policies by id (added, removed, or changed, with a line
 * diff of the policy's text), and files by path (schema and data live in files, so their changes show
 * there).
 */
record RevisionDiff(long from, long to, List<PolicyChange> policies, List<FileChange> files) {
  enum Change {
    ADDED, REMOVED, CHANGED;

    String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code diff} is the unified diff of the policy's text, for a changed policy whose text is not too long. */
  record PolicyChange(String id, Change change, String file, Optional<String> diff) {}

  record FileChange(String path, Change change) {}

  static RevisionDiff between(StoredRevision from, CompiledBundle fromBundle, StoredRevision to,
      CompiledBundle toBundle) {
    SortedMap<String, PolicyText> before = BundleContents.of(fromBundle).policiesById();
    SortedMap<String, PolicyText> after = BundleContents.of(toBundle).policiesById();
    List<PolicyChange> policies = new ArrayList<>();
    for (String id : union(before.keySet(), after.keySet())) {
      PolicyText old = before.get(id);
      PolicyText now = after.get(id);
      if (old == null) {
        policies.add(new PolicyChange(id, Change.ADDED, now.file(), Optional.empty()));
      } else if (now == null) {
        policies.add(new PolicyChange(id, Change.REMOVED, old.file(), Optional.empty()));
      } else if (!old.text().equals(now.text())) {
        policies.add(new PolicyChange(id, Change.CHANGED, now.file(), LineDiff.unified(old.text(), now.text())));
      }
    }
    List<FileChange> files = new ArrayList<>();
    for (String path : union(from.files().keySet(), to.files().keySet())) {
      String old = from.files().get(path);
      String now = to.files().get(path);
      if (old == null) {
        files.add(new FileChange(path, Change.ADDED));
      } else if (now == null) {
        files.add(new FileChange(path, Change.REMOVED));
      } else if (!old.equals(now)) {
        files.add(new FileChange(path, Change.CHANGED));
      }
    }
    return new RevisionDiff(from.info().number(), to.info().number(), policies, files);
  }

  private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    TreeSet<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
