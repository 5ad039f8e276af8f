/**
 * Failure lines carry the TypeScript file:line of the failure (runtime-c tse_site): where the error
 * was made, or where the runtime operation that threw is. The expected lines are found in the
 * program's text; the differential corpus (failures/sites.ts) checks that Node reports the same.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { corpusDir, corpusProgram } from "../helpers/corpus.js";
import { runNative } from "../hosts/native/run.js";
import { vectorsFor } from "../hosts/vectors.js";

const program = corpusProgram("failures/sites");
const lines = fs.readFileSync(program, "utf8").split("\n");

/** The 1-based line holding `text`, or matching it (once in the program). */
function lineOf(text: string | RegExp): number {
  const found = lines.flatMap((line, i) => ((typeof text === "string" ? line.includes(text) : text.test(line)) ? [i + 1] : []));
  expect(found, text).toHaveLength(1);
  return found[0]!;
}

describe("failure sites", () => {
  it("names the line the error was made at, or the operation that threw, in every failure line", async () => {
    const { soPath } = await buildFilter(program);
    const transcript = (await Promise.all(vectorsFor(program).map((vector) => runNative(soPath, vector)))).join("");
    const expected: [string | RegExp, string][] = [
      ['new Error("made two lines up")', "made two lines up"],
      ['throw new TypeError("first thrown here")', "first thrown here"],
      ["return new RangeError(`made in makeError", "made in makeError"],
      ["const parsed: Parsed = JSON.parse(text);", "expected a property name; sent"],
      ["const parsed: Parsed = JSON.parse(text);", "id: expected number, got string"],
      ["    .parse(", "unexpected end of input"],
      ["config.tags.push(tag);", "Cannot add property 1"],
      ["  config.name", "Cannot assign to read only property 'name'"],
      ["return first!.slice(0, 1);", "(x!)"],
      ["    .toFixed(", "toFixed() digits argument"],
      ["xs.reduce((a, b) => a + b)", "Reduce of empty array"],
      ['throw new Error("the comparator met 1")', "the comparator met 1"],
      [/^\s*throw new$/, "new on one line"],
      ["const read = () => later;", "Cannot access 'later' before initialization"],
    ];
    for (const [code, message] of expected) {
      const failure = transcript.split("\n").find((line) => line.includes("failed in") && line.includes(message));
      expect(failure, message).toBeDefined();
      expect(failure, message).toContain(`"sites.ts":${lineOf(code)} `);
    }
    const imported = fs.readFileSync(path.join(corpusDir, "lib", "failing.ts"), "utf8").split("\n");
    const throwLine = imported.findIndex((line) => line.includes("throw new RangeError(`not a count")) + 1;
    expect(transcript).toContain(`"../lib/failing.ts":${throwLine} "tsc2envoy: filter 'test' failed in onRequestHeaders: uncaught RangeError: not a count: 1.5`);
    const factory = transcript.split("\n").find((line) => line.includes("failed in the filter factory"));
    expect(factory).toContain(`"sites.ts":${lineOf("const parsed: Parsed = JSON.parse(text);")} `);
  });

  it("names the first line of the function whose stack check failed, for unbounded recursion", async () => {
    const recursion = corpusProgram("recursion/callbacks");
    const source = fs.readFileSync(recursion, "utf8").split("\n");
    const { soPath } = await buildFilter(recursion);
    const transcript = await runNative(soPath, vectorsFor(recursion)[0]!);
    const overflowLines = transcript.split("\n").filter((line) => line.includes("uncaught RangeError: Maximum call stack size exceeded"));
    expect(overflowLines).toHaveLength(8);
    const firstStatementOf = (fn: string) => source.findIndex((line) => line.startsWith(`function ${fn}(`)) + 2;
    expect(overflowLines.map((line) => Number(/"callbacks.ts":(\d+) /.exec(line)?.[1]))).toEqual(
      ["viaSort", "viaToSorted", "viaReplace", "viaReplaceAll", "viaRegexReplace", "countUp"].map(firstStatementOf).concat([source.findIndex((line) => line.includes("const step: Step = this.other ?? this;")) + 1, firstStatementOf("ping")]),
    );
  });
});
