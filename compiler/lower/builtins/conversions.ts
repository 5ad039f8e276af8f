/**
 * ToString, ToNumber and element-wise array conversion, as String(), Number(), templates,
 * `+` and spreads need them.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, displayType, Expr, IrType, membersOf, numberType, Stmt, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import { arrayGet, arrayLength, hold, indexLoop, num, read, rt, seq, str } from "./common.js";

/** String(value), template literals and `+` with a string: ToString of each kind of value. */
export function toStringExpr(l: LowerContext, expr: Expr, node: ts.Node): Expr {
  switch (expr.type.kind) {
    case "string":
      return expr;
    case "number":
      return rt("number.toString", [expr], stringType);
    case "boolean":
      return rt("boolean.toString", [expr], stringType);
    case "undefined":
    case "void":
      return seq([{ kind: "expr", expr }], str("undefined"));
    case "null":
      return seq([{ kind: "expr", expr }], str("null"));
    case "function":
      unsupported(node, "converting a function to a string", "functions have no source text once compiled");
    // falls through (unsupported throws)
    case "envoy":
      unsupported(node, "converting EnvoyHttpFilter to a string", "convert the values you read from it");
    // falls through
    default:
      if (membersOf(expr.type).some((m) => m.kind === "function")) unsupported(node, "converting a value that may be a function to a string", "narrow it first");
      return rt("value.toString", [expr], stringType);
  }
}

/** Number(value): ToNumber for the supported kinds. */
export function toNumberExpr(l: LowerContext, expr: Expr, node: ts.Node): Expr {
  switch (expr.type.kind) {
    case "number":
      return expr;
    case "string":
      return rt("string.toNumber", [expr], numberType);
    case "boolean":
      return rt("boolean.toNumber", [expr], numberType);
    case "undefined":
      return seq([{ kind: "expr", expr }], num(NaN));
    case "null":
      return seq([{ kind: "expr", expr }], num(0));
    case "date":
      return rt("date.getTime", [expr], numberType);
    case "union": {
      // Each member converts as it would alone (undefined is NaN, null 0).
      if (expr.type.members.some((m) => !["undefined", "null", "number", "string", "boolean"].includes(m.kind))) break;
      const statements: Stmt[] = [];
      const value = read(hold(l, expr, statements, "value"));
      const [last, ...others] = [...expr.type.members].reverse();
      const convert = (member: IrType) => toNumberExpr(l, l.coerce(value, member, node), node);
      const result = others.reduce<Expr>((rest, member) => ({ kind: "conditional", condition: { kind: "is", value, member, type: booleanType }, whenTrue: convert(member), whenFalse: rest, type: numberType }), convert(last!));
      return seq(statements, result);
    }
  }
  unsupported(node, `Number() of ${displayType(expr.type)}`, "convert strings, booleans and numbers");
}

/**
 * A new array of `element` holding the elements of `source` converted one by one: spreading a
 * `string[]` into a `(string | number)[]`, whose elements have another representation.
 */
export function convertedCopy(l: LowerContext, source: Expr, element: IrType, node: ts.Node): Expr {
  const sourceElement = (source.type as Extract<IrType, { kind: "array" }>).element;
  const resultType: IrType = { kind: "array", element };
  const statements: Stmt[] = [];
  const a = hold(l, source, statements, "source");
  const result = hold(l, rt("array.new", [arrayLength(read(a))], resultType), statements, "copy");
  statements.push(indexLoop(l, arrayLength(read(a)), (i) => [{ kind: "expr", expr: rt("array.push", [read(result), l.coerce(arrayGet(read(a), i, sourceElement), element, node)], numberType) }]));
  return seq(statements, read(result));
}
