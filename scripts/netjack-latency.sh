#!/bin/bash
# Measures netjack2's round trip on this machine, as in docs/stagebox.md ("Latency, measured"):
# a master (jackd -d dummy + netmanager) and a stage box (jackd -d net) in two network namespaces
# joined by a veth pair; the master loops stage1:from_slave_1 back into stage1:to_slave_1 (what
# jackdesk does within one cycle) and jack_iodelay on the stage box measures the round trip.
# Needs root (ip netns). Usage: scripts/netjack-latency.sh PERIOD_FRAMES NET_LATENCY_CYCLES
set -u
P=${1:?period frames, e.g. 64}; L=${2:?netjack2 -l cycles, e.g. 2}
A=jdlA$$; B=jdlB$$; LOG=$(mktemp -d)
cleanup() {
  [ -n "${SP:-}" ] && kill -TERM "$SP" 2>/dev/null; sleep 0.5
  [ -n "${MP:-}" ] && kill -TERM "$MP" 2>/dev/null; wait 2>/dev/null
  ip netns del "$A" 2>/dev/null; ip netns del "$B" 2>/dev/null; rm -rf "$LOG"
}
trap cleanup EXIT
ip netns add "$A"; ip netns add "$B"
ip link add "jla$$" type veth peer name "jlb$$"
ip link set "jla$$" netns "$A"; ip link set "jlb$$" netns "$B"
ip -n "$A" addr add 10.78.0.1/24 dev "jla$$"; ip -n "$B" addr add 10.78.0.2/24 dev "jlb$$"
for n in "$A jla$$" "$B jlb$$"; do
  set -- $n; ip -n "$1" link set "$2" up; ip -n "$1" link set lo up; ip -n "$1" route add 224.0.0.0/4 dev "$2"
done
# setsid: jackd signals its process group when it goes down.
setsid ip netns exec "$A" jackd -R -P 70 -n jdnet-foh -d dummy -r 48000 -p "$P" >"$LOG/master.log" 2>&1 &
MP=$!
jack_wait -w -s jdnet-foh -t 10 >/dev/null 2>&1
jack_load -s jdnet-foh netmanager -i "-a 225.3.19.154 -p 19000" >/dev/null 2>&1
setsid ip netns exec "$B" jackd -R -P 70 -n jdnet-stage1 -d net -a 225.3.19.154 -p 19000 -n stage1 -C 2 -P 2 -l "$L" \
  >"$LOG/stage.log" 2>&1 &
SP=$!
jack_wait -w -s jdnet-stage1 -t 10 >/dev/null 2>&1
sleep 2
JACK_DEFAULT_SERVER=jdnet-foh jack_connect stage1:from_slave_1 stage1:to_slave_1
JACK_DEFAULT_SERVER=jdnet-stage1 timeout -s INT 4 stdbuf -o0 jack_iodelay >"$LOG/iodelay.log" 2>&1 &
IO=$!
sleep 1
JACK_DEFAULT_SERVER=jdnet-stage1 jack_connect jack_delay:out system:playback_1
JACK_DEFAULT_SERVER=jdnet-stage1 jack_connect system:capture_1 jack_delay:in
wait "$IO"
echo "period $P frames, netjack2 -l $L: $(tr '\r' '\n' <"$LOG/iodelay.log" | grep -a 'total roundtrip' | tail -1 | sed 's/^ *//')"
