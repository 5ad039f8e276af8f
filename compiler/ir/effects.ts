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

/**
 * Whether not evaluating `expr` at all cannot be told from evaluating it: no effects, where a
 * `sequence` may declare locals of its own (an optional chain's `let`), which nothing else sees.
 * Allocation failures aside (skipping one is no loss). For work done only when it is needed.
 */
export function skippable(expr: Expr): boolean {
  return !skipEffects(expr);
}

/** hasEffects, but a `sequence` of `let`s whose parts have none has none either (skippable). */
function skipEffects(expr: Expr): boolean {
  return computeEffects(expr, skipEffects, (sequence) =>
    sequence.statements.some((s) => s.kind !== "let" || (s.init !== undefined && skipEffects(s.init))) || skipEffects(sequence.result),
  );
}

/** One walk for both questions: `of` answers for the parts, `sequenceEffects` for a `sequence`. */
function computeEffects(expr: Expr, of: (part: Expr) => boolean, sequenceEffects: (sequence: Extract<Expr, { kind: "sequence" }>) => boolean): boolean {
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
      return of(expr.object);
    case "elementAt":
      return of(expr.array) || of(expr.index);
    case "runtime":
      return !runtimeOp(expr.op)!.pure || expr.args.some(of);
    case "unary":
      return of(expr.operand);
    case "binary":
    case "logical":
      return of(expr.left) || of(expr.right);
    case "conditional":
      return of(expr.condition) || of(expr.whenTrue) || of(expr.whenFalse);
    case "convert":
      return expr.checked || of(expr.value);
    case "truthy":
    case "is":
    case "typeof":
      return of(expr.value);
    case "arrayLiteral":
      return expr.elements.some((e) => ("spread" in e ? of(e.spread) : of(e)));
    case "objectLiteral":
      return expr.fields.some((f) => of(f.value));
    case "sequence":
      return sequenceEffects(expr);
    case "call":
    case "callValue":
    case "methodCall":
    case "new":
    case "assign":
    case "compound":
      return true;
  }
}
