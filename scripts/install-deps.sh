#!/usr/bin/env bash
# Installs the Debian packages jackdesk's tests and tools need. Idempotent.
# As root it installs them; otherwise it prints exactly what to install and fails.
set -euo pipefail
# The tests use all of these: real jackd, JACK tools and jack_mix_box, headless Chromium and its
# driver, ffmpeg and sox as independent references, gcc + lilv + x42, LSP and Dragonfly plugins for
# the LV2 host (Lv2HostTest: the peers of `bench peers`), iproute2 (ip netns, veth) for the netjack2
# stage box test, zita-rev1 and xvfb (an X11 JACK reverb measured live beside jackdesk's hall under a
# private virtual display: `bench fx-live`).
PKGS=(jackd2 jack-tools iproute2 jack-mixer chromium chromium-driver ffmpeg sox gcc liblilv-dev lilv-utils x42-plugins
  lsp-plugins-lv2 dragonfly-reverb-lv2 zita-rev1 xvfb)
[ $# -gt 0 ] && PKGS=("$@")
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "jackdesk: missing Debian packages: ${missing[*]}" >&2
  echo "jackdesk: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "jackdesk: installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
# jackd2 asks whether to enable real-time priority; answer without a prompt.
echo "jackd2 jackd/tweak_rt_limits boolean true" | debconf-set-selections 2>/dev/null || true
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
