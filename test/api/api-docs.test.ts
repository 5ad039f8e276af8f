/**
 * docs/api.md documents every method and hook of the filter API (compiler/api/filter-api.ts) with an
 * example: each name appears in backticks and in a ```ts block, and the page's tour of the methods
 * shown only by a pattern compiles with tsc2envoy. A method added to the table without docs fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { FILTER_API } from "../../compiler/api/filter-api.js";
import { analyze } from "../../compiler/driver.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const doc = fs.readFileSync(path.join(repoRoot, "docs", "api.md"), "utf8");
const ticks = doc.match(/`[^`\n]+`/g) ?? [];
const examples = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const names = [...FILTER_API.methods, ...FILTER_API.configMethods, ...FILTER_API.hooks].map((m) => m.name);

describe("docs/api.md", () => {
  it.each(names)("documents %s, in backticks and in an example", (name) => {
    const word = new RegExp(`\\b${name}\\b`);
    expect(ticks.some((t) => word.test(t)), `${name} in backticks`).toBe(true);
    expect(examples.some((e) => word.test(e)), `${name} in a \`\`\`ts example`).toBe(true);
  });

  it("has a tour of every method that compiles", () => {
    const tour = /### A tour of every method\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(tour).toBeDefined();
    const file = path.join(scratchDir("api-tour"), "tour.ts");
    fs.writeFileSync(file, tour!);
    const { module, diagnostics } = analyze(file);
    expect(diagnostics.map((d) => d.message)).toEqual([]);
    expect(module).toBeDefined();
  });
});
