/**
 * Numbers and booleans: Number.prototype.* and Boolean.prototype.*, Number(), Boolean(), parseInt,
 * parseFloat, isNaN/isFinite and the Number.is* predicates, and Number's constants.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, Expr, numberType, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import type { BuiltinLowering, BuiltinTable } from "./common.js";
import { bool, num, numberArg, optionalNumberArg, rt, seq } from "./common.js";
import { toNumberExpr, toStringExpr } from "./conversions.js";

export const NUMBER_CONSTANTS: Record<string, number> = {
  "Number.MAX_SAFE_INTEGER": Number.MAX_SAFE_INTEGER, "Number.MIN_SAFE_INTEGER": Number.MIN_SAFE_INTEGER,
  "Number.EPSILON": Number.EPSILON, "Number.MAX_VALUE": Number.MAX_VALUE, "Number.MIN_VALUE": Number.MIN_VALUE, "Number.NaN": NaN,
  "Number.POSITIVE_INFINITY": Infinity, "Number.NEGATIVE_INFINITY": -Infinity,
};

const first = (l: LowerContext, node: ts.CallExpression): Expr => l.expr(node.arguments[0]!);

const parseIntCall: BuiltinLowering = (l, { node }) =>
  rt("parseInt", [toStringExpr(l, first(l, node), node.arguments[0]!), node.arguments[1] ? numberArg(l, node.arguments[1], NaN) : num(NaN)], numberType);
const parseFloatCall: BuiltinLowering = (l, { node }) => rt("parseFloat", [toStringExpr(l, first(l, node), node.arguments[0]!)], numberType);
/** Number.isNaN and friends: false for anything not a number, without converting it. */
const numberPredicate: BuiltinLowering = (l, { node, name }) => {
  const value = first(l, node);
  if (value.type.kind !== "number") return seq([{ kind: "expr", expr: value }], bool(false));
  return rt(`number.${name.slice(7)}`, [value], booleanType);
};
/** The global isNaN and isFinite convert their argument first. */
const convertingPredicate: BuiltinLowering = (l, { node, name }) => rt(`number.${name}`, [toNumberExpr(l, first(l, node), node.arguments[0]!)], booleanType);

export const NUMBER_BUILTINS: BuiltinTable = {
  "Number.prototype.toFixed": (l, { node, receiver }) => rt("number.toFixed", [receiver!, numberArg(l, node.arguments[0], 0)], stringType),
  "Number.prototype.toString": (l, { node, receiver }) =>
    node.arguments[0] ? rt("number.toStringRadix", [receiver!, numberArg(l, node.arguments[0], 10)], stringType) : rt("number.toString", [receiver!], stringType),
  "Number.prototype.toPrecision": (l, { node, receiver }) => rt("number.toPrecision", [receiver!, optionalNumberArg(l, node.arguments[0])], stringType),
  "Number.prototype.toExponential": (l, { node, receiver }) => rt("number.toExponential", [receiver!, optionalNumberArg(l, node.arguments[0])], stringType),
  "Number.prototype.valueOf": (l, { receiver }) => receiver,
  "Boolean.prototype.toString": (l, { receiver }) => rt("boolean.toString", [receiver!], stringType),
  "Boolean.prototype.valueOf": (l, { receiver }) => receiver,
  Number: (l, { node }) => (node.arguments[0] ? toNumberExpr(l, first(l, node), node.arguments[0]) : num(0)),
  Boolean: (l, { node }) => (node.arguments[0] ? l.truthy(first(l, node)) : bool(false)),
  parseInt: parseIntCall,
  "Number.parseInt": parseIntCall,
  parseFloat: parseFloatCall,
  "Number.parseFloat": parseFloatCall,
  isNaN: convertingPredicate,
  isFinite: convertingPredicate,
  "Number.isNaN": numberPredicate,
  "Number.isFinite": numberPredicate,
  "Number.isInteger": numberPredicate,
  "Number.isSafeInteger": numberPredicate,
};

