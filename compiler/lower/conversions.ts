/**
 * Conversions between IR types: coercion to an expected type (widening, adapters for function
 * values), truthiness and ToString.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { booleanType, compatible, displayType, Expr, IrType, isSubtype, Local, membersOf, noteAliases, sameType, undefinedType } from "../ir/index.js";
import { convertedCopy, toStringExpr as libraryToString } from "./builtins/index.js";
import type { LowerContext } from "./context.js";
import { LoweringError } from "./errors.js";

/** Converts `expr` to `to`: the same JS value in another representation, or reports why not. */
export function coerce(ctx: LowerContext, expr: Expr, to: IrType, node: ts.Node): Expr {
  const from = expr.type;
  if (to.kind === "void") return expr;
  const isUnreachable = (e: Expr) => e.kind === "runtime" && e.op === "unreachable";
  if (isUnreachable(expr)) return { ...expr, type: to };
  if (expr.kind === "sequence" && isUnreachable(expr.result)) return { ...expr, result: { ...expr.result, type: to }, type: to };
  // A void call's value is undefined.
  if (from.kind === "void") {
    const undefinedValue: Expr = { kind: "sequence", statements: [{ kind: "expr", expr }], result: { kind: "undefined", type: undefinedType }, type: undefinedType };
    return coerce(ctx, undefinedValue, to, node);
  }
  if (sameType(from, to)) return expr.type === to ? expr : { ...expr, type: to };
  // `[]` has no element type of its own (TypeScript's never[]): it is an empty array of any type.
  if (expr.kind === "arrayLiteral" && expr.elements.length === 0) {
    const array = membersOf(to).filter((m) => m.kind === "array");
    if (array.length === 1 && !sameType(from, array[0]!)) return coerce(ctx, { ...expr, type: array[0]! }, to, node);
  }
  const convert = (checked = false): Expr => {
    noteAliases(from, to);
    return { kind: "convert", value: expr, type: to, checked };
  };
  if (compatible(from, to)) return convert();
  if (from.kind === "function" && to.kind === "function") return adaptFunction(ctx, expr, to, node);
  // A function where an optional function is expected: adapted to it, then widened.
  const functionMember = to.kind === "union" && from.kind === "function" ? to.members.find((m) => m.kind === "function") : undefined;
  if (functionMember && !isSubtype(from, to)) return coerce(ctx, coerce(ctx, expr, functionMember, node), to, node);
  // Widening: every value of `from` is a value of `to`.
  if (isSubtype(from, to)) return convert();
  // Narrowing that TypeScript proved: sound for plain locals, re-checked elsewhere.
  if (isSubtype(to, from)) return convert(!isStableRead(ctx, expr));
  if (from.kind === "union" && to.kind !== "union" && membersOf(from).some((m) => compatible(m, to))) return convert(!isStableRead(ctx, expr));
  // A new array (a literal, a copy) of class instances used as an array of an interface type: no
  // other reference sees it, so a copy typed with the interface holds the same objects.
  if (from.kind === "array" && to.kind === "array" && isFreshArray(expr) && ctx.host.implementations.register(from.element, to.element, node)) {
    return convertedCopy(ctx, expr, to.element, node);
  }
  // Objects of other layouts where a record type is expected: the same objects, dispatched on.
  if (ctx.host.implementations.register(from, to, node)) return convert();
  // A record narrowed to a class none of its values have (instanceof in code that cannot run): checked.
  if (from.kind === "object" && from.layout.kind === "record" && to.kind === "object" && to.layout.kind === "class") return convert(true);
  throw new LoweringError(node, diag.TSE2020, formatMessage(diag.TSE2020, { from: displayType(from), to: displayType(to) }), CATALOGUE.TSE2020.hint);
}

/**
 * A read whose narrowing TypeScript proved: a plain local, in code where no type predicate
 * (`x is T`, `asserts x is T`, which only claim) may have narrowed it.
 */
function isStableRead(ctx: LowerContext, expr: Expr): boolean {
  return expr.kind === "local" && !expr.local.cell && !expr.local.claimed && !ctx.predicateNarrowing;
}

export function truthy(ctx: LowerContext, expr: Expr): Expr {
  return expr.type.kind === "boolean" ? expr : { kind: "truthy", value: expr, type: booleanType };
}

export function toStringExpr(ctx: LowerContext, expr: Expr, node: ts.Node): Expr {
  return libraryToString(ctx, expr, node);
}

/** A function value of one signature used as another: an adapter closure converts arguments and result. */
export function adaptFunction(ctx: LowerContext, value: Expr, to: Extract<IrType, { kind: "function" }>, node: ts.Node, skipped = 0): Expr {
  const from = value.type as Extract<IrType, { kind: "function" }>;
  const holder = ctx.temp(from, "adapted");
  const adapter = ctx.host.newFunction(`${ctx.fn.cName}_adapter`, `adapter in ${ctx.fn.displayName}`, to.returns);
  const inner: Local = { name: "adapted", cName: "cap_adapted", type: from, captured: { envStruct: `env_${adapter.cName}`, field: "cap_adapted" } };
  adapter.closure = { envStruct: `env_${adapter.cName}`, captures: [{ outer: holder, inner }] };
  const lowerer = ctx.nested(adapter);
  adapter.params = to.params.map((p, i) => lowerer.declareLocal(`arg${i}`, p));
  // `skipped` leading parameters of `to` (a method's receiver) are not passed on.
  const args = from.params.map((p, i) => {
    const given = adapter.params[i + skipped];
    return given ? lowerer.coerce({ kind: "local", local: given, type: given.type }, p, node) : lowerer.coerce({ kind: "undefined", type: undefinedType }, p, node);
  });
  const call: Expr = { kind: "callValue", callee: { kind: "local", local: inner, type: from }, args, type: from.returns };
  adapter.body = [to.returns.kind === "void" ? { kind: "expr", expr: call } : { kind: "return", value: lowerer.coerce(call, to.returns, node) }];
  adapter.lowered = true;
  return {
    kind: "sequence",
    statements: [{ kind: "let", local: holder, init: value }],
    result: { kind: "closure", fn: adapter, type: to },
    type: to,
  };
}

/** An array just created (a literal, a copy): nothing else references it yet. */
function isFreshArray(expr: Expr): boolean {
  if (expr.kind === "arrayLiteral") return true;
  if (expr.kind === "runtime") return ["array.new", "array.slice", "array.splice", "collect.keys", "collect.values", "collect.entries", "collect.chars"].includes(expr.op);
  if (expr.kind !== "sequence" || expr.result.kind !== "local") return false;
  const local = expr.result.local;
  return expr.statements.some((s) => s.kind === "let" && s.local === local && s.init !== undefined && isFreshArray(s.init));
}
