#!/usr/bin/env python3
"""
Envoy instructions per request, deterministic: the whole Envoy process under valgrind's callgrind.

Wall-clock CPU per request (bench.py) is within noise on a small shared machine, and this VM's perf
has no hardware counters. Callgrind counts every instruction Envoy executes (all threads, the
module, malloc, the header map, the ABI glue), the same on any load. Per variant kind (none, ts, c,
lua, builtin) one Envoy (--concurrency 1) runs under callgrind with one listener per example, built
with bench.py's configs (imported, not copied). Per listener: verify (bench.py's checks), warm up,
then pairs of windows of sequential keep-alive requests, counters zeroed before and dumped after each
(callgrind_control -z / -d); (instructions of the long window - of the short one) / (request
difference) cancels what is not per request (the control round trip); the median over --repeats
pairs, the estimates kept (timers and stats flushes that fall into one window make them differ). The upstream is a
plain Envoy outside valgrind.

  instructions.py --modules DIR --envoy BIN --out FILE [--short 50] [--long 250] [--warmup 50] [--repeats 3]
                  [--examples a,b] [--variants none,c,ts,lua,builtin] [--top 15]

Writes JSON (--out): instructions per request per example/variant, differences over no filter,
TS minus C, TS minus Lua, and the functions where the TS variant's per-request instructions differ
from C's (from the long window's dumps, self cost per function per request).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # importing bench.py leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (bench.py beside this file: configs, Envoy processes, verification)

EXAMPLES = ["passthrough", "header_mutation", "route_rules"]
VARIANT_KINDS = ["none", "c", "ts", "lua", "builtin"]


class CallgrindEnvoy(bench.Envoy):
    """bench.Envoy, started under callgrind (bench.Envoy's command with valgrind in front)."""

    def __init__(self, binary, name, config, workdir, modules_dir, out_prefix):
        self.out_prefix = out_prefix
        self.valgrind_prefix = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out_prefix}.%p", "--dump-instr=no",
            "--compress-strings=no", "--compress-pos=no", "--vgdb=yes", "--error-limit=no", "--trace-children=no",
        ]
        original = subprocess.Popen

        def popen(command, **kwargs):  # bench.Envoy builds the command; run it under valgrind
            return original(self.valgrind_prefix + command, **kwargs)

        subprocess.Popen = popen
        try:
            super().__init__(binary, name, config, workdir, 1, modules_dir)
        finally:
            subprocess.Popen = original

    def control(self, option):
        subprocess.run(["callgrind_control", option, str(self.pid)], check=True, capture_output=True, timeout=300)

    def dumps(self):
        return sorted((f for f in os.listdir(os.path.dirname(self.out_prefix)) if f.startswith(f"{os.path.basename(self.out_prefix)}.{self.pid}.")), key=lambda f: int(f.rsplit(".", 1)[1]))


def totals(path):
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


def self_costs(path):
    """Self instructions per function ("object:function") in a callgrind dump (uncompressed names)."""
    costs, obj, fn, in_call = {}, "", None, False
    with open(path) as f:
        for line in f:
            if line.startswith("ob="):
                obj = os.path.basename(line[3:].strip())
            elif line.startswith("fn="):
                fn = f"{obj}:{line[3:].strip()}"
            elif line.startswith("calls="):
                in_call = True  # the next cost line is the call's inclusive cost, not self cost
            elif line[:1].isdigit() or line[:1] in "+-*":
                if in_call:
                    in_call = False
                    continue
                parts = line.split()
                if fn is not None and len(parts) >= 2:
                    costs[fn] = costs.get(fn, 0) + int(parts[1])
            elif line.startswith(("cob=", "cfn=", "cfi=", "cfl=")):
                continue
    return costs


def send(port, count):
    """`count` sequential requests on one keep-alive connection, as wrk sends them; all must be 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for _ in range(count):
            connection.request("GET", bench.REQUEST_PATH, headers=bench.REQUEST_HEADERS)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"status {response.status}")
    finally:
        connection.close()


def window(envoy, port, count):
    """Zero the counters, send `count` requests, dump: (instructions, dump file)."""
    before = set(envoy.dumps())
    envoy.control("-z")
    send(port, count)
    envoy.control("-d")
    for _ in range(600):
        new = [f for f in envoy.dumps() if f not in before]
        if new:
            path = os.path.join(os.path.dirname(envoy.out_prefix), new[-1])
            time.sleep(0.5)  # the dump is written in one go; let it finish
            return totals(path), path
        time.sleep(0.2)
    raise RuntimeError("no callgrind dump")


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--modules", required=True, help="directory with ts/ and c/ holding lib<example>.so (bench/build-modules.mjs)")
    parser.add_argument("--bench-dir", default=bench.BENCH_DIR)
    parser.add_argument("--envoy", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--short", type=int, default=50, help="requests in the short window")
    parser.add_argument("--long", type=int, default=250, help="requests in the long window")
    parser.add_argument("--repeats", type=int, default=3, help="(short, long) window pairs per variant; the median estimate counts")
    parser.add_argument("--examples", default=",".join(EXAMPLES))
    parser.add_argument("--variants", default=",".join(VARIANT_KINDS))
    parser.add_argument("--top", type=int, default=15, help="functions listed in the TS-vs-C breakdown")
    parser.add_argument("--keep-dumps", default=None, help="copy each variant's last long-window callgrind dump here (callgrind_annotate reads them)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        sys.exit("valgrind (with callgrind_control) is needed: apt-get install valgrind")

    with open(os.path.join(args.bench_dir, "modules", "configs.json")) as f:
        configs = json.load(f)
    lua_dir = os.path.join(args.bench_dir, "modules", "lua")
    examples = [e for e in args.examples.split(",") if e]
    kinds = [v for v in args.variants.split(",") if v]
    workdir = tempfile.mkdtemp(prefix="tsc2envoy-instructions-")
    started = time.time()
    result = {"kind": "tsc2envoy-envoy-instructions", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "settings": {"warmup": args.warmup, "repeats": args.repeats, "short": args.short, "long": args.long, "envoy": args.envoy,
                           "request": {"path": bench.REQUEST_PATH, "headers": bench.REQUEST_HEADERS}},
              "per_request": {}, "functions": {}}
    upstream = None
    dumps = {}  # instance: self instructions per function per request (last long window), TS and C
    try:
        upstream = bench.Envoy(args.envoy, "upstream", bench.upstream_config(0, 0, 0), workdir, 1)
        upstream.wait_ready()
        fast, slow, auth = upstream.ports["fast"], upstream.ports["slow"], upstream.ports["auth"]
        for kind in kinds:
            # none runs once (as passthrough's listener); builtin exists for header_mutation only.
            names = [e for e in examples if kind != "builtin" or e == "header_mutation"][: 1 if kind == "none" else None]
            if not names:
                continue
            listeners = []
            for example in names:
                filters = bench.filter_for(example, kind, configs, lua_dir)
                config = bench.variant_config(0, 0, filters, fast, slow, auth)
                listener = config["static_resources"]["listeners"][0]
                listener["name"] = listener["filter_chains"][0]["filters"][0]["typed_config"]["stat_prefix"] = example
                listeners.append(listener)
            config["static_resources"]["listeners"] = listeners
            modules_dir = os.path.join(os.path.abspath(args.modules), kind) if kind in ("ts", "c") else None
            envoy = CallgrindEnvoy(args.envoy, kind, config, workdir, modules_dir, os.path.join(workdir, f"callgrind-{kind}"))
            try:
                envoy.wait_ready(timeout=900)
                ports = envoy.listener_ports()
                for example in names:
                    instance = "none" if kind == "none" else f"{example}/{kind}"
                    problems = bench.verify("passthrough" if kind == "none" else example, kind, ports[example])
                    if problems:
                        raise RuntimeError(f"{instance} does not do what its example does: {'; '.join(problems)}")
                    send(ports[example], args.warmup)
                    estimates = []
                    for _ in range(args.repeats):
                        short, _ = window(envoy, ports[example], args.short)
                        long, path = window(envoy, ports[example], args.long)
                        estimates.append((long - short) / (args.long - args.short))
                    per_request = statistics.median(estimates)
                    result["per_request"][instance] = {"instructions": round(per_request), "estimates": [round(e) for e in estimates]}
                    bench.log(f"{instance}: {per_request:,.0f} instructions per request (estimates {', '.join(f'{e:,.0f}' for e in estimates)})")
                    if args.keep_dumps:
                        os.makedirs(args.keep_dumps, exist_ok=True)
                        shutil.copy(path, os.path.join(args.keep_dumps, f"callgrind.{instance.replace('/', '-')}"))
                    if kind in ("ts", "c"):
                        dumps[instance] = {fn: cost / args.long for fn, cost in self_costs(path).items()}
            finally:
                envoy.stop()
        summarize(result, examples, args.top, dumps)
        result["elapsed_s"] = round(time.time() - started, 1)
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        print_table(result, examples)
    finally:
        if upstream:
            upstream.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def summarize(result, examples, top, dumps):
    per = {name: entry["instructions"] for name, entry in result["per_request"].items()}
    none = per.get("none")
    for example in examples:
        row = {}
        for kind in VARIANT_KINDS[1:]:
            value = per.get(f"{example}/{kind}")
            if value is not None and none is not None:
                row[f"{kind}_over_none"] = value - none
        ts, c, lua = per.get(f"{example}/ts"), per.get(f"{example}/c"), per.get(f"{example}/lua")
        if ts is not None and c is not None:
            row["ts_minus_c"] = ts - c
        if ts is not None and lua is not None:
            row["ts_minus_lua"] = ts - lua
        result.setdefault("differences", {})[example] = row
        ts_costs, c_costs = dumps.get(f"{example}/ts"), dumps.get(f"{example}/c")
        if ts_costs and c_costs:
            # Self instructions per request (long window, so the per-window constant is spread thin).
            delta = {fn: ts_costs.get(fn, 0) - c_costs.get(fn, 0) for fn in set(ts_costs) | set(c_costs)}
            ranked = sorted(delta.items(), key=lambda item: -abs(item[1]))[:top]
            result["functions"][example] = [{"function": fn, "ts_minus_c": round(d), "ts": round(ts_costs.get(fn, 0)), "c": round(c_costs.get(fn, 0))} for fn, d in ranked]
            by_object = {}
            for fn, d in delta.items():
                by_object[object_kind(fn)] = by_object.get(object_kind(fn), 0) + d
            result.setdefault("objects", {})[example] = {k: round(v) for k, v in sorted(by_object.items(), key=lambda item: -abs(item[1]))}


def object_kind(function):
    """Where a function lives: the module, Envoy's binary, libc, or ??? (code valgrind maps to no file:
    Envoy's text remapped at start-up, tcmalloc included, which Envoy links statically)."""
    obj = function.split(":", 1)[0]
    if obj.startswith("lib") and ".so" in obj and not obj.startswith(("libc.", "libm.", "libstdc++", "libgcc", "ld-linux")):
        return "module"
    return {"envoy": "envoy", "???": "envoy (unmapped text)"}.get(obj, obj)


def print_table(result, examples):
    per = result["per_request"]
    print("| example | none | C | TS | Lua | built-in | TS - C | TS - Lua |")
    print("|---|---|---|---|---|---|---|---|")
    none = f"{per['none']['instructions']:,}" if "none" in per else "-"
    for example in examples:
        cell = lambda kind: f"{per[f'{example}/{kind}']['instructions']:,}" if f"{example}/{kind}" in per else "-"
        diff = result["differences"].get(example, {})
        fmt = lambda key: f"{diff[key]:+,}" if key in diff else "-"
        print(f"| {example} | {none} | {cell('c')} | {cell('ts')} | {cell('lua')} | {cell('builtin')} | {fmt('ts_minus_c')} | {fmt('ts_minus_lua')} |")


if __name__ == "__main__":
    main()
