/**
 * What the parts of the C emitter share while emitting one function: the module's pools
 * (EmitContext, c-types.ts), and the function emitter's primitives (c-function.ts implements
 * EmitterCore), through which dispatch, conversions and runtime operations write their C.
 */
import type { Expr, IrType, Layout } from "../ir/index.js";
import type { EmitContext } from "./c-types.js";

export interface EmitterCore {
  readonly context: EmitContext;
  /** Emits `expr`; returns a side-effect-free C expression for its value. */
  expr(expr: Expr): string;
  /** Evaluates operands left to right; earlier ones are held in temporaries when a later one has effects. */
  operands(exprs: Expr[]): string[];
  line(text: string): void;
  newTemp(): string;
  temp(type: IrType, init: string): string;
  materialize(code: string, type: IrType): string;
  block(body: () => void): void;
  allocate(layout: Layout): string;
  /** Emits `expr` for a use that keeps no copy of its value (c-append.ts: a string local keeps its owner). */
  readWithoutCopy(expr: Expr): string;
  /** Parenthesizes unless `code` is already one operand. */
  wrap(code: string): string;
}
