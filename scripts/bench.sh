#!/usr/bin/env bash
# Runs every benchmark in bench/ against plain `docker run` on this machine, printing ratios.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-docker.sh
bash scripts/ensure-node-deps.sh
bash scripts/ensure-images.sh
bash scripts/ensure-chromium.sh
[ -f .next/BUILD_ID ] || npx next build >/tmp/osprey-bench-build.log 2>&1
for b in trivial-task python-script sequential-40 sequential-40-process parallel-10 concurrent-20 scale-out foreach-100-process wide-flows log-flood log-latency log-viewer-1m; do
  npx tsx "bench/$b.ts"
done
