# Sourced by ./cortado and .ci/run: sets JAVA_HOME to a JDK 21 or newer, found by looking.
# Order: $JAVA_HOME, the `java` on PATH, then the usual install folders (newest first).

cortado_java_major() {
  # Prints the major version of the java at $1 (a JDK home), or nothing.
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  case "$v" in 1.*) echo "${v#1.}" ;; *) echo "$v" ;; esac
}

cortado_is_jdk21() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(cortado_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null
}

cortado_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && cortado_is_jdk21 "$JAVA_HOME"; then
    return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if cortado_is_jdk21 "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*/jdk* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
      2>/dev/null | sort -rV); do
    if cortado_is_jdk21 "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "cortado: no JDK 21 or newer found. Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) or set JAVA_HOME to it." >&2
  return 1
}
