/**
 * Library functions used as values: `xs.map(Number)`, `.map(String)`, `.filter(Boolean)`,
 * `const p = parseInt`, `xs.map(parseInt)`. Each becomes a closure taking the parameters the
 * context passes (a callback's value, index and array), applying the function to the leading ones
 * exactly as a call would: `["10", "10"].map(parseInt)` gives the index as the radix, as in JS.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, Expr, IrType, membersOf, numberType, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import { builtinValueName, FunctionType, isOptionalNumber, num, read, rt } from "./common.js";
import { toNumberExpr, toStringExpr } from "./conversions.js";
import { URI_FUNCTIONS, uriCall } from "./uri.js";

type Apply = (l: LowerContext, args: Expr[], node: ts.Node) => Expr;

/** Math functions of one number usable as values (`xs.map(Math.abs)`). */
const MATH_VALUE_FUNCTIONS = ["abs", "floor", "ceil", "round", "trunc", "sign", "sqrt", "cbrt", "exp", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "fround", "clz32"];

/** A number-or-absent argument: `undefined` is what an absent one means. */
function numberOrNaN(l: LowerContext, value: Expr | undefined, node: ts.Node): Expr {
  if (!value || value.type.kind === "undefined") return num(NaN);
  if (isOptionalNumber(value.type)) return { kind: "logical", op: "??", left: value, right: num(NaN), type: numberType };
  return l.coerce(value, numberType, node);
}

/** The string argument a function converts with ToString ("undefined" when absent). */
const stringOf = (l: LowerContext, value: Expr | undefined, node: ts.Node): Expr => (value ? toStringExpr(l, value, node) : { kind: "string", value: "undefined", type: stringType });

const APPLY: Record<string, Apply> = {
  Number: (l, [x], node) => (x ? toNumberExpr(l, x, node) : num(0)),
  String: (l, [x], node) => (x ? toStringExpr(l, x, node) : { kind: "string", value: "", type: stringType }),
  Boolean: (l, [x]) => (x ? l.truthy(x) : { kind: "boolean", value: false, type: booleanType }),
  parseInt: (l, [s, radix], node) => rt("parseInt", [stringOf(l, s, node), numberOrNaN(l, radix, node)], numberType),
  parseFloat: (l, [s], node) => rt("parseFloat", [stringOf(l, s, node)], numberType),
  isNaN: (l, [x], node) => rt("number.isNaN", [x ? toNumberExpr(l, x, node) : num(NaN)], booleanType),
  isFinite: (l, [x], node) => rt("number.isFinite", [x ? toNumberExpr(l, x, node) : num(NaN)], booleanType),
  ...Object.fromEntries(URI_FUNCTIONS.map((name): [string, Apply] => [name, (l, [s], node) => uriCall(l, name, stringOf(l, s, node))])),
  // Number.isNaN and friends: false for anything not a number, without converting it.
  ...Object.fromEntries(["isNaN", "isFinite", "isInteger", "isSafeInteger"].map((name): [string, Apply] => [
    `Number.${name}`,
    (l, [x]) => (x?.type.kind === "number" ? rt(`number.${name}`, [x], booleanType) : { kind: "boolean", value: false, type: booleanType }),
  ])),
  ...Object.fromEntries(MATH_VALUE_FUNCTIONS.map((name): [string, Apply] => [`Math.${name}`, (l, [x], node) => rt(`math.${name}`, [x ? toNumberExpr(l, x, node) : num(NaN)], numberType)])),
};
APPLY["Number.parseInt"] = APPLY.parseInt!;
APPLY["Number.parseFloat"] = APPLY.parseFloat!;

/** Constructors called as functions: their own types (NumberConstructor ...) are not function types. */
const CONVERSIONS = new Set(["Number", "String", "Boolean"]);

/** The closure for a library function used as a value, of the function type the context expects. */
export function builtinFunctionValue(l: LowerContext, node: ts.Identifier | ts.PropertyAccessExpression, expected: IrType | undefined): Expr | undefined {
  const name = builtinValueName(l, node);
  if (name === undefined || !Object.hasOwn(APPLY, name)) return undefined;
  const apply = APPLY[name]!;
  let target = expected && (membersOf(expected).find((m) => m.kind === "function") as FunctionType | undefined);
  if (!target) {
    if (CONVERSIONS.has(name)) {
      unsupported(node, `\`${name}\` used as a value without a function type`, `give the variable a function type (const convert: (s: string) => ${name.toLowerCase()} = ${name};), pass it as a callback (xs.map(${name})), or wrap it: (x) => ${name}(x)`);
    }
    target = l.typeOf(node) as FunctionType;
  }
  const fn = l.host.newFunction(`${l.fn.cName}_${name.replace(".", "_")}`, `${name} in ${l.fn.displayName}`, target.returns);
  fn.closure = { envStruct: `env_${fn.cName}`, captures: [] };
  const inner = l.nested(fn);
  fn.params = target.params.map((p, i) => inner.declareLocal(`arg${i}`, p));
  const result = apply(inner, fn.params.map(read), node);
  fn.body = [target.returns.kind === "void" ? { kind: "expr", expr: result } : { kind: "return", value: inner.coerce(result, target.returns, node) }];
  fn.lowered = true;
  return { kind: "closure", fn, type: target };
}
