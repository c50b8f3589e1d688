#!/usr/bin/env bash
# Runs a benchmark against the real local stack and writes its figures into benchmarks/results/.
#   benchmarks/run.sh gateway   Gatling: throughput and p50/p99 direct vs through the gateway, with the ratio
#   benchmarks/run.sh gateway-native   the same with Reactor Netty's native transport in the gateway
#                               (spring-cloud-gateway issue 4209; the default is -Dreactor.netty.native=false)
#   benchmarks/run.sh outbox    the outbox relay draining a backlog with a long published history
#   benchmarks/run.sh startup   start-to-ready time and RSS per process of the whole stack
#   benchmarks/run.sh payments  200 concurrent payments, every PSP notification twice and out of order (exactly one
#                               success each, balanced ledger), and payment creation latency (REQUESTS at each of PAYMENTS_RATES/s)
#   benchmarks/run.sh applications   submissions through the gateway (RATE=300/s) and the clerk work list with ROWS=1000000
#   benchmarks/run.sh appointments   booking race (ROUNDS x CONTENDERS for one slot) and slot search over 20 offices
#                               x 60 days against the service jar, real PostgreSQL and an embedded broker
#   benchmarks/run.sh notifications   10,000 events to inbox messages at EVENT_RATE/s (event-to-inbox p50/p99) and
#                               a webhook fan-out of FANOUT_EVENTS events to 50 subscribers, one answering after SLOW_MS
# Nothing else should run on the machine meanwhile (2 cores): the figures are only as quiet as the machine.
# RATHAUS_SKIP_BUILD=true skips the build (the jars must be current).
# Settings: USERS (16), RATE (100 req/s), WARMUP_SECONDS (15), SECONDS_MEASURED (45) for the gateway benchmark.
set -euo pipefail
repo_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo_root"
what="${1:-}"
users="${USERS:-16}"
rate="${RATE:-100}"
warmup="${WARMUP_SECONDS:-15}"
seconds="${SECONDS_MEASURED:-45}"

if [[ "${RATHAUS_SKIP_BUILD:-false}" != "true" ]]; then
  ./mvnw -q -B -DskipTests install
fi
case "$what" in
  gateway|gateway-native)
    # peak performance, not start-up: the services and the gateway get the full JIT (the dev stack runs C1 only)
    opts="-XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -Xss512k"
    result=benchmarks/results/gateway-overhead.md
    if [[ "$what" == gateway-native ]]; then
      opts="$opts -Dreactor.netty.native=true"
      result=benchmarks/results/gateway-overhead-native-transport.md
    fi
    export RATHAUS_SERVICE_JAVA_OPTS="${RATHAUS_SERVICE_JAVA_OPTS:-$opts}"
    ./mvnw -B -Pbenchmarks -pl benchmarks gatling:test \
      -Dgatling.simulationClass=de.rathaus.benchmarks.GatewayOverheadSimulation \
      -Dusers="$users" -Drate="$rate" -DwarmupSeconds="$warmup" -Dseconds="$seconds"
    ./mvnw -q -B -Pbenchmarks -pl benchmarks exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=de.rathaus.benchmarks.GatlingSummary -DwarmupSeconds="$warmup" -Drate="$rate" \
      -Dexec.args="benchmarks/target/gatling $result $seconds $users '$RATHAUS_SERVICE_JAVA_OPTS'"
    ;;
  outbox)
    ./mvnw -q -B -Pbenchmarks -pl benchmarks test-compile exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=de.rathaus.benchmarks.OutboxBacklogBenchmark \
      -Dexec.args="benchmarks/results/outbox-backlog.md ${HISTORY:-1000000} ${BACKLOG:-50000}"
    ;;
  appointments)
    if [[ "${RATHAUS_SKIP_BUILD:-false}" == "true" && ! -f service-appointments/target/service-appointments-0.1.0-SNAPSHOT.jar ]]; then
      ./mvnw -q -B -pl service-appointments -am install -DskipTests
    fi
    ./mvnw -q -B -Pbenchmarks -pl benchmarks test-compile exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=de.rathaus.benchmarks.AppointmentsBenchmark \
      -Dexec.args="benchmarks/results/appointments-booking-and-search.md ${ROUNDS:-1000} ${CONTENDERS:-50} ${SEARCHES:-3000}"
    ;;
  applications)
    # submissions through the gateway (RATE/s for SECONDS_MEASURED s) and the clerk's work list with ROWS applications
    export RATHAUS_SERVICE_JAVA_OPTS="${RATHAUS_SERVICE_JAVA_OPTS:--XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -Xss512k}"
    # the local stack's 256m suit a laptop; under 300/s a queue of requests can fill it and the full collections
    # then feed the queue (seen once at 256m: 0.5-1.5 s pauses). 512m is still a small production heap.
    export RATHAUS_SERVICE_XMX="${RATHAUS_SERVICE_XMX:-512m}"
    ./mvnw -B -Pbenchmarks -pl benchmarks gatling:test \
      -Dgatling.simulationClass=de.rathaus.benchmarks.ApplicationsSubmissionSimulation \
      -Drate="${RATE:-300}" -DworkListRate="${WORK_LIST_RATE:-50}" -Drows="${ROWS:-1000000}" \
      -DwarmupSeconds="${WARMUP_SECONDS:-200}" -Dseconds="${SECONDS_MEASURED:-60}"
    ./mvnw -q -B -Pbenchmarks -pl benchmarks exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=de.rathaus.benchmarks.ApplicationsSummary \
      -Dexec.args="benchmarks/target/gatling benchmarks/target/applications-benchmark-facts.tsv ${RESULT:-benchmarks/results/applications-submissions-and-worklist.md}"
    ;;
  payments)
    if [[ "${RATHAUS_SKIP_BUILD:-false}" == "true" && ! -f service-payments/target/service-payments-0.1.0-SNAPSHOT.jar ]]; then
      ./mvnw -q -B -pl service-payments -am install -DskipTests
    fi
    ./mvnw -q -B -Pbenchmarks -pl benchmarks test-compile exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=de.rathaus.benchmarks.PaymentsBenchmark \
      -Dexec.args="benchmarks/results/payments-concurrency-and-latency.md ${PAYMENTS:-200} ${REQUESTS:-2000} ${PAYMENTS_RATES:-20,100}"
    ;;
  notifications)
    # 10,000 events to inbox notifications (event-to-inbox latency) and a webhook fan-out to 50 subscribers, one slow
    if [[ "${RATHAUS_SKIP_BUILD:-false}" == "true" && ! -f service-notifications/target/service-notifications-0.1.0-SNAPSHOT.jar ]]; then
      ./mvnw -q -B -pl service-notifications -am install -DskipTests
    fi
    ./mvnw -q -B -Pbenchmarks -pl benchmarks test-compile exec:java -Dexec.classpathScope=test \
      -Dexec.mainClass=de.rathaus.benchmarks.NotificationsBenchmark \
      -Dexec.args="benchmarks/results/notifications-inbox-and-webhooks.md ${EVENTS:-10000} ${EVENT_RATE:-200} ${FANOUT_EVENTS:-2000} ${SLOW_MS:-2000}"
    ;;
  startup)
    RATHAUS_SKIP_BUILD=true infra/local-stack.sh --measure benchmarks/results/stack-startup.md
    ;;
  *)
    echo "usage: benchmarks/run.sh gateway|gateway-native|outbox|startup|applications|appointments|payments" >&2
    exit 2
    ;;
esac
