#!/usr/bin/env bash
# The PEP latency benchmark in one command: what pep-client's PdpClient adds to an MCP tool call,
# from its cache and from a real PDP process over gRPC and HTTP on loopback. See benchmarks/README.md.
#
#   benchmarks/pep/run.sh                   # JMH defaults of PepLatencyBenchmark: 1 fork, 3 + 5 iterations of 2 s
#   benchmarks/pep/run.sh -f 1 -wi 2 -i 3   # any JMH options
#
# Builds pdp-service's packaged jar and benchmarks.jar when they are missing (./mvnw package once),
# then runs JMH from the repository root; the benchmark starts the PDP itself.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

source "$root/bin/lib/java.sh"

java="$(find_java)" || { echo "run.sh: needs Java 21 or newer; set JAVA_HOME to a JDK 21+" >&2; exit 2; }
build_if_missing run.sh "$java" pdp-service/target/quarkus-app/quarkus-run.jar pdp-service
build_if_missing run.sh "$java" benchmarks/target/benchmarks.jar benchmarks

exec "$java" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar PepLatencyBenchmark "$@"
