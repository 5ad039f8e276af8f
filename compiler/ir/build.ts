/**
 * Small constructors for IR nodes. Operators on constants fold to the constant JavaScript computes
 * (the compiler runs on V8, whose arithmetic is the reference); everything else is built as given.
 * Each constructor also records the node's side effects (ir/effects.ts) as it is built.
 */
import { hasEffects } from "./effects.js";
import { BinaryOp, booleanType, Expr, IrType, Local, LValue, numberType, Stmt, stringType, undefinedType } from "./nodes.js";
import { RuntimeOp } from "./runtime-ops.js";

function built<T extends Expr>(expr: T): T {
  hasEffects(expr);
  return expr;
}

export const num = (value: number): Expr => ({ kind: "number", value, type: numberType });
export const str = (value: string): Expr => ({ kind: "string", value, type: stringType });
export const bool = (value: boolean): Expr => ({ kind: "boolean", value, type: booleanType });
export const undef = (): Expr => ({ kind: "undefined", type: undefinedType });
export const read = (local: Local): Expr => ({ kind: "local", local, type: local.type });

export const rt = (op: RuntimeOp, args: Expr[], type: IrType): Expr => built({ kind: "runtime", op, args, type });

/** `statements`, then `result`'s value. */
export const seq = (statements: Stmt[], result: Expr): Expr => built({ kind: "sequence", statements, result, type: result.type });

export const letStmt = (local: Local, init?: Expr): Stmt => (init ? { kind: "let", local, init } : { kind: "let", local });
export const exprStmt = (expr: Expr): Stmt => ({ kind: "expr", expr });
export const assign = (target: LValue, value: Expr, type: IrType): Expr => built({ kind: "assign", target, value, type });

const COMPARISONS = new Set<BinaryOp>(["<", ">", "<=", ">=", "===", "!=="]);

/** JavaScript's result of `a op b` on two numbers. */
function fold(op: BinaryOp, a: number, b: number): number | boolean {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return a / b;
    case "%": return a % b;
    case "**": return a ** b;
    case "<": return a < b;
    case ">": return a > b;
    case "<=": return a <= b;
    case ">=": return a >= b;
    case "===": return a === b;
    case "!==": return a !== b;
    case "&": return a & b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "<<": return a << b;
    case ">>": return a >> b;
    case ">>>": return a >>> b;
  }
}

/** `left op right`; two number constants fold. `type`: number, or boolean for comparisons. */
export function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  if (left.kind === "number" && right.kind === "number" && left.type.kind === "number" && right.type.kind === "number") {
    const value = fold(op, left.value, right.value);
    return typeof value === "boolean" ? bool(value) : num(value);
  }
  return built({ kind: "binary", op, left, right, type: COMPARISONS.has(op) ? booleanType : numberType });
}

/** `-x`, `~x`; a number constant folds. */
export function negate(op: "-" | "~", operand: Expr): Expr {
  if (operand.kind === "number") return num(op === "-" ? -operand.value : ~operand.value);
  return built({ kind: "unary", op, operand, type: numberType });
}

/** `!x` of a boolean; a constant folds. */
export function not(operand: Expr): Expr {
  if (operand.kind === "boolean") return bool(!operand.value);
  return built({ kind: "unary", op: "!", operand, type: booleanType });
}
