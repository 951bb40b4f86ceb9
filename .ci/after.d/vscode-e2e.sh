#!/usr/bin/env bash
# The VS Code extension's end-to-end test in a real VS Code (code-server 4.100.3) driven by
# headless Chromium: installs what it needs (Debian chromium, code-server into a cache folder
# outside the clone; a no-op once installed), then packages the .vsix and runs the test.
# Screenshots and logs land in .test-artifacts/vscode-e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/e2e/vscode/setup.sh
# A UI driven through a browser on a busy 2-core machine can miss a deadline: one more run (with
# the same .vsix) before calling it a failure. Both runs' results are printed.
if ! npm run test:e2e; then
  echo "== VS Code e2e failed; running it once more (the first run's artifacts are in .test-artifacts/vscode-e2e-first-run/)"
  rm -rf .test-artifacts/vscode-e2e-first-run
  mv .test-artifacts/vscode-e2e .test-artifacts/vscode-e2e-first-run
  npm run test:e2e -- --skip-package
fi
