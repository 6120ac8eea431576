#!/usr/bin/env bash
# Worst-case JACK callback under the JDK/GC choices the launcher can make:
# Java 17 G1 (the default JDK), Java 25 G1, Java 25 ZGC (what ./jackdesk picks on 21+).
# Runs `bench realtime` once per configuration per round, rounds interleaved (A/B/C/A/B/C...),
# with the launcher's other flags, and prints one summary line per run. Build first
# (./jackdesk bench realtime --help builds when stale).
#   scripts/bench-runtimes.sh [ROUNDS] [-- extra bench realtime options]
# e.g. scripts/bench-runtimes.sh 3 -- --seconds 8 --warmup 3 --max-load 100
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"; shift || true
[ "${1:-}" = "--" ] && shift
EXTRA=("$@")
[ ${#EXTRA[@]} -eq 0 ] && EXTRA=(--seconds 8 --warmup 3)
CP="$ROOT/control/target/classes:$ROOT/control/target/lib/*:$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
J17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
J25=$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 2>/dev/null || true)
COMMON=(-Xms256m -Xmx1g -XX:+AlwaysPreTouch -Djava.awt.headless=true)
NEW=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
for exe in "$J17" "$J25"; do [ -x "$exe" ] || { echo "missing $exe" >&2; exit 1; }; done
run() { # label java flags...
  local label="$1"; shift
  local out
  out=$("$@" -cp "$CP" org.jackdesk.bench.BenchMain realtime "${EXTRA[@]}" 2>&1) || true
  printf '%-12s %s | %s | %s | %s\n' "$label" \
    "$(grep -o 'p50 .*cycles' <<<"$out" | head -1)" \
    "$(grep -o '^xruns: .*' <<<"$out" | head -1)" \
    "$(grep -o '^GC: [^(]*' <<<"$out" | head -1)" \
    "$(grep -o 'load average [0-9.]* at start' <<<"$out" | head -1)"
  grep -q '^callback:' <<<"$out" || { echo "$out" | tail -5 >&2; }
}
for r in $(seq 1 "$ROUNDS"); do
  run "17-G1" "$J17" -XX:+UseG1GC "${COMMON[@]}"
  run "25-G1" "$J25" -XX:+UseG1GC "${COMMON[@]}" "${NEW[@]}"
  run "25-ZGC" "$J25" -XX:+UseZGC "${COMMON[@]}" "${NEW[@]}"
done
