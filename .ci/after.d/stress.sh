#!/usr/bin/env bash
# The long reliability run: 10 000 random edits over LSP across nine open fixture files, the
# server's diagnostics compared with a batch run every 100 edits, fix invariants on every finding
# of the fuzzed texts, and the server's memory (test/stress/lsp-fuzz.stress.ts). The seed is
# printed; FUZZ_SEED=<seed> npm run test:stress reproduces a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run test:stress
