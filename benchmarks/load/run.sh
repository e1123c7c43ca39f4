#!/usr/bin/env bash
# The load benchmark in one command: Arbiter's PDP service (REST, gRPC) and Cerbos (REST, gRPC)
# under the same closed-loop load on loopback, one table. See benchmarks/README.md.
#
#   benchmarks/load/run.sh                      # the full run, about 5 minutes (plus a build the first time)
#   benchmarks/load/run.sh --concurrency 1,16 --measure-seconds 5 --targets arbiter-grpc,cerbos-grpc
#
# Builds pdp-service and benchmarks.jar when they are missing or older than the sources, fetches the
# pinned Cerbos server binary with npm into benchmarks/target/cerbos once, then runs
# dev.arbiter.bench.load.LoadBenchmark from the repository root with the arguments given here.
# Needs a JDK 21 or newer ($JAVA_HOME if it is one, else the newest under /usr/lib/jvm) and npm.
set -euo pipefail

cerbos_version=0.55.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

source "$root/bin/lib/java.sh"

# True when $1 is missing or a file under the other arguments is newer.
stale() {
  local target="$1"
  shift
  [ ! -f "$target" ] || [ -n "$(find "$@" -type f -newer "$target" -print -quit)" ]
}

cerbos_package() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "run.sh: Cerbos ships no npm binary for $(uname -s)" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "run.sh: Cerbos ships no npm binary for $(uname -m)" >&2; return 1 ;;
  esac
  echo "cerbos-$os-$arch"
}

java="$(find_java)" || { echo "run.sh: needs Java 21 or newer; set JAVA_HOME to a JDK 21+" >&2; exit 2; }

arbiter_jar=pdp-service/target/quarkus-app/quarkus-run.jar
bench_jar=benchmarks/target/benchmarks.jar
if stale "$arbiter_jar" pdp-service/src pdp-service/pom.xml policy-dsl/src pep-clients/proto \
  || stale "$bench_jar" benchmarks/src benchmarks/pom.xml policy-dsl/src pep-clients/proto; then
  echo "run.sh: building pdp-service and benchmarks (./mvnw package -DskipTests)" >&2
  JAVA_HOME="$(dirname "$(dirname "$java")")" ./mvnw -B -q -pl pdp-service,benchmarks -am package -DskipTests >&2
fi

package="$(cerbos_package)"
cerbos_dir=benchmarks/target/cerbos
cerbos="$cerbos_dir/$cerbos_version/package/$package"
if [ ! -x "$cerbos" ]; then
  command -v npm >/dev/null || { echo "run.sh: needs npm to fetch the Cerbos server (@cerbos/$package)" >&2; exit 2; }
  echo "run.sh: fetching @cerbos/$package@$cerbos_version with npm" >&2
  mkdir -p "$cerbos_dir/$cerbos_version"
  tarball="$(cd "$cerbos_dir/$cerbos_version" && npm pack --silent "@cerbos/$package@$cerbos_version" 2>/dev/null | tail -n 1)"
  tar -xzf "$cerbos_dir/$cerbos_version/$tarball" -C "$cerbos_dir/$cerbos_version"
  chmod +x "$cerbos"
fi

# Netty (in Vert.x and grpc-java) loads native code and uses sun.misc.Unsafe; say so, quietly.
jvm_options=(--enable-native-access=ALL-UNNAMED)
if [ "$(java_major "$java")" -ge 23 ]; then
  jvm_options+=(--sun-misc-unsafe-memory-access=allow)
fi

exec "$java" "${jvm_options[@]}" -cp "$bench_jar" dev.arbiter.bench.load.LoadBenchmark --cerbos "$cerbos" --arbiter-jar "$arbiter_jar" "$@"
