#!/usr/bin/env bash
# Builds the whole suite and starts it as local processes: PostgreSQL databases, a Kafka broker, Keycloak,
# the four services and the gateway. Runs until Ctrl-C. See infra/README.md for options and settings.
#
#   infra/local-stack.sh                      build, start everything, print URLs and demo logins
#   infra/local-stack.sh --components kafka,keycloak
#   infra/local-stack.sh --measure footprint.md
#
# RATHAUS_SKIP_BUILD=true skips the Maven build (the jars must exist).
set -euo pipefail

caller_dir="$(pwd)"
repo_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo_root"

# paths given relative to where the script was called from stay relative to that directory
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --measure)
      if [[ $# -lt 2 ]]; then
        echo "local-stack: --measure needs a file" >&2
        exit 2
      fi
      file="$2"
      [[ "$file" = /* ]] || file="$caller_dir/$file"
      args+=("--measure" "$file")
      shift 2
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done

if [[ "${RATHAUS_SKIP_BUILD:-false}" != "true" ]]; then
  echo "Building the suite: ./mvnw -q -B -DskipTests install ..."
  ./mvnw -q -B -DskipTests install
fi

if [[ ! -f infra/target/classpath.txt ]]; then
  echo "local-stack: infra/target/classpath.txt is missing; build first (./mvnw -DskipTests install)" >&2
  exit 1
fi

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi

exec "$java_bin" -Xmx128m -XX:+UseSerialGC -DRATHAUS_REPO_ROOT="$repo_root" \
  -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  de.rathaus.infra.stack.LocalStackMain ${args[@]+"${args[@]}"}
