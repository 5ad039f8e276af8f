/**
 * The library table of lower/builtins/: one entry per library member, keyed as JavaScript names it
 * ("Array.prototype.push", "Math.abs"), and the key a call is looked up by.
 */
import { describe, expect, it } from "vitest";

import { Expr, numberType, runtimeOp, runtimeOpNames, stringType } from "../../compiler/ir/index.js";
import { BUILTIN_CALLS, builtinKey } from "../../compiler/lower/builtins/index.js";

const valueOf = (type: Expr["type"]): Expr => ({ kind: "local", local: { name: "v", cName: "l_v", type }, type });

describe("the builtins table", () => {
  const keys = Object.keys(BUILTIN_CALLS);

  it("keys members as JavaScript names them", () => {
    for (const key of ["Array.prototype.push", "Array.prototype.map", "String.prototype.split", "Map.prototype.get", "Set.prototype.add", "Math.abs", "Math.max", "JSON.parse", "RegExp.prototype.test", "Number.parseInt", "parseInt", "Object.entries"]) {
      expect(keys).toContain(key);
    }
    expect(keys.filter((key) => !/^([A-Za-z][A-Za-z0-9]*(\.prototype)?\.)?[A-Za-z][A-Za-z0-9]*$/.test(key))).toEqual([]);
  });

  it("has every one-number Math function of the runtime-op table", () => {
    const unary = runtimeOpNames().filter((op) => op.startsWith("math.") && runtimeOp(op)!.pure && runtimeOp(op)!.params.length === 1);
    expect(unary.length).toBeGreaterThan(10);
    expect(unary.map((op) => `Math.${op.slice(5)}`).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it("looks a call up by its receiver's library, or by its own name when static", () => {
    expect(builtinKey(valueOf({ kind: "array", element: numberType }), "push")).toBe("Array.prototype.push");
    expect(builtinKey(valueOf(stringType), "split")).toBe("String.prototype.split");
    expect(builtinKey(valueOf({ kind: "map", key: stringType, value: numberType }), "get")).toBe("Map.prototype.get");
    expect(builtinKey(undefined, "Math.abs")).toBe("Math.abs");
    expect(builtinKey(valueOf({ kind: "undefined" }), "toString")).toBeUndefined();
  });
});
