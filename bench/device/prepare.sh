#!/usr/bin/env bash
# Builds bench/device/payload/ (ignored): everything bench/device/run.sh needs on a machine with
# only bash and python3 (no network, no Node.js, no compiler): the modules (compiled TypeScript and
# hand-written C, built here), the filter configs and Lua scripts, the Envoy binary of the tests
# (xz-compressed), wrk with the shared libraries it needs beyond glibc, bench.py and run.sh.
# Needs what `npm run bench:envoy` needs (dist/ is rebuilt here): clang, wrk, xz.
#
#   bash bench/device/prepare.sh      # then carry bench/device/payload and run bench/device/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
payload="$root/bench/device/payload"
rm -rf "$payload"
mkdir -p "$payload/lib" "$payload/bench/modules"

(cd "$root" && npx tsc -p tsconfig.json)
node "$root/bench/build-modules.mjs" "$payload/modules"
cp -r "$root/bench/modules/lua" "$root/bench/modules/configs.json" "$payload/bench/modules/"
cp "$root/bench/envoy/bench.py" "$root/bench/envoy/counters.py" "$root/bench/device/run.sh" "$payload/"

envoy=$(bash "$root/test/envoy/install.sh" | tail -n 1)
xz -T0 -6 -c "$envoy" > "$payload/envoy.xz"

# wrk and its libraries; glibc's own (libc, libm, ...) must be the device's.
wrk=$(command -v "${WRK:-wrk}")
cp "$wrk" "$payload/wrk.bin"
ldd "$wrk" | awk '/=> \// { print $3 }' | while read -r lib; do
  case $(basename "$lib") in
    libc.so* | libm.so* | libpthread.so* | libdl.so* | librt.so* | ld-linux*) ;;
    *) cp -L "$lib" "$payload/lib/" ;;
  esac
done
cat > "$payload/wrk" <<'WRK'
#!/usr/bin/env bash
here=$(cd "$(dirname "$0")" && pwd)
LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$here/wrk.bin" "$@"
WRK
chmod +x "$payload/wrk" "$payload/run.sh"

size=$(du -sb "$payload" | cut -f1)
echo "payload: $payload, $((size / 1048576)) MiB"
if [ "$size" -gt $((60 * 1048576)) ]; then
  echo "the payload exceeds 60 MiB" >&2
  exit 1
fi
