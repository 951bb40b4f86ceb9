#!/usr/bin/env bash
# The VS Code extension's end-to-end test in a real VS Code (code-server 4.100.3) driven by
# headless Chromium: installs what it needs (Debian chromium, code-server into a cache folder
# outside the clone; a no-op once installed), then packages the .vsix and runs the test.
# Screenshots and logs land in .test-artifacts/vscode-e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/e2e/vscode/setup.sh
npm run test:e2e
