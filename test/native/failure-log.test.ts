/**
 * Failure lines are rate-limited per filter config (runtime-c/http_filter.c): a burst logs its first
 * 10 failures and one line counting the rest; the counter counts them all. The differential corpus
 * (failures/log_limit.ts) checks that the Node reference does the same; this checks what both do.
 */
import { describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { corpusProgram } from "../helpers/corpus.js";
import { runNative } from "../hosts/native/run.js";
import { vectorsFor } from "../hosts/vectors.js";

const program = corpusProgram("failures/log_limit");
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe("failure log rate limit", () => {
  it("logs 10 failure lines a second, then how many were left out; the counter counts every failure", async () => {
    const { soPath } = await buildFilter(program);
    const [burst, pause] = vectorsFor(program);
    const unlogged = (n: number) => `"tsc2envoy: filter 'test': ${n} more failures were not logged (at most 10 failure lines a second); the counter test.failures counts every failure"`;

    const burstTranscript = await runNative(soPath, burst!);
    expect(count(burstTranscript, /failed in onRequestHeaders/g)).toBe(10);
    expect(burstTranscript).toContain("request 10 fails");
    expect(burstTranscript).not.toContain("request 11 fails");
    expect(count(burstTranscript, /counter "test.failures" \+= 1/g)).toBe(13);
    expect(burstTranscript).toMatch(new RegExp(`${escape(unlogged(3))}\\nconfig destroyed\\n$`));

    const pauseTranscript = await runNative(soPath, pause!);
    expect(count(pauseTranscript, /failed in onRequestHeaders/g)).toBe(11);
    expect(pauseTranscript).toMatch(new RegExp(`wait 1100ms\\nrequest_headers end_of_stream=true\\nlog error "log_limit":0 ${escape(unlogged(2))}\\n.*request 13 fails`));
    expect(count(pauseTranscript, /more failures were not logged/g)).toBe(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
