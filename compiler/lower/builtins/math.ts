/**
 * Math: its constants and functions (the runtime-op table has each one-number function with its C name).
 */
import { ts } from "../../ts-morph.js";
import { Expr, numberType, runtimeOp, runtimeOpNames } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { numberArg, rt } from "./common.js";

export const MATH_CONSTANTS: Record<string, number> = {
  "Math.PI": Math.PI, "Math.E": Math.E, "Math.LN2": Math.LN2, "Math.LN10": Math.LN10, "Math.LOG2E": Math.LOG2E, "Math.LOG10E": Math.LOG10E,
  "Math.SQRT2": Math.SQRT2, "Math.SQRT1_2": Math.SQRT1_2,
};

/** Variadic numbers: the arguments, or with a spread among them one number[] of them all. */
export function numberArguments(l: LowerContext, node: ts.CallExpression): Expr[] {
  const args = node.arguments;
  const list = args.map((a) => (ts.isSpreadElement(a) ? { spread: l.spreadSource(a.expression, numberType) } : l.coerce(l.expr(a), numberType, a)));
  return args.some(ts.isSpreadElement) ? [{ kind: "arrayLiteral", elements: list, type: { kind: "array", element: numberType } }] : (list as Expr[]);
}

const twoNumbers = (l: LowerContext, node: ts.CallExpression): Expr[] => [numberArg(l, node.arguments[0], NaN), numberArg(l, node.arguments[1], NaN)];

export const MATH_BUILTINS: BuiltinTable = {
  "Math.max": (l, { node }) => rt("math.max", numberArguments(l, node), numberType),
  "Math.min": (l, { node }) => rt("math.min", numberArguments(l, node), numberType),
  "Math.hypot": (l, { node }) => rt("math.hypot", numberArguments(l, node), numberType),
  "Math.pow": (l, { node }) => {
    const [left, right] = twoNumbers(l, node);
    return { kind: "binary", op: "**", left: left!, right: right!, type: numberType };
  },
  "Math.atan2": (l, { node }) => rt("math.atan2", twoNumbers(l, node), numberType),
  "Math.imul": (l, { node }) => rt("math.imul", twoNumbers(l, node), numberType),
  "Math.random": () => rt("math.random", [], numberType),
  // Functions of one number: each pure one-parameter math.* operation of the runtime-op table.
  ...Object.fromEntries(
    runtimeOpNames().filter((op) => op.startsWith("math.") && runtimeOp(op)!.pure && runtimeOp(op)!.params.length === 1).map((op) => [
      `Math.${op.slice(5)}`,
      (l: LowerContext, { node }: BuiltinCall) => rt(op, [numberArg(l, node.arguments[0], NaN)], numberType),
    ]),
  ),
};

