/**
 * Date.now() and performance.now() in the compiled module: their values cannot be compared with
 * Node's (the differential corpus's time/clocks.ts compares their properties), so this checks them
 * against the test's own clock: Date.now() is integer milliseconds within the run's wall-clock
 * window, performance.now() is non-negative, has sub-millisecond resolution and never goes back.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { filtersDir } from "../helpers/paths.js";
import { runNative } from "../hosts/native/run.js";
import { standardVector } from "../hosts/vectors.js";

describe("clocks", () => {
  it("Date.now() is the wall clock in integer ms, performance.now() a monotonic fractional ms clock", async () => {
    const { soPath, dir } = await buildFilter(path.join(filtersDir, "clocks.ts"));
    try {
      const before = Date.now();
      const transcripts = [];
      for (let i = 0; i < 3; i++) transcripts.push(await runNative(soPath, standardVector()));
      const after = Date.now();
      const readings = transcripts
        .join("")
        .split("\n")
        .flatMap((line) => {
          const m = /clock date=(\S+) perf=(\S+?)[" ]/.exec(line);
          return m ? [{ date: Number(m[1]), perf: Number(m[2]) }] : [];
        });
      expect(readings.length).toBe(6);
      for (const { date, perf } of readings) {
        expect(Number.isInteger(date)).toBe(true);
        expect(date).toBeGreaterThanOrEqual(before);
        expect(date).toBeLessThanOrEqual(after);
        expect(perf).toBeGreaterThanOrEqual(0);
      }
      // Within one run (one process), each reading is at least the one before; the response hook spins.
      for (let run = 0; run < 3; run++) {
        const [request, response] = [readings[2 * run]!, readings[2 * run + 1]!];
        expect(response.perf).toBeGreaterThan(request.perf);
        expect(response.date).toBeGreaterThanOrEqual(request.date);
      }
      expect(readings.some(({ perf }) => !Number.isInteger(perf))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
