#!/usr/bin/env bash
# The long reliability run: 10 000 random edits over LSP across nine open fixture files, the
# server's diagnostics compared with a batch run every 100 edits, fix invariants on every finding
# of the fuzzed texts, and the server's memory (test/stress/lsp-fuzz.stress.ts). The seed is
# printed; FUZZ_SEED=<seed> npm run test:stress reproduces a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
# CI gates a landing, so it replays a seed known to pass: a regression shows up as that seed
# failing. New random seeds explore in npm test's fast fuzz run and by hand:
# FUZZ_SEED=random bash .ci/after.d/stress.sh
if [ "${FUZZ_SEED:-}" = "random" ]; then unset FUZZ_SEED; else export FUZZ_SEED="${FUZZ_SEED:-20261122}"; fi
npm run test:stress
