/**
 * Constant folding: operators on number literals (and `!` on boolean literals) become the literal
 * JavaScript computes when the IR node is built (compiler/ir/build.ts), lowering builds its
 * operators through those constructors, and the emitter spells the special values as C does.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";

import { compileToIr } from "../../compiler/driver.js";
import { emitModule } from "../../compiler/emit/c-module.js";
import { binary, booleanType, Expr, negate, not, num, numberType, printModule } from "../../compiler/ir/index.js";
import { repoRoot } from "../helpers/paths.js";

const numberValue = (expr: Expr): number => {
  expect(expr.kind).toBe("number");
  return (expr as Extract<Expr, { kind: "number" }>).value;
};
const booleanValue = (expr: Expr): boolean => {
  expect(expr).toMatchObject({ kind: "boolean", type: booleanType });
  return (expr as Extract<Expr, { kind: "boolean" }>).value;
};

describe("folding in the IR constructors", () => {
  it("gives NaN, the infinities and -0 where JavaScript does", () => {
    expect(numberValue(binary("/", num(0), num(0)))).toBeNaN();
    expect(numberValue(binary("/", num(1), num(0)))).toBe(Infinity);
    expect(numberValue(binary("/", num(1), num(-0)))).toBe(-Infinity);
    expect(Object.is(numberValue(binary("*", num(-1), num(0))), -0)).toBe(true);
    expect(Object.is(numberValue(binary("+", num(-0), num(-0))), -0)).toBe(true);
    expect(Object.is(numberValue(binary("-", num(0), num(0))), 0)).toBe(true);
    expect(numberValue(binary("*", num(1e308), num(10)))).toBe(Infinity);
    expect(numberValue(binary("-", num(0.3), num(0.1)))).toBe(0.19999999999999998);
  });

  it("compares as JavaScript does: NaN equals nothing, -0 equals 0", () => {
    expect(booleanValue(binary("===", num(NaN), num(NaN)))).toBe(false);
    expect(booleanValue(binary("!==", num(NaN), num(NaN)))).toBe(true);
    expect(booleanValue(binary("===", num(0), num(-0)))).toBe(true);
    expect(booleanValue(binary(">=", num(NaN), num(NaN)))).toBe(false);
    expect(booleanValue(binary("<=", num(-0), num(0)))).toBe(true);
    expect(booleanValue(binary(">", num(Infinity), num(Number.MAX_VALUE)))).toBe(true);
  });

  it("negates numbers and booleans", () => {
    expect(Object.is(numberValue(negate("-", num(0))), -0)).toBe(true);
    expect(Object.is(numberValue(negate("-", num(-0))), 0)).toBe(true);
    expect(numberValue(negate("-", num(NaN)))).toBeNaN();
    expect(numberValue(negate("-", num(-Infinity)))).toBe(Infinity);
    expect(booleanValue(not({ kind: "boolean", value: false, type: booleanType }))).toBe(true);
    expect(not(binary("<", { kind: "local", local: { name: "x", cName: "l_x", type: numberType }, type: numberType }, num(1)))).toMatchObject({ kind: "unary", op: "!" });
  });
});

describe("folding in a compiled program", () => {
  const program = path.join(repoRoot, "test", "differential", "corpus", "numbers", "constant_folding.ts");
  const module = compileToIr(program);
  const ir = printModule(module);
  const c = emitModule(module, path.basename(program));

  it("leaves no operator on literals in the IR", () => {
    expect(ir).toContain("let l_quotients: number[] = (array NaN Infinity -Infinity -Infinity -0 3.5: number[])");
    expect(ir).toContain("let l_negated: number[] = (array -0 0 -Infinity NaN -6: number[])");
    expect(ir).toContain("let l_comparisons: boolean[] = (array false true true true false false true true: boolean[])");
    expect(ir).toContain("let l_negations: boolean[] = (array false true false false: boolean[])");
    expect(ir).toContain("let l_mixed: number = 19.75");
  });

  it("spells the special values as C constants", () => {
    for (const constant of ["= NAN;", "= INFINITY;", "= (-INFINITY);", "= (-0.0);"]) expect(c).toContain(constant);
  });
});
