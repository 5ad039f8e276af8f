/**
 * bench/envoy/instructions.py's arithmetic and its reading of callgrind's dumps (docs/benchmarks.md
 * "Envoy instructions per request"): the figures it reports are only as good as the parsing, which
 * the Envoy run itself (10+ minutes) cannot check.
 *
 * - A real dump (callgrind with the benchmark's own options, on /bin/true): every event's self
 *   costs, summed over the functions read_dump finds, equal the dump's totals line (a call's
 *   inclusive cost counted as self cost, or a dropped trailing-zero column, breaks this), and the
 *   simulated caches are the fixed model, not the machine's.
 * - per_request, across_processes and summarize on dumps made up here, checked against the formulas
 *   written out again.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

import { repoRoot, scratchDir } from "../helpers/paths.js";

const scratch = scratchDir("envoy-instructions");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs python with bench/envoy/instructions.py importable; the script prints one JSON value. */
async function python(script: string): Promise<any> {
  const { stdout } = await execa(process.env.PYTHON ?? "python3", ["-c", `import sys, json\nsys.path.insert(0, ${JSON.stringify(path.join(repoRoot, "bench", "envoy"))})\nimport instructions as I\n${script}`]);
  return JSON.parse(stdout);
}

const hasValgrind = (await execa("valgrind", ["--version"], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;

describe.skipIf(!hasValgrind)("a real callgrind dump", () => {
  for (const simulate of [true, false]) {
    it(simulate ? "with the simulated caches and branches" : "instructions only", async () => {
      const dump = path.join(scratch, `true-${simulate}.out`);
      const read = await python(`
import subprocess
subprocess.run(I.callgrind_command(${JSON.stringify(dump)}, ${simulate ? "True" : "False"}) + ["/bin/true"], check=True, capture_output=True)
events, totals, costs = I.read_dump(${JSON.stringify(dump)})
print(json.dumps({"events": events, "totals": totals, "sums": {e: sum(c.get(e, 0) for c in costs.values()) for e in events}, "functions": len(costs)}))`);
      const expected = simulate ? ["Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw", "Bc", "Bcm", "Bi", "Bim"] : ["Ir"];
      expect(read.events).toEqual(expected);
      expect(read.totals.Ir).toBeGreaterThan(10_000);
      expect(read.functions).toBeGreaterThan(20);
      expect(read.sums).toEqual(read.totals);
      if (simulate) {
        expect(read.totals.D1mr).toBeGreaterThan(0);
        expect(read.totals.Bcm).toBeGreaterThan(0);
        const text = fs.readFileSync(dump, "utf8");
        expect(text).toContain("desc: I1 cache: 32768 B, 64 B, 8-way associative");
        expect(text).toContain("desc: LL cache: 1048576 B, 64 B, 16-way associative");
      }
    });
  }
});

describe("per request and TS minus C", () => {
  // Three (short, long) window pairs 600 requests apart: per request is (long - short) / 600, the median counting.
  const windows = [
    { short: { Ir: 10_000, I1mr: 100, D1mr: 50, Bcm: 10 }, long: { Ir: 130_000, I1mr: 700, D1mr: 650, Bcm: 610, DLmr: 6 } },
    { short: { Ir: 12_000, I1mr: 100, D1mr: 50, Bcm: 10 }, long: { Ir: 138_000, I1mr: 1_300, D1mr: 650, Bcm: 610 } },
    { short: { Ir: 10_000, I1mr: 100, D1mr: 50, Bcm: 10 }, long: { Ir: 124_000, I1mr: 700, D1mr: 650, Bcm: 10 } },
  ];
  const weights: Record<string, number> = { Ir: 1, I1mr: 10, D1mr: 10, D1mw: 10, Bcm: 10, Bim: 10, ILmr: 100, DLmr: 100, DLmw: 100 };
  const cycles = (costs: Record<string, number>) => Object.entries(costs).reduce((sum, [event, value]) => sum + (weights[event] ?? 0) * value, 0);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];

  it("per_request: instructions and estimated cycles, each the median of its own estimates", async () => {
    const events = ["Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw", "Bc", "Bcm", "Bi", "Bim"];
    const entry = await python(`
pairs = [((${JSON.stringify(events)}, s, {}), (${JSON.stringify(events)}, l, {})) for s, l in ${JSON.stringify(windows.map((w) => [w.short, w.long]))}]
print(json.dumps(I.per_request(pairs, 600)))`);
    const instructionEstimates = windows.map((w) => (w.long.Ir - w.short.Ir) / 600);
    const cycleEstimates = windows.map((w) => (cycles(w.long) - cycles(w.short)) / 600);
    expect(entry.instructions_estimates).toEqual(instructionEstimates.map(Math.round));
    expect(entry.instructions).toBe(Math.round(median(instructionEstimates)));
    expect(entry.cycles_estimates).toEqual(cycleEstimates.map(Math.round));
    expect(entry.cycles).toBe(Math.round(median(cycleEstimates)));
    expect(entry.events.I1mr).toBe(1);
  });

  it("per_request without the simulation's events reports instructions only", async () => {
    const entry = await python(`print(json.dumps(I.per_request([((["Ir"], {"Ir": 10}, {}), (["Ir"], {"Ir": 610}, {}))], 600)))`);
    expect(entry).toEqual({ instructions: 1, instructions_estimates: [1] });
  });

  it("across_processes: each metric and event the median over the processes, their own figures and estimates kept", async () => {
    const processes = [
      { instructions: 150, instructions_estimates: [149, 150], cycles: 400, cycles_estimates: [399, 400], events: { Ir: 150, I1mr: 2 } },
      { instructions: 170, instructions_estimates: [170, 171], cycles: 900, cycles_estimates: [900, 901], events: { Ir: 170, I1mr: 40 } },
      { instructions: 160, instructions_estimates: [160, 160], cycles: 450, cycles_estimates: [450, 452], events: { Ir: 160, I1mr: 5 } },
    ];
    const [combined, single] = await python(`print(json.dumps([I.across_processes(${JSON.stringify(processes)}), I.across_processes(${JSON.stringify(processes.slice(0, 1))})]))`);
    expect(combined).toEqual({
      instructions: 160,
      instructions_processes: [150, 170, 160],
      instructions_estimates: [149, 150, 170, 171, 160, 160],
      cycles: 450,
      cycles_processes: [400, 900, 450],
      cycles_estimates: [399, 400, 900, 901, 450, 452],
      events: { Ir: 160, I1mr: 5 },
    });
    expect(single).toEqual(processes[0]);
  });

  it("summarize: differences per metric, and TS minus C per function and by object", async () => {
    const result = await python(`
result = {"per_request": {
  "none": {"instructions": 100, "cycles": 300},
  "route_rules/c": {"instructions": 150, "cycles": 400},
  "route_rules/ts": {"instructions": 170, "cycles": 470},
  "route_rules/lua": {"instructions": 260, "cycles": 900},
}}
dumps = {
  "route_rules/ts": {"libroute_rules.so:f": {"instructions": 30, "cycles": 80}, "envoy:0x1": {"instructions": 5, "cycles": 5}, "libc.so.6:memcpy": {"instructions": 2, "cycles": 2}},
  "route_rules/c": {"libroute_rules.so:g": {"instructions": 12, "cycles": 15}, "envoy:0x1": {"instructions": 5, "cycles": 5}, "libc.so.6:memcpy": {"instructions": 5, "cycles": 5}},
}
I.summarize(result, ["route_rules"], 2, dumps)
print(json.dumps(result))`);
    expect(result.differences.route_rules).toEqual({ c_over_none: 50, ts_over_none: 70, lua_over_none: 160, ts_minus_c: 20, ts_minus_lua: -90 });
    expect(result.cycles_differences.route_rules).toEqual({ c_over_none: 100, ts_over_none: 170, lua_over_none: 600, ts_minus_c: 70, ts_minus_lua: -430 });
    expect(result.objects.route_rules).toEqual({ module: 18, "libc.so.6": -3, envoy: 0 });
    expect(result.objects_cycles.route_rules).toEqual({ module: 65, "libc.so.6": -3, envoy: 0 });
    expect(result.functions.route_rules.map((f: { function: string }) => f.function)).toEqual(["libroute_rules.so:f", "libroute_rules.so:g"]);
  });
});
