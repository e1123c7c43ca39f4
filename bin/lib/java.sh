# Sourced by the launchers in bin/: finds a JDK 21 or newer and builds a missing jar.
# $JAVA_HOME if it is one, else the newest under /usr/lib/jvm, else `java` on the PATH.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

find_java() {
  local candidate
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$(command -v java || true)"; do
    if [ -x "$candidate" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# build_if_missing <launcher> <java> <jar> <module>: runs `./mvnw package` for the module once.
build_if_missing() {
  if [ ! -f "$3" ]; then
    echo "$1: $3 is missing; building it once with ./mvnw package" >&2
    (cd "$root" && JAVA_HOME="$(dirname "$(dirname "$2")")" ./mvnw -q -B -pl "$4" -am package -DskipTests) >&2
  fi
}
