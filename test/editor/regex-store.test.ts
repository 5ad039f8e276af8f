/**
 * The editor plugin's analysis keeps compiled regular expressions in memory (regex-cache.ts
 * memoryRegexStore): a second diagnostics pass over an unchanged pattern does not run the regex
 * compiler, seen as refa's exports not being read; an edited pattern is compiled.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { EditorAnalysis } from "../../compiler/editor/analysis.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";

/** Counts reads of refa's exports (every use of refa reads one) until restored. */
function watchRefa(): { reads: () => number; restore: () => void } {
  const exports = createRequire(import.meta.url)("refa") as Record<string, unknown>;
  const saved = Object.keys(exports).map((key) => [key, Object.getOwnPropertyDescriptor(exports, key)!] as const);
  let reads = 0;
  for (const [key, descriptor] of saved) {
    Object.defineProperty(exports, key, { configurable: true, enumerable: true, get: () => (reads++, descriptor.value), set: (v: unknown) => void (descriptor.value = v) });
  }
  return { reads: () => reads, restore: () => saved.forEach(([key, descriptor]) => Object.defineProperty(exports, key, descriptor)) };
}

describe("the editor analysis' regex store", () => {
  const dir = scratchDir("editor-regex");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("compiles an unchanged pattern once across diagnostics passes, an edited one again", () => {
    const file = path.join(dir, "route_rules.ts");
    const original = fs.readFileSync(path.join(examplesDir, "route_rules.ts"), "utf8");
    fs.writeFileSync(file, original);
    let text = original;
    const analysis = new EditorAnalysis((fileName) => (fileName === file ? text : undefined));
    const refa = watchRefa();
    try {
      const pass = () => {
        const before = refa.reads();
        expect(analysis.diagnostics(file)).toEqual([]);
        return refa.reads() - before;
      };
      expect(pass(), "the first pass compiles the patterns").toBeGreaterThan(0);
      expect(pass(), "the second pass takes them from the store").toBe(0);
      // An edit elsewhere in the file: the patterns are unchanged.
      text = `${original}\n// edited\n`;
      expect(pass()).toBe(0);
      text = original.replace("/^\\/api\\/v(\\d+)(?:\\/|$)/", "/^\\/api\\/v(\\d+)(?:\\/|\\?|$)/");
      expect(text).not.toBe(original);
      expect(pass(), "an edited pattern is compiled").toBeGreaterThan(0);
    } finally {
      refa.restore();
    }
  });
});
