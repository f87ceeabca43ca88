#!/usr/bin/env bash
# Long convergence runs: npm run test:convergence -- [runs] [seed]
# A failure prints { seed, path }; pass the seed as the second argument to replay it.
set -euo pipefail
export VANGNET_CONVERGENCE_RUNS="${1:-20000}"
if [ -n "${2:-}" ]; then export VANGNET_CONVERGENCE_SEED="$2"; fi
exec npx vitest run tests/unit/sync/convergence.property.test.ts
