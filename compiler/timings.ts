/**
 * Where a build's time goes, on stderr when TSC2ENVOY_TIMINGS=1 (docs/benchmarks.md#build-speed):
 * each phase's wall time and this process's CPU time (the C compiler's is its own process's).
 */
import { performance } from "node:perf_hooks";

const enabled = () => process.env.TSC2ENVOY_TIMINGS === "1";

function report(phase: string, wallStart: number, cpuStart: NodeJS.CpuUsage): void {
  const cpu = process.cpuUsage(cpuStart);
  process.stderr.write(`tsc2envoy: timing: ${phase} ${(performance.now() - wallStart).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)\n`);
}

/** Runs `run`, reporting its time as `phase` when timings are on. */
export function timed<T>(phase: string, run: () => T): T {
  if (!enabled()) return run();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  if (result instanceof Promise) return result.finally(() => report(phase, wall, cpu)) as T;
  report(phase, wall, cpu);
  return result;
}

/** Reports the time from Node's start to now (start-up and loading the compiler) as `phase`. */
export function sinceStart(phase: string): void {
  if (enabled()) report(phase, 0, { user: 0, system: 0 });
}
