#!/usr/bin/env bash
# The Envoy benchmark on the device machine (bash and python3 only): the side-by-side rounds and the
# 1,000-stream memory test, from the payload bench/device/prepare.sh built. Results: $OUT/envoy-device.json
# (and the runner's log beside it); `node bench/report.mjs --section device --envoy FILE` makes the
# tables. About 7 minutes on 16 CPUs with the defaults below; override with the variables.
#
#   bash bench/device/run.sh            # from the repository (payload in bench/device/payload)
#   bash payload/run.sh                 # or from the payload itself
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/bench.py" ]; then payload=$here; else payload=${PAYLOAD:-$here/payload}; fi
out=${OUT:-$payload/out}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# python3's lzma: the device may lack xz.
python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$payload/envoy.xz" "$work/envoy"
chmod +x "$work/envoy"
"$work/envoy" --version
"$payload/wrk" -v 2>&1 | head -n 1 || true
{ nproc; uptime; cat /proc/loadavg; } > "$out/machine.txt" 2>&1 || true

python3 "$payload/bench.py" \
  --modules "$payload/modules" --bench-dir "$payload/bench" --envoy "$work/envoy" --wrk "$payload/wrk" \
  --out "$out/envoy-device.json" \
  --concurrency "${CONCURRENCY:-4}" --threads "${THREADS:-4}" --connections "${CONNECTIONS:-64}" \
  --duration "${DURATION:-4}" --rounds "${ROUNDS:-5}" --warmup "${WARMUP:-1}" \
  --memory-streams "${MEMORY_STREAMS:-1000}" --memory-repeats "${MEMORY_REPEATS:-2}" \
  2>&1 | tee "$out/envoy-device.log"
