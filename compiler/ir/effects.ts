/**
 * Side effects of IR expressions: whether evaluating one may change anything observable (or
 * depend on order), from the node kinds and the runtime-op table. The emitter keeps JavaScript's
 * left-to-right order by holding an operand in a temporary exactly when a later one has effects.
 * Results are remembered per node (nodes are not changed once built).
 */
import type { Expr } from "./nodes.js";
import { runtimeOp } from "./runtime-ops.js";

const known = new WeakMap<Expr, boolean>();

export function hasEffects(expr: Expr): boolean {
  const cached = known.get(expr);
  if (cached !== undefined) return cached;
  const result = computeEffects(expr);
  known.set(expr, result);
  return result;
}

function computeEffects(expr: Expr): boolean {
  switch (expr.kind) {
    case "number":
    case "boolean":
    case "string":
    case "undefined":
    case "null":
    case "envoy":
    case "local":
    case "functionRef":
    case "table":
    case "closure":
      return false;
    case "field":
    case "unionField":
    case "hasMethod":
      return hasEffects(expr.object);
    case "elementAt":
      return hasEffects(expr.array) || hasEffects(expr.index);
    case "runtime":
      return !runtimeOp(expr.op)!.pure || expr.args.some(hasEffects);
    case "unary":
      return hasEffects(expr.operand);
    case "binary":
    case "logical":
      return hasEffects(expr.left) || hasEffects(expr.right);
    case "conditional":
      return hasEffects(expr.condition) || hasEffects(expr.whenTrue) || hasEffects(expr.whenFalse);
    case "convert":
      return expr.checked || hasEffects(expr.value);
    case "truthy":
    case "is":
    case "typeof":
      return hasEffects(expr.value);
    case "arrayLiteral":
      return expr.elements.some((e) => ("spread" in e ? hasEffects(e.spread) : hasEffects(e)));
    case "objectLiteral":
      return expr.fields.some((f) => hasEffects(f.value));
    case "call":
    case "callValue":
    case "methodCall":
    case "new":
    case "assign":
    case "compound":
    case "sequence":
      return true;
  }
}

/**
 * Whether not evaluating `expr` at all cannot be told from evaluating it: no effects, where a
 * `sequence` may declare locals of its own (an optional chain's `let`), which nothing else sees.
 * Allocation failures aside (skipping one is no loss). For work done only when it is needed.
 */
export function skippable(expr: Expr): boolean {
  switch (expr.kind) {
    case "sequence":
      return expr.statements.every((s) => s.kind === "let" && (s.init === undefined || skippable(s.init))) && skippable(expr.result);
    case "binary":
    case "logical":
      return skippable(expr.left) && skippable(expr.right);
    case "conditional":
      return skippable(expr.condition) && skippable(expr.whenTrue) && skippable(expr.whenFalse);
    case "runtime":
      return runtimeOp(expr.op)!.pure && expr.args.every(skippable);
    case "convert":
      return !expr.checked && skippable(expr.value);
    case "truthy":
    case "is":
    case "typeof":
      return skippable(expr.value);
    case "field":
    case "unionField":
      return skippable(expr.object);
    default:
      return !hasEffects(expr);
  }
}
