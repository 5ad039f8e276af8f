/**
 * The CPU budget (--cpu-budget) in the native host: a hook that runs away (an endless loop, one that
 * swallows every error) fails its stream closed and the next stream is served. Node has no
 * counterpart (it would loop forever), so these transcripts are checked on their own.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { DEFAULT_CPU_BUDGET } from "../../compiler/driver.js";
import { buildFilter } from "../helpers/build.js";
import { filtersDir } from "../helpers/paths.js";
import { runNative } from "../hosts/native/run.js";
import { HeaderList, Vector } from "../hosts/vectors.js";

const filter = path.join(filtersDir, "fail_closed.ts");

function requests(...headerLists: HeaderList[]): Vector {
  return {
    filter: "fail_closed",
    streams: headerLists.map((headers) => ({ events: [{ hook: "request_headers", headers, endOfStream: true }, { hook: "stream_complete" }] })),
  };
}

describe("CPU budget", () => {
  it("fails an endless loop closed, even one that catches every error, and serves the next stream", async () => {
    const { soPath } = await buildFilter(filter);
    const transcript = await runNative(soPath, requests([["x-fail", "loop"]], [["x-fail", "swallow"]], [["x-fail", "no"]]));
    const exhausted = `CPU budget exhausted: more than ${DEFAULT_CPU_BUDGET} steps (loop iterations and function calls) in one hook call; sent a 500 local reply`;
    expect(transcript.split(exhausted).length - 1).toBe(2);
    // Reported at the loop that ran out (the inner one, for the loop swallowing errors).
    const loopLine = fs.readFileSync(filter, "utf8").split("\n").findIndex((line) => line.includes("while (true) {}")) + 1;
    expect(transcript.split(`"fail_closed.ts":${loopLine} "tsc2envoy: filter 'fail_closed' failed in onRequestHeaders: CPU budget exhausted`).length - 1).toBe(2);
    expect(transcript.match(/send_response 500 /g)).toHaveLength(2);
    expect(transcript.match(/counter "fail_closed.failures" \+= 1/g)).toHaveLength(2);
    expect(transcript).toContain("request passed with mode 'no'");
  });

  it("counts loop iterations and calls against --cpu-budget", async () => {
    const { soPath } = await buildFilter(filter, { cpuBudget: 5000 });
    const transcript = await runNative(soPath, requests([["x-fail", "count"], ["x-count", "4000"]], [["x-fail", "count"], ["x-count", "5000"]]));
    expect(transcript).toContain(`"sum 7998000"`);
    expect(transcript).toContain("CPU budget exhausted: more than 5000 steps");
    expect(transcript.match(/send_response 500 /g)).toHaveLength(1);
  });

  it("spends no fuel when the budget is off", async () => {
    const { soPath } = await buildFilter(filter, { cpuBudget: 0, emitC: true });
    const transcript = await runNative(soPath, requests([["x-fail", "count"], ["x-count", "20000000"]]));
    expect(transcript).toContain(`"sum 199999990000000"`);
  });
});
