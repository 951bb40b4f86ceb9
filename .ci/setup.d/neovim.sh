#!/usr/bin/env bash
# Neovim is the real LSP client of test/server/neovim.test.ts (Debian's package: 0.7.x).
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
  echo "nvim already installed: $(nvim --version | head -n 1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Another setup script may hold the dpkg lock briefly: wait for it rather than fail.
for attempt in 1 2 3 4 5 6; do
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq neovim; then break; fi
  if [ "$attempt" -eq 6 ]; then echo "could not install neovim" >&2; exit 1; fi
  sleep 10
done
nvim --version | head -n 1
