/**
 * Matches that need no array (issue 14): `const m = /re/.exec(s)` whose `m` is only tested
 * (`if (m)`, `m ? a : b`) and indexed with constant indices (`m[1]`) keeps the match's capture
 * slots on the C stack and makes a capture's string only where it is read; the array, its group 0
 * and its other captures are never built. Anything else done with `m` (stored, passed, returned,
 * iterated, `.index`, `.length`, `&&`, compared, captured by a closure), an `await` or a `try` in
 * the function keeps today's match array: a wrong "no" costs instructions, a wrong "yes" would
 * miscompile.
 */
import type { Expr, IrFunction, Local } from "./nodes.js";

/** Most capture groups a slot match keeps on the stack (2 slots each, plus group 0's). */
const MAX_GROUPS = 15;

/** The regex of `/lit/.exec(s)` (the literal's object used once): its C name, else undefined. */
function literalExecRegex(init: Expr | undefined): string | undefined {
  if (init?.kind !== "runtime" || init.op !== "regexp.exec") return undefined;
  const receiver = init.args[0];
  if (receiver?.kind !== "runtime" || receiver.op !== "regexp.new" || receiver.args[0]?.kind !== "string") return undefined;
  return receiver.args[0].value;
}

/** The local under unchecked conversions (`convert(convert(m))`), if that is what `expr` is. */
export function convertedLocal(expr: Expr): Local | undefined {
  let at = expr;
  while (at.kind === "convert" && !at.checked) at = at.value;
  return at.kind === "local" ? at.local : undefined;
}

// Keys of IR nodes that hold no expression or statement of this function: types, layouts, other functions, sites.
const SKIPPED_KEYS = new Set(["type", "layout", "field", "member", "site", "literals", "table", "fn", "renew", "element", "catchLocal", "captured"]);

/**
 * The locals of `fn` that can be slot matches, each with its exec's regex C name; `groups` gives
 * a regex's capture group count by C name.
 */
export function slotMatches(fn: IrFunction, groups: (regex: string) => number | undefined): Map<Local, string> {
  if (fn.hasTry) return new Map();
  const candidates = new Map<Local, string>();
  const indices = new Map<Local, number[]>();
  const rejected = new Set<Local>();
  let awaits = false;
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Record<string, unknown> & { kind?: string };
    switch (node.kind) {
      case "await":
        awaits = true;
        break;
      case "let": {
        const stmt = node as unknown as { local: Local; init?: Expr };
        const regex = literalExecRegex(stmt.init);
        const count = regex === undefined ? undefined : groups(regex);
        if (regex !== undefined && count !== undefined && count <= MAX_GROUPS && !stmt.local.cell && !stmt.local.tdz && !stmt.local.captured && !candidates.has(stmt.local)) {
          candidates.set(stmt.local, regex);
        } else rejected.add(stmt.local);
        visit(stmt.init);
        return;
      }
      case "truthy": {
        const expr = node as unknown as Extract<Expr, { kind: "truthy" }>;
        if (expr.value.kind === "local") return;
        break;
      }
      case "elementAt": {
        const expr = node as unknown as Extract<Expr, { kind: "elementAt" }>;
        const local = convertedLocal(expr.array);
        if (local && expr.index.kind === "number" && Number.isInteger(expr.index.value) && expr.index.value >= 0) {
          indices.set(local, [...(indices.get(local) ?? []), expr.index.value]);
          return;
        }
        break;
      }
      case "local":
        // Any other use of a local (read, assigned) keeps its match an array.
        rejected.add((node as unknown as { local: Local }).local);
        return;
      case "closure":
      case "functionRef": {
        const inner = (node as unknown as { fn: IrFunction }).fn;
        for (const capture of inner.closure?.captures ?? []) rejected.add(capture.outer);
        break;
      }
    }
    for (const [k, v] of Object.entries(node)) {
      if (SKIPPED_KEYS.has(k) || (k === "callee" && node.kind === "call") || (k === "local" && node.kind !== undefined)) continue;
      visit(v);
    }
  };
  visit(fn.body);
  if (awaits) return new Map();
  for (const [local, regex] of candidates) {
    const count = groups(regex)!;
    if (rejected.has(local) || (indices.get(local) ?? []).some((i) => i > count)) candidates.delete(local);
  }
  return candidates;
}
