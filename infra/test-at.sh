#!/usr/bin/env bash
# Runs the test suite (or any command) as if the machine's clock showed another time, with libfaketime (Debian
# package `faketime`): proves that no test depends on the real hour, weekday or date.
#
#   infra/test-at.sh "2026-12-31 23:55" Europe/Berlin            # ./mvnw -B -o verify at that local time
#   infra/test-at.sh "2027-03-28 01:30" Europe/Berlin -- ./mvnw -B -o -pl service-appointments -am verify
#   infra/test-at.sh --standard                                  # the three times of record, one after the other
#
# The clock starts at the given time and runs on: libfaketime shifts every clock by one fixed offset (an absolute
# start time or a real monotonic clock make the JVM ten times slower under libfaketime). Every JVM the command
# starts (Maven, the forked test JVMs, the end-to-end test's Kafka and Keycloak) sees the fake time. PostgreSQL runs
# outside and keeps the real time: nothing that decides may use SQL now().
set -euo pipefail
cd "$(dirname "$0")/.."

lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1 || true)
if [ -z "$lib" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q faketime >/dev/null
    lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 | head -1)
  else
    echo "libfaketime is missing: sudo apt-get install faketime" >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--standard" ]; then
  shift
  status=0
  # a weekday morning (the hour CI failed at), New Year's Eve in Berlin, the night clocks go forward
  for at in "2026-12-03 10:02|UTC" "2026-12-31 23:55|Europe/Berlin" "2027-03-28 01:30|Europe/Berlin"; do
    "$0" "${at%%|*}" "${at##*|}" "$@" || status=$?
  done
  exit $status
fi

when=${1:?usage: infra/test-at.sh "YYYY-MM-DD hh:mm" [zone] [-- command...] | --standard}
zone=${2:-UTC}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
[ $# -eq 0 ] && set -- ./mvnw -B -o verify

target=$(TZ=UTC date -d "TZ=\"$zone\" $when" +%s)
start=$(date +%s)
offset=$(( target - start ))
echo "==> $(printf '%q ' "$@")at $when $zone ($(TZ=UTC date -d "@$target" '+%F %T') UTC, offset ${offset} s)"
set +e
TZ=UTC FAKETIME="$( [ $offset -ge 0 ] && echo +)${offset}s" LD_PRELOAD="$lib" "$@"
status=$?
set -e
echo "==> at $when $zone: exit $status after $(( $(date +%s) - start )) s (real time)"
exit $status
