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
  const result = computeEffects(expr, hasEffects, () => true);
  known.set(expr, result);
  return result;
}

function computeEffects(expr: Expr, effects: (expr: Expr) => boolean, sequence: (expr: Extract<Expr, { kind: "sequence" }>) => boolean): boolean {
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
      return effects(expr.object);
    case "elementAt":
      return effects(expr.array) || effects(expr.index);
    case "runtime":
      return !runtimeOp(expr.op)!.pure || expr.args.some(effects);
    case "unary":
      return effects(expr.operand);
    case "binary":
    case "logical":
      return effects(expr.left) || effects(expr.right);
    case "conditional":
      return effects(expr.condition) || effects(expr.whenTrue) || effects(expr.whenFalse);
    case "convert":
      return expr.checked || effects(expr.value);
    case "truthy":
    case "is":
    case "typeof":
      return effects(expr.value);
    case "arrayLiteral":
      return expr.elements.some((e) => ("spread" in e ? effects(e.spread) : effects(e)));
    case "objectLiteral":
      return expr.fields.some((f) => effects(f.value));
    case "call":
    case "callValue":
    case "methodCall":
    case "new":
    case "assign":
    case "compound":
      return true;
    case "sequence":
      return sequence(expr);
  }
}

const skippable = new WeakMap<Expr, boolean>();

/**
 * Whether evaluating `expr` may be left out altogether when its value is not needed (a log
 * message at a level Envoy does not log): it has no effects, counting a sequence that only
 * declares its own locals from such values (optional chains, `??` on a member) as none. Its pure
 * operations may still allocate, and skipping them only saves the allocation.
 */
export function canSkip(expr: Expr): boolean {
  const cached = skippable.get(expr);
  if (cached !== undefined) return cached;
  const result = !computeEffects(expr, (inner) => !canSkip(inner), (seq) => !(seq.statements.every((stmt) => stmt.kind === "let" && (stmt.init === undefined || canSkip(stmt.init))) && canSkip(seq.result)));
  skippable.set(expr, result);
  return result;
}
