#!/usr/bin/env bash
# tmux is the real terminal emulator test/terminal drives (its tests fail, not skip, under CI without it).
# Installs it from Debian/Ubuntu packages when missing (as root, or through sudo -n).
set -euo pipefail
if ! command -v tmux >/dev/null 2>&1; then
  sudo_prefix=()
  if [ "$(id -u)" -ne 0 ]; then sudo_prefix=(sudo -n); fi
  "${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux
fi
tmux -V
