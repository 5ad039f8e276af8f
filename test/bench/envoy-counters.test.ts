/**
 * bench/envoy/counters.py (per-thread perf counters of a running Envoy) and bench.py's paired
 * differences per metric. The hardware events (cycles, instructions) exist only on some machines;
 * the software task clock goes through the same code on any Linux, so it checks that every thread
 * is counted and the sums add up (a process whose main thread sleeps while two others spin: counting
 * only the main thread would give almost nothing).
 */
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { repoRoot } from "../helpers/paths.js";

async function python(script: string): Promise<any> {
  const { stdout } = await execa(process.env.PYTHON ?? "python3", ["-c", `import sys, json\nsys.dont_write_bytecode = True\nsys.path.insert(0, ${JSON.stringify(path.join(repoRoot, "bench", "envoy"))})\n${script}`]);
  return JSON.parse(stdout);
}

/**
 * A child whose main thread waits while two threads spin; counted over `seconds` against /proc's CPU
 * time, read just inside (inner_ns) and just outside (outer_ns) the counting, so the counts lie
 * between them however long a loaded machine stalls this process between two reads.
 */
const spinAndCount = (events: string[], seconds: number) => `
import counters, os, subprocess, time
child = subprocess.Popen([sys.executable, "-c", """
import threading, time
def spin():
    end = time.time() + 30
    while time.time() < end:
        pass
threads = [threading.Thread(target=spin, daemon=True) for _ in range(2)]
[t.start() for t in threads]
time.sleep(30)
"""])
try:
    while len(os.listdir(f"/proc/{child.pid}/task")) < 3:
        time.sleep(0.01)
    def cpu_ns():
        fields = open(f"/proc/{child.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1e9 / os.sysconf("SC_CLK_TCK")
    outer_from = cpu_ns()
    with counters.ProcessCounters(child.pid, ${JSON.stringify(events)}) as counted:
        threads = len(counted.fds) // ${events.length}
        inner_from = cpu_ns()
        time.sleep(${seconds})
        inner_to = cpu_ns()
        counts = counted.read()
        outer_to = cpu_ns()
finally:
    child.kill()
    child.wait()
print(json.dumps({"threads": threads, "counts": counts, "inner_ns": inner_to - inner_from, "outer_ns": outer_to - outer_from}))`;

describe("counters.py", () => {
  it("counts every thread of a process: the task clock matches /proc's CPU time", async () => {
    const { threads, counts, inner_ns, outer_ns } = await python(spinAndCount(["task_clock_ns"], 1.5));
    expect(threads).toBe(3);
    // Both count the CPU time the threads got; /proc moves in 10 ms ticks, hence the 30 ms either side.
    expect(inner_ns).toBeGreaterThan(100e6);
    expect(counts.task_clock_ns).toBeGreaterThanOrEqual(inner_ns - 30e6);
    expect(counts.task_clock_ns).toBeLessThanOrEqual(outer_ns + 30e6);
  });

  it("counts cycles and instructions where the machine has them, or says why not", async () => {
    const refused: string | null = await python(`import counters\nprint(json.dumps(counters.unavailable()))`);
    if (refused !== null) {
      expect(refused).toMatch(/^perf_event_open\((cycles|instructions)\): |^no perf_event_open number/);
      return;
    }
    const { counts } = await python(spinAndCount(["cycles", "instructions"], 0.5));
    expect(counts.cycles).toBeGreaterThan(1e6);
    expect(counts.instructions).toBeGreaterThan(1e6);
  });
});

describe("bench.py's paired differences", () => {
  it("are computed per measured metric, each variant minus C in the same round", async () => {
    const result = await python(`
import bench
def run(cpu, cycles):
    return {"cpu_us_per_request": cpu, "cycles_per_request": cycles, "rps": 1, "p50_ms": 1, "p99_ms": 1, "non_2xx": 0, "socket_errors": 0}
rounds = [{"results": {"none": run(50, 1000), "h/c": run(55, 1300), "h/ts": run(56, 1400)}},
          {"results": {"none": run(60, 1010), "h/c": run(62, 1290), "h/ts": run(61, 1420)}}]
summary, differences = bench.summarize(rounds, ["none", "h/c", "h/ts"])
without_counters = bench.summarize([{"results": {k: {m: v for m, v in r.items() if m != "cycles_per_request"} for k, r in rounds[0]["results"].items()}}], ["none", "h/c", "h/ts"])[1]
print(json.dumps({"summary": summary, "differences": differences, "without": sorted(without_counters)}))`);
    expect(result.differences.paired_differences_us["h/ts-c"].mean).toBe(0);
    expect(result.differences.paired_differences_us["h/c-none"].mean).toBe(3.5);
    expect(result.differences.paired_differences_cycles["h/ts-c"].mean).toBe(115);
    expect(result.differences.paired_differences_cycles["h/c-none"].mean).toBe(290);
    expect(result.summary["h/ts"].cycles_per_request.median).toBe(1410);
    expect(result.without).toEqual(["paired_differences_us"]);
  });
});
