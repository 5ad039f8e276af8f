/**
 * Dicts: `Record<string, T>` and `{ [k: string]: T }`, objects whose keys are known only at run
 * time. A dict is a tse_map of string keys (runtime-c/dict.c keeps JavaScript's property order):
 * `d[k]`, `d.name`, `d[k] = v`, `delete d[k]`, `k in d`, literals and spreads, `Object.fromEntries`.
 * Reads find own keys only: a key no entry has reads as undefined (see docs/language.md).
 */
import { ts } from "../ts-morph.js";
import { binary, BinaryOp, booleanType, displayType, Expr, IrType, isSubtype, Local, membersOf, nonNullish, numberType, optionalOf, Stmt, stringType, undefinedType } from "../ir/index.js";
import { toNumberExpr } from "./builtins/conversions.js";
import { arrayGet, arrayLength, hold, indexLoop, read, rt, seq } from "./builtins/common.js";
import type { LowerContext } from "./context.js";
import { unsupported } from "./errors.js";

export type DictType = Extract<IrType, { kind: "map" }> & { dict: true };

export const isDict = (type: IrType): type is DictType => type.kind === "map" && type.dict === true;

/** Whether TypeScript's type is one lower/types.ts maps to a dict (checked before lowering anything). */
export function isDictTsType(checker: ts.TypeChecker, type: ts.Type): boolean {
  type = checker.getNonNullableType(type);
  return checker.getIndexInfosOfType(type).length > 0 && checker.getPropertiesOfType(type).length === 0 && !type.isClass() && !checker.isArrayType(type) && !checker.isTupleType(type);
}

/** A property key: strings as they are, numbers by ToString (`d[1]` is `d["1"]`). */
export function dictKey(ctx: LowerContext, node: ts.Expression): Expr {
  const key = ctx.expr(node);
  if (key.type.kind === "string") return key;
  if (key.type.kind === "number") return ctx.toStringExpr(key, node);
  unsupported(node, `a key of type ${displayType(key.type)}`, "index a Record<string, T> with a string (or a number)");
}

/** `d[k]` / `d.name`: the own entry's value, or undefined. */
export function dictGet(ctx: LowerContext, dict: Expr, key: Expr, node: ts.Node): Expr {
  const type = nonNullish(dict.type) as DictType;
  return ctx.coerce(rt("map.get", [dict, key], optionalOf(type.value)), ctx.typeOf(node), node);
}

/** The dict an access `d[k]` / `d.name` reads or writes, or undefined when `object` is no dict. */
function accessedDict(ctx: LowerContext, node: ts.Expression): ts.ElementAccessExpression | ts.PropertyAccessExpression | undefined {
  // `d[k]! += 1`: a target's `!` is erased, as in JavaScript (lower/operators.ts lvalue).
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (!ts.isElementAccessExpression(node) && !ts.isPropertyAccessExpression(node)) return undefined;
  return isDictTsType(ctx.checker, ctx.checker.getTypeAtLocation(node.expression)) ? node : undefined;
}

const keyOf = (ctx: LowerContext, access: ts.ElementAccessExpression | ts.PropertyAccessExpression): Expr =>
  ts.isPropertyAccessExpression(access) ? { kind: "string", value: access.name.text, type: stringType } : dictKey(ctx, access.argumentExpression);

/** `d[k] = v`: the dict, the key, then the value, as JavaScript evaluates them; its value is v. */
export function dictAssignment(ctx: LowerContext, node: ts.BinaryExpression): Expr | undefined {
  const access = accessedDict(ctx, node.left);
  if (!access) return undefined;
  const statements: Stmt[] = [];
  const dict = hold(ctx, ctx.expr(access.expression), statements, "dict");
  const type = dict.type as DictType;
  const key = hold(ctx, keyOf(ctx, access), statements, "key");
  const value = hold(ctx, ctx.coerce(ctx.expr(node.right, type.value), type.value, node.right), statements, "value");
  statements.push({ kind: "expr", expr: rt("map.set", [read(dict), read(key), read(value)], undefinedType) });
  return seq(statements, read(value));
}

/**
 * `d[k] op= v`, `d[k]++`, `--d[k]` on a record of numbers (`+=` also of strings): the dict, the
 * key, the entry's value (undefined when absent: `undefined + 1` is NaN, `undefined + "x"` is
 * "undefinedx"), then v, as JavaScript evaluates them; the write throws on a frozen record as `=`
 * does. `value` undefined: an update by 1. Undefined when `target` is no dict's entry.
 */
export function dictCompound(ctx: LowerContext, node: ts.Node, target: ts.Expression, op: BinaryOp, value: ts.Expression | undefined, returnOld: boolean): Expr | undefined {
  const statements: Stmt[] = [];
  const entryTarget = dictEntry(ctx, target, statements);
  if (!entryTarget) return undefined;
  const { dict, key, type } = entryTarget;
  const entry = type.value;
  const concat = op === "+" && entry.kind === "string" && value !== undefined;
  if (!concat && entry.kind !== "number") {
    unsupported(node, `\`${op}=\`, \`++\` or \`--\` on an entry of ${displayType(type)}`, "use them on records of numbers (or += on records of strings); otherwise read and write it: d[k] = f(d[k])");
  }
  const current = rt("map.get", [dict, key], optionalOf(entry));
  let result: Expr;
  let updated: Expr;
  if (concat) {
    const old = hold(ctx, current, statements, "old");
    const suffix = ctx.expr(value);
    // `undefined + 5` is NaN, which a record of strings cannot hold: only strings append.
    if (suffix.type.kind !== "string") unsupported(value, `\`+=\` of ${displayType(suffix.type)} on an entry of ${displayType(type)} (an absent entry would become NaN)`, "append a string: d[k] += String(v)");
    updated = rt("string.build", [ctx.toStringExpr(read(old), target), suffix], stringType);
    result = updated;
  } else {
    const old = hold(ctx, toNumberExpr(ctx, current, target), statements, "old");
    const operand = value ? ctx.coerce(ctx.expr(value, numberType), numberType, value) : { kind: "number" as const, value: 1, type: numberType };
    updated = binary(op, read(old), operand);
    result = read(old);
  }
  const held = hold(ctx, updated, statements, "value");
  statements.push({ kind: "expr", expr: rt("map.set", [dict, key, read(held)], undefinedType) });
  return seq(statements, returnOld ? result : read(held));
}

/**
 * `d[k]` as an assignment target: the dict, then the key, held in `statements` in that order, or
 * undefined when `node` is no dict's entry.
 */
export function dictEntry(ctx: LowerContext, node: ts.Expression, statements: Stmt[]): { dict: Expr; key: Expr; type: DictType } | undefined {
  const access = accessedDict(ctx, node);
  if (!access) return undefined;
  const dict = hold(ctx, ctx.expr(access.expression), statements, "dict");
  const key = hold(ctx, keyOf(ctx, access), statements, "key");
  return { dict: read(dict), key: read(key), type: dict.type as DictType };
}

/** Destructuring into a dict's entry: rejected with what to write. */
export function rejectDictTarget(ctx: LowerContext, node: ts.Expression): void {
  if (accessedDict(ctx, node)) unsupported(node, "destructuring into a Record entry", "destructure into locals, then write the entry: d[k] = v");
}

/** `delete d[k]`: true (an absent key included); a frozen dict throws V8's TypeError. */
export function dictDelete(ctx: LowerContext, node: ts.DeleteExpression): Expr {
  const access = accessedDict(ctx, node.expression);
  if (!access) unsupported(node, "`delete` of this property", "delete entries of a Record<string, T>; set an optional field to undefined");
  const statements: Stmt[] = [];
  const dict = hold(ctx, ctx.expr(access.expression), statements, "dict");
  return seq(statements, rt("dict.delete", [read(dict), keyOf(ctx, access)], booleanType));
}

/** `k in d`: an own key, or one every object inherits (`"toString" in d`). */
export function dictIn(ctx: LowerContext, key: Expr, dict: Expr, node: ts.Node): Expr {
  const statements: Stmt[] = [];
  const k = hold(ctx, key.type.kind === "string" ? key : ctx.toStringExpr(key, node), statements, "key");
  return seq(statements, rt("dict.in", [dict, read(k)], booleanType));
}

/** A dict-typed object literal: `{}`, `{ a: 1, [k]: v, ...other }`, entries set in order. */
export function dictLiteral(ctx: LowerContext, node: ts.ObjectLiteralExpression, type: DictType): Expr {
  const statements: Stmt[] = [];
  const dict = hold(ctx, rt("map.new", [], type), statements, "dict");
  const set = (key: Expr, value: Expr) => statements.push({ kind: "expr", expr: rt("map.set", [read(dict), key, value], undefinedType) });
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      statements.push(...spreadInto(ctx, read(dict), type, property.expression));
    } else if (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) {
      const name = property.name;
      let key: Expr;
      if (ts.isComputedPropertyName(name)) key = read(hold(ctx, dictKey(ctx, name.expression), statements, "key"));
      else if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) key = { kind: "string", value: name.text, type: stringType };
      else if (ts.isNumericLiteral(name)) key = { kind: "string", value: String(Number(name.text)), type: stringType };
      else unsupported(name, "this property name in a Record literal", "write a string key or a computed key [k]");
      const initializer = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      set(key, ctx.coerce(ctx.expr(initializer, type.value), type.value, initializer));
    } else {
      unsupported(property, "a method or accessor in a Record literal", "store function values as properties: { f: (x) => x }");
    }
  }
  return seq(statements, read(dict));
}

/** `...source` into a dict: each entry of a dict (undefined and null copy nothing). */
function spreadInto(ctx: LowerContext, target: Expr, type: DictType, node: ts.Expression): Stmt[] {
  const statements: Stmt[] = [];
  const source = ctx.expr(node);
  if (!isDict(nonNullish(source.type))) unsupported(node, `spreading ${displayType(source.type)} into a Record`, "spread another Record<string, T>, or set the properties one by one");
  const held = hold(ctx, source, statements, "spread");
  statements.push(...copyFrom(ctx, target, type, held, node));
  return statements;
}

/** Copies the entries of the dict held in `held` (nothing when it is undefined or null). */
function copyFrom(ctx: LowerContext, target: Expr, type: DictType, held: Local, node: ts.Node): Stmt[] {
  const statements: Stmt[] = [];
  const from = nonNullish(held.type) as DictType;
  const body: Stmt[] = [];
  const pairType = ctx.host.types.tupleOf([stringType, from.value]);
  const entries = hold(ctx, rt("collect.entries", [ctx.coerce(read(held), from, node)], { kind: "array", element: pairType }), body, "entries");
  body.push(...copyEntries(ctx, target, type, read(entries), from.value, node));
  if (membersOf(held.type).some((m) => m.kind === "undefined" || m.kind === "null")) {
    statements.push({ kind: "if", condition: { kind: "unary", op: "!", operand: ctx.isNullishTest(read(held)), type: booleanType }, then: body, otherwise: [] });
  } else {
    statements.push(...body);
  }
  return statements;
}

/** Sets each `[key, value]` pair of `pairs` in the dict. */
function copyEntries(ctx: LowerContext, dict: Expr, type: DictType, pairs: Expr, valueType: IrType, node: ts.Node): Stmt[] {
  const pairType = ctx.host.types.tupleOf([stringType, valueType]);
  const layout = (pairType as Extract<IrType, { kind: "object" }>).layout;
  return [
    indexLoop(ctx, arrayLength(pairs), (i) => {
      const pair = ctx.temp(pairType, "pair");
      const part = (at: number, t: IrType): Expr => ({ kind: "field", object: read(pair), layout, field: layout.fields[at]!, type: t });
      return [
        { kind: "let", local: pair, init: arrayGet(pairs, i, pairType) },
        { kind: "expr", expr: rt("map.set", [dict, part(0, stringType), ctx.coerce(part(1, valueType), type.value, node)], undefinedType) },
      ];
    }),
  ];
}

/** `Object.fromEntries(pairs)`: a dict of the pairs' entries, later keys overwriting earlier ones. */
export function dictFromEntries(ctx: LowerContext, node: ts.CallExpression): Expr {
  const argument = node.arguments[0];
  if (!argument) unsupported(node, "Object.fromEntries without an argument", "pass an array of [key, value] pairs");
  const type = ctx.typeOf(node);
  if (!isDict(type)) unsupported(node, `Object.fromEntries giving ${displayType(type)}`, "give the pairs a string key type: [string, T][]");
  const statements: Stmt[] = [];
  const dict = hold(ctx, rt("map.new", [], type), statements, "dict");
  const pairType = ctx.host.types.tupleOf([stringType, type.value]);
  const pairs = hold(ctx, ctx.spreadSource(argument, pairType), statements, "pairs");
  statements.push(...copyEntries(ctx, read(dict), type, read(pairs), type.value, argument));
  return seq(statements, read(dict));
}

/**
 * `Object.assign(target, ...sources)` with Record target and sources: every argument is evaluated
 * first, then each source's entries are set in the target in order (a frozen target throws as a
 * write does); the value is the target. Other objects have fixed layouts: spread into a new one.
 */
export function dictAssign(ctx: LowerContext, node: ts.CallExpression): Expr {
  const [first, ...rest] = node.arguments;
  if (!first) unsupported(node, "Object.assign without a target", "pass the Record to copy into");
  const statements: Stmt[] = [];
  const target = ctx.expr(first);
  if (!isDict(target.type)) unsupported(first, `Object.assign into ${displayType(target.type)}`, "Object.assign copies into a Record<string, T>; for other objects spread into a new object of a declared type: const merged: Options = { ...defaults, ...overrides }");
  const type = target.type;
  // TypeScript types the result as an intersection (target & sources), which has no layout.
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && !parent.type && !isDict(ctx.typeOf(parent.name))) {
    unsupported(parent.name, "a variable of Object.assign's intersection type", `declare its type (const merged: ${displayType(type)} = Object.assign(...)), or use the target`);
  }
  const dict = hold(ctx, target, statements, "target");
  const sources = rest.map((argument) => {
    if (ts.isSpreadElement(argument)) unsupported(argument, "a spread argument to Object.assign", "pass each source as its own argument");
    // An object literal source is a Record of the target's type (TypeScript infers its own shape).
    let inner: ts.Expression = argument;
    while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    const source = ts.isObjectLiteralExpression(inner) ? ctx.expr(argument, type) : ctx.expr(argument);
    const from = nonNullish(source.type);
    if (!isDict(from)) unsupported(argument, `Object.assign from ${displayType(source.type)} into a Record`, "copy from another Record<string, T>, or set the entries one by one");
    if (!isSubtype(from.value, type.value)) unsupported(argument, `Object.assign of ${displayType(from.value)} values into a Record of ${displayType(type.value)}`, "give the target a value type that holds both (Record<string, A | B>)");
    return { held: hold(ctx, source, statements, "source"), argument };
  });
  for (const { held, argument } of sources) statements.push(...copyFrom(ctx, read(dict), type, held, argument));
  return seq(statements, read(dict));
}
