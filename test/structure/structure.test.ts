/**
 * The compiler's structure (docs/architecture.md): dependency-cruiser checks the rules in
 * .dependency-cruiser.cjs (no import cycles, emit/ imports only ir/, only lower/module.ts imports
 * lower/function.ts, nothing in compiler/ imports test/), and no file in compiler/ is over 600
 * lines without saying near its top why ("Why this file is long:").
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { repoRoot, scratchDir } from "../helpers/paths.js";

const depcruise = path.join(repoRoot, "node_modules", ".bin", "depcruise");
const config = path.join(repoRoot, ".dependency-cruiser.cjs");
const LONG_FILE_LINES = 600;
/** How far from the top the reason must be: in the opening comment, not buried in the file. */
const REASON_WITHIN_LINES = 40;

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The rule violations dependency-cruiser finds under `dir` of `cwd`. */
function violations(cwd: string, dir: string): Violation[] {
  let output: string;
  try {
    output = execFileSync(depcruise, [dir, "--config", config, "--output-type", "json"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout.
    output = (error as { stdout?: string }).stdout ?? "";
    if (!output) throw error;
  }
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

/** Files under `dir` longer than the limit whose first lines do not say why. */
function longFilesWithoutReason(dir: string): string[] {
  const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  return files.filter((file) => {
    const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
    return lines.length > LONG_FILE_LINES && !lines.slice(0, REASON_WITHIN_LINES).some((line) => line.includes("Why this file is long:"));
  });
}

describe("compiler structure", () => {
  it("follows the dependency rules of .dependency-cruiser.cjs", () => {
    const found = violations(repoRoot, "compiler");
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it("has no file over 600 lines without a reason at its top", () => {
    expect(longFilesWithoutReason(path.join(repoRoot, "compiler"))).toEqual([]);
  });
});

describe("the structure checks catch what they are for", () => {
  it("reports a cycle, an emitter import outside ir/, an import of lower/function.ts, an import of test/ and one of ts-morph", () => {
    const dir = scratchDir("structure-");
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext" } }));
    write("compiler/a.ts", 'import { b } from "./b.js";\nexport const a = () => b;\n');
    write("compiler/b.ts", 'import { a } from "./a.js";\nexport const b = () => a;\n');
    write("compiler/lower/function.ts", "export const lowerer = 1;\n");
    write("compiler/lower/statements.ts", 'import { lowerer } from "./function.js";\nexport const s = lowerer;\n');
    write("compiler/emit/c-module.ts", 'import { s } from "../lower/statements.js";\nexport const c = s;\n');
    write("compiler/uses-test.ts", 'import { helper } from "../test/helper.js";\nexport const u = helper;\n');
    write("test/helper.ts", "export const helper = 1;\n");
    write("compiler/imports-ts-morph.ts", 'import { ts } from "ts-morph";\nexport const k = ts.SyntaxKind.Identifier;\n');
    const found = violations(dir, "compiler");
    expect(new Set(found.map((v) => v.rule.name))).toEqual(
      new Set(["no-circular", "emit-only-imports-ir", "only-module-imports-function-lowerer", "compiler-not-importing-tests", "commonjs-bundles-through-require"]),
    );
    expect(found.find((v) => v.rule.name === "no-circular")?.from).toMatch(/^compiler\/[ab]\.ts$/);
  });

  it("reports a long file until it says why it is long", () => {
    const dir = scratchDir("long-file-");
    const body = Array.from({ length: LONG_FILE_LINES + 1 }, (_, i) => `export const x${i} = ${i};`).join("\n");
    fs.writeFileSync(path.join(dir, "long.ts"), `/** A long table. */\n${body}\n`);
    fs.writeFileSync(path.join(dir, "short.ts"), "export const y = 1;\n");
    expect(longFilesWithoutReason(dir)).toEqual(["long.ts"]);
    fs.writeFileSync(path.join(dir, "long.ts"), `/**\n * A long table.\n * Why this file is long: one entry per line.\n */\n${body}\n`);
    expect(longFilesWithoutReason(dir)).toEqual([]);
  });
});
