/** Date's runtime operations (runtime-c/date.c, and Date.now in bytes.c) as C; the emitter's last family of operations. */
import { Expr, runtimeOp } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";

type RuntimeExpr = Extract<Expr, { kind: "runtime" }>;

export function dateOp(e: EmitterCore, expr: RuntimeExpr): string {
  if (!expr.op.startsWith("date.")) throw new Error(`emitter: no C form for ${expr.op}`);
  const c = runtimeOp(expr.op)?.c ?? "";
  const codes = e.operands(expr.args);
  switch (expr.op) {
    case "date.now":
      return e.temp(expr.type, `${c}()`);
    case "date.getTime":
      return `${e.wrap(codes[0]!)}->time`;
    case "date.field":
    case "date.parse":
    case "date.utc":
    case "date.setTime":
      return e.temp(expr.type, `${c}(${codes.join(", ")})`);
    default:
      // date.new and the string forms: ctx and one operand.
      return e.temp(expr.type, `${c}(ctx, ${codes.join(", ")})`);
  }
}
