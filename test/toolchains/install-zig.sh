#!/usr/bin/env bash
# Installs the cross C toolchain for `build --target aarch64-linux-gnu`: zig's `zig cc` from PyPI
# (package ziglang, pinned) into a virtualenv at the repository root, .venv-zig, and prints its bin/.
# With that directory first on PATH, `python3 -m ziglang cc` runs zig, as it does for a user who
# ran `pip install ziglang` (the CLI looks for `zig`, then `python3 -m ziglang`). Idempotent.
#   test/toolchains/install-zig.sh      ziglang ZIG_VERSION (default below) into .venv-zig
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
version=${ZIG_VERSION:-0.17.1}
venv=$root/.venv-zig

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if [ "$("$venv/bin/python" -m ziglang version 2>/dev/null)" != "$version" ]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "ziglang==$version" >&2
fi
"$venv/bin/python" -m ziglang version >/dev/null
echo "$venv/bin"
