/**
 * The state machine of an async function (docs/async.md): which `await` statements it has, numbered
 * from 1 in source order (its frame's `state`), and the try statements around each, which a
 * resumption re-enters on its way to the resume point so that their handlers are installed again.
 * An `await f()` of the filter's own async function chains f's frame to this one's (`child`).
 */
import { runtimeOp, type Expr, type IrFunction, type Stmt } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";

type TryStmt = Extract<Stmt, { kind: "try" }>;

export interface AsyncPlan {
  /** Each await statement's state number. */
  states: Map<Stmt, number>;
  /** For each state, the try statements whose body holds its await, outermost first. */
  tries: Map<number, TryStmt[]>;
  /** A label at the start of each try statement some resumption enters. */
  entries: Map<TryStmt, string>;
  frameStruct: string;
}

function children(stmt: Stmt): { body: Stmt[]; tryBody?: TryStmt }[] {
  switch (stmt.kind) {
    case "if":
      return [{ body: stmt.then }, { body: stmt.otherwise }];
    case "loop":
      return [{ body: stmt.body }, { body: stmt.update }];
    case "forOf":
    case "forOfCollection":
    case "labeled":
    case "block":
      return [{ body: stmt.body }];
    case "try":
      return [{ body: stmt.body, tryBody: stmt }, { body: stmt.catchBody ?? [] }, { body: stmt.finallyBody ?? [] }];
    case "switch":
      return stmt.cases.map((c) => ({ body: c.body }));
    default:
      return [];
  }
}

export function asyncPlan(fn: IrFunction): AsyncPlan {
  const plan: AsyncPlan = { states: new Map(), tries: new Map(), entries: new Map(), frameStruct: `${fn.cName}_frame` };
  const visit = (body: Stmt[], path: TryStmt[]): void => {
    for (const stmt of body) {
      if (stmt.kind === "await") {
        const state = plan.states.size + 1;
        plan.states.set(stmt, state);
        plan.tries.set(state, path);
        for (const t of path) if (!plan.entries.has(t)) plan.entries.set(t, `try_entry${plan.entries.size + 1}`);
      }
      for (const child of children(stmt)) visit(child.body, child.tryBody ? [...path, child.tryBody] : path);
    }
  };
  visit(fn.body, []);
  return plan;
}

/** Where a resumption to `state` goes next from inside `within` (or from the function's start). */
export function resumeTarget(plan: AsyncPlan, state: number, within?: TryStmt): string {
  const path = plan.tries.get(state)!;
  const next = within ? path[path.indexOf(within) + 1] : path[0];
  return next ? plan.entries.get(next)! : `resume${state}`;
}

/** The dispatch at the function's start or a re-entered try body: a goto for each state through it. */
export function dispatchLines(plan: AsyncPlan, within?: TryStmt): string[] {
  const lines: string[] = [];
  for (const [state, path] of plan.tries) {
    if (within && !path.includes(within)) continue;
    lines.push(`if (frame->base.state == ${state}) goto ${resumeTarget(plan, state, within)};`);
  }
  return lines;
}

/**
 * `await f(args)` of an async function of the filter's, state `state`: the call with a fresh frame;
 * on resumption (the label) the call again with f's suspended frame (f restores its own arguments,
 * so it gets zeros); while f is suspended this function suspends too, keeping f's frame as its child.
 */
export function awaitCallLines(state: number, first: string, again: string, slots: [string, string][], returnLine: string, site: string): string[] {
  return [
    "ctx->async_frame = NULL;",
    first,
    "if (0) {",
    `resume${state}:;`,
    ...slots.map(([variable, field]) => `  ${variable} = frame->${field};`),
    "  ctx->async_frame = frame->base.child;",
    "  frame->base.child = NULL;",
    "  frame->base.state = 0;",
    `  ctx->site = ${site};`,
    `  ${again}`,
    "}",
    "if (ctx->suspended) {",
    "  frame->base.child = (tse_async_frame*)ctx->async_frame;",
    `  frame->base.state = ${state};`,
    ...slots.map(([variable, field]) => `  frame->${field} = ${variable};`),
    "  tse_async_suspend(ctx, &frame->base);",
    `  ${returnLine}`,
    "}",
  ];
}

/**
 * An await of a runtime operation, state `state`: save the locals, suspend and return; a resumption
 * jumps to the label, restores them and throws a rejection. With `ready` (the operation's C result:
 * done already) it suspends only when not, and goes on past the label otherwise.
 */
export function suspendLines(state: number, slots: [string, string][], returnLine: string, site: string, ready?: string): string[] {
  const suspend = [`frame->base.state = ${state};`, ...slots.map(([variable, field]) => `frame->${field} = ${variable};`), "tse_async_suspend(ctx, &frame->base);", returnLine];
  const resume = [`resume${state}:;`, ...slots.map(([variable, field]) => `${variable} = frame->${field};`), `tse_async_resumed(ctx, &frame->base, ${site});`];
  if (ready === undefined) return [...suspend, ...resume];
  return [`if (!${ready}) {`, ...suspend.map((l) => `  ${l}`), "}", "if (0) {", ...resume.map((l) => `  ${l}`), "}"];
}

/** The runtime operations of awaits (runtime-c/async.c): starting what is awaited, and what it gave. */
export function asyncOp(e: EmitterCore, expr: Extract<Expr, { kind: "runtime" }>): string {
  if (expr.op === "async.result") return "frame->base.result";
  const call = `${runtimeOp(expr.op)!.c}(${["ctx", ...e.operands(expr.args)].join(", ")})`;
  if (expr.type.kind !== "void") return e.temp(expr.type, call);
  e.line(`${call};`);
  return "0";
}
