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
plain Envoy outside valgrind. One process's figure is stable, but another process differs, mostly in
Envoy's own code (which cache sets its code and data share with the module's): up to 630 estimated
cycles a request between processes of one build, 1,600 between builds that placed the runtime's
functions differently. --processes N runs N processes per variant in interleaved rounds and takes
the median, each process's figure kept.

Instructions are not time: a module whose code or data falls out of the caches, or whose branches
mispredict, costs more cycles per instruction. With --simulate (the default) callgrind also simulates
a fixed cache model (CACHE_MODEL) and a branch predictor, and each figure comes with estimated
cycles per request (KCachegrind's formula, CYCLE_WEIGHTS): deterministic like the instructions, a
model rather than a measurement.

  instructions.py --modules DIR --envoy BIN --out FILE [--short 50] [--long 650] [--warmup 50] [--repeats 5] [--processes 1]
                  [--examples a,b] [--variants none,c,ts,lua,builtin] [--top 15] [--no-simulate]

Writes JSON (--out): instructions (and estimated cycles, with each simulated event) per request per
example/variant, differences over no filter, TS minus C, TS minus Lua, and the functions where the TS
variant's per-request cost differs from C's (from the long window's dumps, self cost per function per
request).
"""
import argparse
import http.client
import json
import os
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


# The simulated caches and KCachegrind's cycle weights: bench/cache-model.json says why these (the
# module benchmark's cold streams use the same model).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cache-model.json"), encoding="utf-8") as model_file:
    _MODEL = json.load(model_file)
CACHE_MODEL = _MODEL["caches"]
CYCLE_WEIGHTS = _MODEL["cycleWeights"]


def callgrind_command(out_file, simulate):
    """valgrind's callgrind, writing what read_dump reads: names in full, costs per source line."""
    simulation = ["--cache-sim=yes", "--branch-sim=yes", *CACHE_MODEL] if simulate else []
    return ["valgrind", "--tool=callgrind", *simulation, f"--callgrind-out-file={out_file}", "--dump-instr=no", "--compress-strings=no", "--compress-pos=no"]


class CallgrindEnvoy(bench.Envoy):
    """bench.Envoy, started under callgrind (bench.Envoy's command with valgrind in front)."""

    def __init__(self, binary, name, config, workdir, modules_dir, out_prefix, simulate=False):
        self.out_prefix = out_prefix
        self.valgrind_prefix = callgrind_command(f"{out_prefix}.%p", simulate) + ["--vgdb=yes", "--error-limit=no", "--trace-children=no"]
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


def estimated_cycles(costs):
    return sum(weight * costs.get(event, 0) for event, weight in CYCLE_WEIGHTS.items())


def read_dump(path):
    """A callgrind dump (uncompressed names, --dump-instr=no, --compress-pos=no): (events, totals, self costs per function).

    events: the event names in column order ("Ir", and with --cache-sim/--branch-sim the misses);
    totals: event -> the dump's total; self costs: "object:function" -> event -> self cost. A cost
    line is a position then one number per event, trailing zeros left out; the line after `calls=`
    is the call's inclusive cost, not the caller's self cost."""
    events, totals, costs, obj, fn, in_call = ["Ir"], None, {}, "", None, False
    with open(path) as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith(("summary:", "totals:")):
                totals = dict(zip(events, map(int, line.split()[1:])))
            elif line.startswith("ob="):
                obj = os.path.basename(line[3:].strip())
            elif line.startswith("fn="):
                fn = f"{obj}:{line[3:].strip()}"
            elif line.startswith("calls="):
                in_call = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                if in_call:
                    in_call = False
                    continue
                values = line.split()[1:]
                if fn is not None and values:
                    own = costs.setdefault(fn, {})
                    for event, value in zip(events, values):
                        own[event] = own.get(event, 0) + int(value)
    if totals is None:
        raise RuntimeError(f"no totals in {path}")
    return events, totals, costs


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
    """Zero the counters, send `count` requests, dump: the dump file's path."""
    before = set(envoy.dumps())
    envoy.control("-z")
    send(port, count)
    envoy.control("-d")
    for _ in range(600):
        new = [f for f in envoy.dumps() if f not in before]
        if new:
            path = os.path.join(os.path.dirname(envoy.out_prefix), new[-1])
            time.sleep(0.5)  # the dump is written in one go; let it finish
            return path
        time.sleep(0.2)
    raise RuntimeError("no callgrind dump")


METRICS = ["instructions", "cycles"]  # cycles: only when the dumps have the simulation's events


def metric(name, costs):
    return costs.get("Ir", 0) if name == "instructions" else estimated_cycles(costs)


def per_request(pairs, requests):
    """Per request from (short, long) window dumps: (long - short) / requests per pair, the median counting.

    Also each simulated event per request (median), so the cycle estimate can be taken apart."""
    events = pairs[0][0][0]
    entry = {}
    for name in METRICS:
        if name == "cycles" and "D1mr" not in events:
            continue
        estimates = [(metric(name, long[1]) - metric(name, short[1])) / requests for short, long in pairs]
        entry[name] = round(statistics.median(estimates))
        entry[f"{name}_estimates"] = [round(e) for e in estimates]
    if "D1mr" in events:
        entry["events"] = {e: round(statistics.median((long[1].get(e, 0) - short[1].get(e, 0)) / requests for short, long in pairs), 1) for e in events}
    return entry


def across_processes(entries):
    """One variant's figures from several Envoy processes (per_request each): the median of each
    metric and event, the processes' own figures kept (`<metric>_processes`), every estimate kept."""
    if len(entries) == 1:
        return entries[0]
    entry = {}
    for name in METRICS:
        if name not in entries[0]:
            continue
        values = [e[name] for e in entries]
        entry[name] = round(statistics.median(values))
        entry[f"{name}_processes"] = values
        entry[f"{name}_estimates"] = [v for e in entries for v in e[f"{name}_estimates"]]
    if "events" in entries[0]:
        entry["events"] = {event: round(statistics.median(e["events"][event] for e in entries), 1) for event in entries[0]["events"]}
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--modules", required=True, help="directory with ts/ and c/ holding lib<example>.so (bench/build-modules.mjs)")
    parser.add_argument("--bench-dir", default=bench.BENCH_DIR)
    parser.add_argument("--envoy", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--short", type=int, default=50, help="requests in the short window")
    parser.add_argument("--long", type=int, default=650, help="requests in the long window")
    parser.add_argument("--repeats", type=int, default=5, help="(short, long) window pairs per variant; the median estimate counts")
    parser.add_argument("--processes", type=int, default=1,
                        help="Envoy processes per variant, run in interleaved rounds; the median of their figures counts (one process's figure "
                             "is stable, but another process may differ by hundreds of estimated cycles a request)")
    parser.add_argument("--examples", default=",".join(EXAMPLES))
    parser.add_argument("--variants", default=",".join(VARIANT_KINDS))
    parser.add_argument("--top", type=int, default=15, help="functions listed in the TS-vs-C breakdown")
    parser.add_argument("--simulate", action=argparse.BooleanOptionalAction, default=True,
                        help="simulate the caches and branch predictor for estimated cycles (about twice as slow); --no-simulate: instructions only")
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
              "settings": {"simulated": {"caches": CACHE_MODEL, "branches": True, "cycle_weights": CYCLE_WEIGHTS} if args.simulate else None, "warmup": args.warmup, "repeats": args.repeats, "processes": args.processes, "short": args.short, "long": args.long, "envoy": args.envoy,
                           "request": {"path": bench.REQUEST_PATH, "headers": bench.REQUEST_HEADERS}},
              "per_request": {}, "functions": {}}
    upstream = None
    dumps = {}  # instance: self instructions per function per request (last long window), TS and C
    try:
        upstream = bench.Envoy(args.envoy, "upstream", bench.upstream_config(0, 0, 0), workdir, 1)
        upstream.wait_ready()
        fast, slow, auth = upstream.ports["fast"], upstream.ports["slow"], upstream.ports["auth"]
        rounds = {}  # instance: per_request of each process, in round order
        for round_index in range(args.processes):
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
                # The stats flush (every 5 s on the main thread) is not per request, but it fell into some
                # windows and not others, spreading a variant's estimates by up to 2,500 instructions; at
                # its longest (Envoy allows < 300 s) it comes only at start-up, before the windows.
                config["stats_flush_interval"] = "299s"
                modules_dir = os.path.join(os.path.abspath(args.modules), kind) if kind in ("ts", "c") else None
                envoy = CallgrindEnvoy(args.envoy, kind, config, workdir, modules_dir, os.path.join(workdir, f"callgrind-{kind}"), args.simulate)
                try:
                    envoy.wait_ready(timeout=900)
                    ports = envoy.listener_ports()
                    for example in names:
                        instance = "none" if kind == "none" else f"{example}/{kind}"
                        send(ports[example], 1)  # under valgrind the first request translates the module's code: verify's 10 s may not do
                        problems = bench.verify("passthrough" if kind == "none" else example, kind, ports[example])
                        if problems:
                            raise RuntimeError(f"{instance} does not do what its example does: {'; '.join(problems)}")
                        send(ports[example], args.warmup)
                        pairs = []
                        for _ in range(args.repeats):
                            short = read_dump(window(envoy, ports[example], args.short))
                            path = window(envoy, ports[example], args.long)
                            pairs.append((short, read_dump(path)))
                        own = per_request(pairs, args.long - args.short)
                        rounds.setdefault(instance, []).append(own)
                        process = f" (process {round_index + 1} of {args.processes})" if args.processes > 1 else ""
                        bench.log(f"{instance}{process}: " + "; ".join(f"{own[m]:,} {m} per request (estimates {', '.join(f'{e:,}' for e in own[m + '_estimates'])})" for m in METRICS if m in own))
                        if args.keep_dumps:
                            os.makedirs(args.keep_dumps, exist_ok=True)
                            shutil.copy(path, os.path.join(args.keep_dumps, f"callgrind.{instance.replace('/', '-')}"))
                        if kind in ("ts", "c"):
                            dumps[instance] = {fn: {m: metric(m, costs) / args.long for m in METRICS if m in own} for fn, costs in pairs[-1][1][2].items()}
                finally:
                    envoy.stop()
        result["per_request"] = {instance: across_processes(entries) for instance, entries in rounds.items()}
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
    """Differences over no filter, TS - C and TS - Lua per metric; where TS - C lies, per function and object."""
    for name in METRICS:
        per = {instance: entry[name] for instance, entry in result["per_request"].items() if name in entry}
        if not per:
            continue
        none = per.get("none")
        for example in examples:
            row = result.setdefault("differences" if name == "instructions" else f"{name}_differences", {}).setdefault(example, {})
            for kind in VARIANT_KINDS[1:]:
                value = per.get(f"{example}/{kind}")
                if value is not None and none is not None:
                    row[f"{kind}_over_none"] = value - none
            ts, c, lua = per.get(f"{example}/ts"), per.get(f"{example}/c"), per.get(f"{example}/lua")
            if ts is not None and c is not None:
                row["ts_minus_c"] = ts - c
            if ts is not None and lua is not None:
                row["ts_minus_lua"] = ts - lua
            ts_costs, c_costs = dumps.get(f"{example}/ts"), dumps.get(f"{example}/c")
            if not (ts_costs and c_costs):
                continue
            # Self cost per request (long window, so the per-window constant is spread thin).
            delta = {fn: ts_costs.get(fn, {}).get(name, 0) - c_costs.get(fn, {}).get(name, 0) for fn in set(ts_costs) | set(c_costs)}
            ranked = sorted(delta.items(), key=lambda item: -abs(item[1]))[:top]
            suffix = "" if name == "instructions" else f"_{name}"
            result.setdefault(f"functions{suffix}", {})[example] = [
                {"function": fn, "ts_minus_c": round(d), "ts": round(ts_costs.get(fn, {}).get(name, 0)), "c": round(c_costs.get(fn, {}).get(name, 0))} for fn, d in ranked
            ]
            by_object = {}
            for fn, d in delta.items():
                by_object[object_kind(fn)] = by_object.get(object_kind(fn), 0) + d
            result.setdefault(f"objects{suffix}", {})[example] = {k: round(v) for k, v in sorted(by_object.items(), key=lambda item: -abs(item[1]))}


def object_kind(function):
    """Where a function lives: the module, Envoy's binary, libc, or ??? (code valgrind maps to no file:
    Envoy's text remapped at start-up, tcmalloc included, which Envoy links statically)."""
    obj = function.split(":", 1)[0]
    if obj.startswith("lib") and ".so" in obj and not obj.startswith(("libc.", "libm.", "libstdc++", "libgcc", "ld-linux")):
        return "module"
    return {"envoy": "envoy", "???": "envoy (unmapped text)"}.get(obj, obj)


def print_table(result, examples):
    per = result["per_request"]
    for name in METRICS:
        if not any(name in entry for entry in per.values()):
            continue
        differences = result["differences" if name == "instructions" else f"{name}_differences"]
        print(f"\n{name} per request of the whole Envoy process")
        print("| example | none | C | TS | Lua | built-in | TS - C | TS - Lua |")
        print("|---|---|---|---|---|---|---|---|")
        cell = lambda instance: f"{per[instance][name]:,}" if instance in per else "-"
        for example in examples:
            diff = differences.get(example, {})
            fmt = lambda key: f"{diff[key]:+,}" if key in diff else "-"
            print(f"| {example} | {cell('none')} | {cell(example + '/c')} | {cell(example + '/ts')} | {cell(example + '/lua')} | {cell(example + '/builtin')} | {fmt('ts_minus_c')} | {fmt('ts_minus_lua')} |")
    if not any("events" in entry for entry in per.values()):
        return
    print("\nTS - C per request: simulated events of the whole process, and estimated cycles by object")
    print("| example | instructions | I1 misses | D1 misses | LL misses | mispredicted branches | cycles in the module's .so | in Envoy's binary and unmapped text | in libc |")
    print("|---|---|---|---|---|---|---|---|---|")
    for example in examples:
        ts, c = per.get(f"{example}/ts", {}).get("events"), per.get(f"{example}/c", {}).get("events")
        objects = result.get("objects_cycles", {}).get(example)
        if not (ts and c and objects):
            continue
        delta = lambda *events: f"{sum(ts[e] - c[e] for e in events):+,.0f}"
        envoy_side = objects.get("envoy", 0) + objects.get("envoy (unmapped text)", 0)
        print(f"| {example} | {delta('Ir')} | {delta('I1mr')} | {delta('D1mr', 'D1mw')} | {delta('ILmr', 'DLmr', 'DLmw')} | {delta('Bcm', 'Bim')} | {objects.get('module', 0):+,} | {envoy_side:+,} | {objects.get('libc.so.6', 0):+,} |")


if __name__ == "__main__":
    main()
