/**
 * Small IR helpers shared by the lowering concerns.
 */
import { ts } from "ts-morph";
import { Expr, IrType, isHeapType, representation } from "../ir/index.js";
import type { LowerContext } from "./context.js";
import { LoweringError } from "./errors.js";
import { diag } from "../diagnostics/catalogue.js";

export const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);
/** Global library objects whose members are compiled only where they are called or read as constants. */
export const LIBRARY_NAMESPACES = new Set(["Math", "Number", "String", "JSON", "Array", "Object"]);

/** An array just created (its elements may be retyped in place). */
export function isFreshArray(expr: Expr): boolean {
  if (expr.kind === "arrayLiteral") return true;
  if (expr.kind === "runtime") return ["array.new", "array.slice", "array.splice", "collect.keys", "collect.values", "collect.entries", "collect.chars"].includes(expr.op);
  if (expr.kind !== "sequence" || expr.result.kind !== "local") return false;
  const local = expr.result.local;
  return expr.statements.some((s) => s.kind === "let" && s.local === local && s.init !== undefined && isFreshArray(s.init));
}

/** A placeholder for `let x: T;` declared without a value (TypeScript guarantees assignment before use). */
export function zeroValue(type: IrType, node: ts.Node, lowerer: LowerContext): Expr {
  switch (representation(type)) {
    case "f64":
      return { kind: "number", value: 0, type };
    case "bool":
      return { kind: "boolean", value: false, type };
    case "unit":
      return { kind: "undefined", type };
    default:
      if (isHeapType(type) || type.kind === "union") return { kind: "runtime", op: "unset", args: [], type };
      throw new LoweringError(node, diag.TSE2001, "this declaration without a value is not supported", "initialize it where it is declared");
  }
  void lowerer;
}

