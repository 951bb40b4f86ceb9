#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, offline-safe and idempotent:
#   - Debian packages: chromium (the browser playwright-core drives) and fonts for its
#     screenshots, ripgrep (code-server's search binary; its npm package would download one)
#     and the toolchain to build code-server's native modules;
#   - code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) into a cache
#     folder outside the repository, installed by hand because its postinstall refuses to run as
#     root and downloads ripgrep from the internet.
# Prints the code-server binary path on its last line. Re-running it is cheap once installed.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_ROOT="${ASYNC_PITFALLS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/async-pitfalls-e2e}"
PREFIX="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
CS="$PREFIX/node_modules/code-server"
MARKER="$PREFIX/.installed"

log() { echo "[vscode-e2e setup] $*" >&2; }

need_apt=()
for pkg in chromium fonts-dejavu-core fonts-liberation ripgrep build-essential python3 pkg-config libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

if [ ! -f "$MARKER" ]; then
  start=$(date +%s)
  log "installing code-server $CODE_SERVER_VERSION into $PREFIX"
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  cd "$PREFIX"
  echo '{ "private": true }' > package.json
  export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  npm install "code-server@$CODE_SERVER_VERSION" --ignore-scripts >&2
  npm rebuild argon2 >&2

  cd "$CS/lib/vscode"
  npm install --omit=dev --ignore-scripts >&2
  npm rebuild @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty >&2
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

  # The rest of code-server's postinstall.sh.
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  (cd extensions && npm install --omit=dev >&2)

  touch "$MARKER"
  log "code-server installed in $(( $(date +%s) - start )) s"
fi

# Proves the install runs (native modules load) before the test relies on it.
node "$CS/out/node/entry.js" --version >&2
echo "$CS/out/node/entry.js"
