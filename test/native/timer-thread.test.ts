/**
 * The runtime's timer thread (runtime-c/async.c), the one Envoy runs: the native host keeps a virtual
 * clock and the module's timers itself (abi/c/host/clock_model.c), so the differential corpus never
 * starts the thread; TSE_HOST_CLOCK=real makes the host decline them. Two streams sleep (1000 ms,
 * then 10 ms: 10 and 20 let a stall of 10 ms between the two starts swap them) and the wait leaves
 * 3 s to spare, so the transcript on the real clock is the virtual one however loaded the machine; a
 * thread that never commits, or commits out of order, changes it.
 */
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";

import { corpusProgram } from "../helpers/corpus.js";
import { buildFilter } from "../helpers/build.js";
import { runNative } from "../hosts/native/run.js";
import { Vector } from "../hosts/vectors.js";

const sleeper = (stream: number, ms: number, name: string) => ({
  stream,
  hook: "request_headers" as const,
  headers: [["x-mode", "sleep"], ["x-ms", String(ms)], ["x-name", name]] as [string, string][],
  endOfStream: true,
});

const vector: Vector = {
  filter: "test",
  streams: [],
  interleaved: [
    { stream: 0, hook: "new" },
    { stream: 1, hook: "new" },
    sleeper(0, 1000, "late"),
    sleeper(1, 10, "early"),
    { stream: 0, hook: "wait", ms: 4000 },
    { stream: 0, hook: "stream_complete" },
    { stream: 1, hook: "stream_complete" },
  ],
};

describe("the runtime's timer thread in the native host (TSE_HOST_CLOCK=real)", () => {
  const dirs: string[] = [];
  afterAll(() => {
    delete process.env.TSE_HOST_CLOCK;
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("resumes the sleeping hooks in due order, as the virtual clock does", async () => {
    const { soPath, dir } = await buildFilter(corpusProgram("async/interleaved"));
    dirs.push(dir);
    const virtual = await runNative(soPath, vector);
    process.env.TSE_HOST_CLOCK = "real";
    const real = await runNative(soPath, vector);
    delete process.env.TSE_HOST_CLOCK;
    expect(virtual.indexOf("stream early resumed")).toBeLessThan(virtual.indexOf("stream late resumed"));
    expect(virtual.indexOf("stream early resumed")).toBeGreaterThan(0);
    expect(real).toBe(virtual);
  });
});
