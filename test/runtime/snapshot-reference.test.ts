/**
 * Snapshots, Node against native: abi/ts/snapshot.ts (the reference SDK's half) and
 * runtime-c/snapshot.c (through test/runtime/snapshot_harness.c --script) take the same steps and
 * must print the same lines: which values are published or refused, json.c's messages for the
 * refusals, the value a new stream reads, and that a refused value leaves the last good one.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { snapshotDecoder, type ConfigSchemaTable } from "../../abi/ts/sdk.js";
import { SnapshotStore } from "../../abi/ts/snapshot.js";
import { scratchDir } from "../helpers/paths.js";
import { buildHarness, runHarness } from "./build-harness.js";

const SCHEMAS: Record<string, ConfigSchemaTable> = {
  "string[]": { root: 0, types: [{ kind: "array", name: "string[]", element: 1 }, { kind: "string", name: "string" }] },
  "number[]": { root: 0, types: [{ kind: "array", name: "number[]", element: 1 }, { kind: "number", name: "number" }] },
};

const SCRIPTS: { type: string; steps: string[] }[] = [
  {
    type: "string[]",
    steps: ["init []", "read", 'publish ["a","b\\u00e9","\\ud83d\\ude00"]', "read", 'publish {"x":1}', "read", "publish [1]", 'publish ["a",', "publish null", 'publish ["x", "y"]', "read"],
  },
  { type: "string[]", steps: ["init [2]", "init {}", 'init ["first"]', "read"] },
  { type: "number[]", steps: ["init [1,2.5,-0,1e400,-1e400]", "read", 'publish ["1"]', "publish [1e21,0.1,5e-324]", "read", "publish [true]", "publish [null]", "read"] },
];

/** What abi/ts/snapshot.ts prints for the steps, in the harness's format. */
function nodeLines(type: string, steps: string[]): string[] {
  let store: SnapshotStore | undefined;
  const out: string[] = [];
  for (const step of steps) {
    const [verb] = step.split(" ", 1);
    const json = step.slice(verb!.length + 1);
    try {
      if (verb === "init") store = new SnapshotStore(snapshotDecoder(SCHEMAS[type]!), json);
      else if (verb === "publish") store!.publishJson(json);
      else {
        out.push(`value ${JSON.stringify(store!.read({}))}`);
        continue;
      }
      out.push("ok");
    } catch (error) {
      out.push(`refused ${(error as Error).message}`);
    }
  }
  return out;
}

let work: string;
let harness: string;
let plainHarness: string;

beforeAll(() => {
  work = scratchDir("snapshot-reference");
  harness = buildHarness(work, "snapshot_harness", [], "address,undefined");
  plainHarness = buildHarness(work, "snapshot_harness", [], "none");
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("snapshots: abi/ts/snapshot.ts and runtime-c/snapshot.c agree", () => {
  it.each(SCRIPTS.map((script, i) => [i, script] as const))("script %i", (_, { type, steps }) => {
    const native = runHarness(harness, ["--script", type], steps.join("\n") + "\n");
    expect(native.stderr).toBe("");
    expect(native.status).toBe(0);
    expect(native.stdout.trimEnd().split("\n")).toEqual(nodeLines(type, steps));
  });

  // json.c parses a version in a scratch arena that a failure must free too: LeakSanitizer reports it
  // otherwise. Unsanitized and optimized as a module is, the jump back must still find what it reads.
  it.each(["sanitized", "unsanitized"])("frees the parse tree of a version that fails midway (nesting past the stack budget) and keeps the last good one (%s)", (build) => {
    const steps = ["init [1]", `publish ${"[".repeat(20_000)}`, "read"];
    const native = runHarness(build === "sanitized" ? harness : plainHarness, ["--script", "number[]"], steps.join("\n") + "\n");
    expect(native.stderr).toBe("");
    expect(native.status).toBe(0);
    const [init, publish, read] = native.stdout.trimEnd().split("\n");
    expect(init).toBe("ok");
    expect(publish).toMatch(/^refused .*(stack|recursion)/i);
    expect(read).toBe("value [1]");
  });

  it("pins a reader to the version it read first, and freezes every version", () => {
    const store = new SnapshotStore(snapshotDecoder(SCHEMAS["string[]"]!), '["a"]');
    const stream = {};
    const first = store.read(stream) as string[];
    store.publish(["b"]);
    expect(store.read(stream)).toBe(first);
    expect(store.read({})).toEqual(["b"]);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => store.publish([1])).toThrow(TypeError);
    // As in the module, a value goes through JSON: a non-finite number is null, which a number[] refuses.
    const numbers = new SnapshotStore(snapshotDecoder(SCHEMAS["number[]"]!), "[1]");
    expect(() => numbers.publish([Infinity])).toThrow("[0]: expected number, got null");
    expect(store.read({})).toEqual(["b"]);
  });
});
