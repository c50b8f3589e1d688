#!/usr/bin/env bash
# Prints the CloudEvents of the given topics (headers ce_* and JSON payload) from the beginning, as they arrive.
#   infra/kafka-events.sh rathaus.applications.v1 [more topics]
# RATHAUS_KAFKA_BOOTSTRAP (default 127.0.0.1:9092) selects the broker. Needs a built infra module.
set -euo pipefail
repo_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo_root"
if [[ ! -f infra/target/classpath.txt ]]; then
  echo "kafka-events: build first (./mvnw -q -B -DskipTests install)" >&2
  exit 1
fi
exec java -Xmx64m -cp "infra/target/classes:$(cat infra/target/classpath.txt)" de.rathaus.infra.tools.WatchEvents "$@"
