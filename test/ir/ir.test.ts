/**
 * The IR's own tools: the validator rejects each kind of broken IR (every test build runs it, so it
 * must not let these through), the constructors fold constants as JavaScript computes them, and
 * `tsc2envoy build --dump-ir` writes the IR text the golden .ir files hold.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import {
  binary,
  booleanType,
  Expr,
  IrFunction,
  IrModule,
  IrType,
  IrValidationError,
  Local,
  negate,
  not,
  num,
  numberType,
  Stmt,
  str,
  stringType,
  undefinedType,
  validateModule,
} from "../../compiler/ir/index.js";
import { runCli } from "../helpers/cli.js";
import { scratchDir } from "../helpers/paths.js";

function moduleWith(body: Stmt[], params: Local[] = []): IrModule {
  const fn: IrFunction = { cName: "f_test", displayName: "test", params, returnType: undefinedType, body, lowered: true, mayRecurse: false, hasTry: false };
  return { name: "m", filters: [], functions: [fn], layouts: [], streamMemoryLimit: 65536, cpuBudget: 0, regexes: [] };
}

const local = (name: string, type: IrType = numberType): Local => ({ name, cName: `l_${name}`, type });
const read = (l: Local): Expr => ({ kind: "local", local: l, type: l.type });
const invalid = (module: IrModule) => {
  try {
    validateModule(module);
  } catch (error) {
    expect(error).toBeInstanceOf(IrValidationError);
    return (error as Error).message;
  }
  throw new Error("the validator accepted broken IR");
};

describe("IR validator", () => {
  it("accepts well-formed IR", () => {
    const x = local("x");
    expect(() => validateModule(moduleWith([{ kind: "let", local: x, init: num(1) }, { kind: "expr", expr: { kind: "runtime", op: "number.toString", args: [read(x)], type: stringType } }]))).not.toThrow();
  });

  it("rejects an unknown runtime operation", () => {
    expect(invalid(moduleWith([{ kind: "expr", expr: { kind: "runtime", op: "math.unary" as "math.abs", args: [num(1)], type: numberType } }]))).toContain("unknown runtime operation math.unary");
  });

  it("rejects arguments of the wrong number or kind", () => {
    expect(invalid(moduleWith([{ kind: "expr", expr: { kind: "runtime", op: "string.repeat", args: [str("a")], type: stringType } }]))).toContain("string.repeat takes 2 arguments, given 1");
    expect(invalid(moduleWith([{ kind: "expr", expr: { kind: "runtime", op: "string.repeat", args: [num(1), num(2)], type: stringType } }]))).toContain("string.repeat argument 1 must be string, is number");
    expect(invalid(moduleWith([{ kind: "expr", expr: { kind: "runtime", op: "string.length", args: [str("a")], type: stringType } }]))).toContain("string.length gives number, typed string");
  });

  it("rejects a local used but not declared, and one declared twice", () => {
    const x = local("x");
    expect(invalid(moduleWith([{ kind: "expr", expr: read(x) }]))).toContain("l_x read but not declared");
    expect(invalid(moduleWith([{ kind: "let", local: x, init: num(1) }, { kind: "let", local: x, init: num(2) }]))).toContain("l_x declared twice");
  });

  it("rejects a union that is not normalized", () => {
    const x = local("x", { kind: "union", members: [stringType, undefinedType] });
    expect(invalid(moduleWith([], [x]))).toContain("union not normalized: string | undefined");
  });

  it("rejects a jump to a label no enclosing construct has", () => {
    const loop: Stmt = { kind: "loop", label: "L1", body: [{ kind: "break", label: "L2" }], update: [], testFirst: true, renew: [] };
    expect(invalid(moduleWith([loop]))).toContain("break L2 outside a construct with that label");
  });
});

describe("IR constructors", () => {
  it("fold operators on constants as JavaScript does", () => {
    expect(binary("+", num(0.1), num(0.2))).toMatchObject({ kind: "number", value: 0.1 + 0.2 });
    expect(binary("%", num(-7), num(2))).toMatchObject({ kind: "number", value: -1 });
    expect(binary(">>>", num(-1), num(0))).toMatchObject({ kind: "number", value: 4294967295 });
    expect(binary("<", num(NaN), num(1))).toMatchObject({ kind: "boolean", value: false, type: booleanType });
    expect(negate("-", num(0))).toMatchObject({ kind: "number", value: -0 });
    expect(not({ kind: "boolean", value: true, type: booleanType })).toMatchObject({ kind: "boolean", value: false });
  });

  it("build operators on other operands as given", () => {
    const x = local("x");
    expect(binary("*", read(x), num(2))).toMatchObject({ kind: "binary", op: "*", type: numberType });
  });
});

describe("tsc2envoy build --dump-ir", () => {
  it("writes the IR text beside the module", async () => {
    const out = scratchDir("dump-ir");
    const result = await runCli(["build", "examples/passthrough.ts", "-o", out, "--dump-ir"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`${path.join(out, "libpassthrough.so")} and ${path.join(out, "passthrough.ir")}`);
    const text = fs.readFileSync(path.join(out, "passthrough.ir"), "utf8");
    expect(text).toBe(fs.readFileSync(path.join("test", "golden", "expected", "passthrough.ir"), "utf8"));
  });
});

