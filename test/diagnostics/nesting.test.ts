/**
 * Nesting past what the compiler handles gets TSE1024 at the place it happens, whichever stage
 * would have overflowed (TypeScript's parser, its binder and checker, lowering), never an
 * exception or an internal error; chains within the limit compile.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { check } from "../../compiler/driver.js";
import { Diagnostic } from "../../compiler/diagnostics.js";
import { internalError } from "../../compiler/lower/errors.js";
import { MAX_NESTING } from "../../compiler/nesting.js";
import { ts } from "ts-morph";
import { scratchDir } from "../helpers/paths.js";

const dir = scratchDir("nesting");

function inHook(statements: string): string {
  return `import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
function f(x: number): number {
  return x + 1;
}
class F implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const n = Number("3");
${statements}
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("f", () => new F());
`;
}

function diagnose(name: string, source: string): { diagnostics: Diagnostic[]; source: string; file: string } {
  const file = path.join(dir, `${name}.ts`);
  fs.writeFileSync(file, source);
  return { diagnostics: check(file), source, file };
}

/** The one diagnostic is TSE1024, in `file`, pointing at a `construct` (its first character). */
function expectNestingAt(result: ReturnType<typeof diagnose>, construct: string): Diagnostic {
  expect(result.diagnostics.map((d) => d.code)).toEqual(["TSE1024"]);
  const d = result.diagnostics[0]!;
  expect(d.file).toBe(result.file);
  const line = result.source.split("\n")[d.line - 1]!;
  expect(line.slice(d.column - 1).startsWith(construct), `${d.line}:${d.column} points at ${JSON.stringify(line.slice(d.column - 1, d.column + 9))}`).toBe(true);
  expect(d.message).toMatch(/nested/);
  expect(d.message).toContain(String(MAX_NESTING));
  expect(d.hint).toMatch(/local variables|helper functions/);
  return d;
}

describe("TSE1024: nesting past the limit", () => {
  it("nested blocks: at the statement past the limit", () => {
    const depth = 200;
    const result = diagnose("ifs", inHook(`${"    if (n > 1) {\n".repeat(depth)}    log.info("in");\n${"    }\n".repeat(depth)}`));
    const d = expectNestingAt(result, "n > 1");
    // Each if is two levels (the statement, its block): the limit is crossed about MAX_NESTING/2 ifs in.
    expect(d.line).toBeGreaterThan(8 + MAX_NESTING / 2 - 10);
    expect(d.line).toBeLessThan(8 + MAX_NESTING / 2 + 10);
  });

  it("nested calls, which TypeScript's checker would overflow on", () => {
    const result = diagnose("calls", inHook(`    log.info(String(${"f(".repeat(400)}n${")".repeat(400)}));`));
    expectNestingAt(result, "f(");
  });

  it("a 1,000-link && chain, which TypeScript's binder would overflow on", () => {
    const result = diagnose("and", inHook(`    log.info(String(${Array(1000).fill("n > 1").join(" && ")}));`));
    expectNestingAt(result, "n > 1");
  });

  it("parentheses too deep for TypeScript's parser: at the deepest one", () => {
    const depth = 3000;
    const result = diagnose("parens", inHook(`    log.info(String(${"(".repeat(depth)}n${")".repeat(depth)}));`));
    const d = expectNestingAt(result, "(n)");
    expect(d.message).toMatch(/parser/);
  });

  it("unary operators too deep for TypeScript's parser", () => {
    const result = diagnose("bangs", inHook(`    log.info(String(${"!".repeat(6000)}n));`));
    // Not parsed, so not located exactly: at the most deeply bracketed place.
    expectNestingAt(result, "(!!!");
  });

  it("within the limit: a 1,000-term sum and 1,000 chained conditionals type-check and lower", () => {
    expect(diagnose("sum", inHook(`    log.info(String(${Array(1000).fill("n").join(" + ")}));`)).diagnostics).toEqual([]);
    const picks = Array.from({ length: 300 }, (_, i) => `n === ${i} ? "v${i}" : `).join("");
    expect(diagnose("ternaries", inHook(`    log.info(${picks}"none");`)).diagnostics).toEqual([]);
  });

  it("a stack overflow met while lowering is TSE1024 at the statement, not an internal error", () => {
    const file = ts.createSourceFile("x.ts", "const a = 1;", ts.ScriptTarget.Latest, true);
    const error = internalError(file.statements[0]!, new RangeError("Maximum call stack size exceeded"));
    expect(error.code).toBe("TSE1024");
    expect(internalError(file.statements[0]!, new Error("other")).code).toBe("TSE2099");
  });
});
