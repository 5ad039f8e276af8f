/**
 * Escape analysis for early release (docs/runtime.md, "What is released when"): which loop
 * iterations and hook calls keep nothing they allocate, so the emitter may wrap them in an arena
 * mark (`tse_mark_save` / `tse_mark_release`, runtime-c/arena.c) and free their temporaries.
 *
 * A region (a loop body, a hook's body) escapes when anything it allocates could be reachable
 * after it ends: a pointer-holding value stored into a variable declared outside it, into a field
 * or element, or into an array, Map or Set it did not create itself; a call the analysis cannot
 * see through (closures, dispatched methods, callbacks, host calls that keep or re-enter); an
 * `await`. Whatever it does not recognise escapes: a wrong "no" costs memory, a wrong "yes" would
 * free live memory. Returning, throwing and `break` leave a loop without its release, so what they
 * carry out stays. Results are remembered per node (nodes are not changed once built).
 */
import type { Expr, IrFunction, IrType, LValue, Local, Stmt } from "./nodes.js";
import { runtimeOp } from "./runtime-ops.js";

export interface LoopRelease {
  /** Locals declared inside the body: appends in place must forget their owners on release (emit/c-append.ts). */
  inner: Local[];
}

export type Verdict = { release: true; inner: Local[] } | { release: false; reason: string };

/** Whether values of this type hold a pointer (to the arena, a table or static data). */
export function holdsPointer(type: IrType): boolean {
  switch (type.kind) {
    case "number":
    case "boolean":
    case "void":
    case "undefined":
    case "null":
    case "envoy":
      return false;
    case "union":
      return type.members.some(holdsPointer);
    default:
      return true;
  }
}

class Region {
  readonly inner = new Set<Local>();
  /** Inner locals bound only once, to a new object or container (`let a = []`): stores into them stay inside. */
  private readonly fresh = new Set<Local>();
  private readonly reassigned = new Set<Local>();
  reason: string | undefined;

  constructor(
    private readonly analysis: ReleaseAnalysis,
    /** A constructor's `this`, whose fields it may set (the object is new). */
    private readonly constructing?: Local,
  ) {}

  escape(reason: string): void {
    this.reason ??= reason;
  }

  declare(local: Local, init?: Expr): void {
    this.inner.add(local);
    // An alias of such a local (lowering's `let array = parts` before a push) is the same new object.
    if (init && (isFresh(init) || this.owned(init))) this.fresh.add(local);
  }

  private owned(expr: Expr): boolean {
    return expr.kind === "local" && this.fresh.has(expr.local) && !this.reassigned.has(expr.local);
  }

  statements(body: Stmt[]): void {
    collectAssigned(body, this.reassigned);
    for (const stmt of body) this.statement(stmt);
  }

  private statement(stmt: Stmt): void {
    if (this.reason) return;
    // Declarations first: what the statement binds is the region's own.
    if (stmt.kind === "let") this.declare(stmt.local, stmt.init);
    if (stmt.kind === "forOf" || stmt.kind === "forOfCollection") this.declare(stmt.element);
    if (stmt.kind === "try" && stmt.catchLocal) this.declare(stmt.catchLocal);
    if (stmt.kind === "await") return this.escape("an await: other hook calls run before it resumes");
    forEachStmtChild(stmt, (e) => this.expr(e), (body) => this.statements(body));
  }

  private store(target: LValue, value: IrType, concat: boolean): void {
    const pointer = holdsPointer(value) || concat;
    switch (target.kind) {
      case "local":
        if (!this.inner.has(target.local) && pointer) this.escape(`stores into ${target.local.name}, declared outside`);
        return;
      case "field": {
        this.expr(target.object);
        const own = this.owned(target.object) || (this.constructing !== undefined && target.object.kind === "local" && target.object.local === this.constructing);
        if (own) return;
        // A class instance has every field already: a number stored into one allocates nothing.
        if (pointer || target.layout.kind !== "class") this.escape(`stores into the field ${target.field.name}`);
        return;
      }
      case "element":
        this.expr(target.array);
        this.expr(target.index);
        // Writing past the end grows an array: only one the region made may grow. A Uint8Array
        // holds numbers and never grows.
        if (target.array.type.kind !== "bytes" && !this.owned(target.array)) this.escape("stores into an element of an array made outside");
        return;
    }
  }

  expr(expr: Expr): void {
    if (this.reason) return;
    switch (expr.kind) {
      case "call": {
        if (expr.self) this.expr(expr.self);
        for (const arg of expr.args) this.expr(arg);
        // super(...) inside a constructor sets fields of the same new object.
        const constructing = this.constructing !== undefined && expr.self?.kind === "local" && expr.self.local === this.constructing && expr.callee.self !== undefined;
        const why = this.analysis.callee(expr.callee, constructing && isConstructorOf(expr.callee));
        if (why) this.escape(`calls ${expr.callee.displayName}: ${why}`);
        return;
      }
      case "new": {
        for (const arg of expr.args) this.expr(arg);
        const ctor = expr.layout.constructorFunction;
        const why = ctor ? this.analysis.callee(ctor, true) : undefined;
        if (why) this.escape(`constructs ${expr.layout.displayName}: ${why}`);
        return;
      }
      case "callValue":
        return this.escape("calls a function value");
      case "methodCall":
        return this.escape(`calls the method ${expr.name} through an interface`);
      case "runtime": {
        for (const arg of expr.args) this.expr(arg);
        const op = expr.op as string;
        if (runtimeOp(op)!.params.includes("function")) return this.escape(`${op} calls a function value`);
        // Each operation declares what it does with its arguments' memory (ir/runtime-ops.ts).
        const { memory } = runtimeOp(op)!;
        if (memory === "keeps") return this.escape(op.startsWith("envoy.") ? `${op} may keep memory or call hooks back` : `${op} keeps what it is given`);
        if (memory === "stores" && !this.owned(expr.args[0]!)) return this.escape(`${op} on a container made outside`);
        return;
      }
      case "assign":
      case "compound":
        this.expr(expr.value);
        return this.store(expr.target, expr.kind === "assign" ? expr.value.type : expr.type, expr.kind === "compound" && expr.op === "concat");
      case "closure":
        return; // makes an environment; what it captures is read, not kept by the region
      default:
        forEachChild(expr, (e) => this.expr(e), (body) => this.statements(body));
    }
  }
}

function isFresh(expr: Expr): boolean {
  return expr.kind === "arrayLiteral" || expr.kind === "objectLiteral" || expr.kind === "new" || (expr.kind === "runtime" && runtimeOp(expr.op)!.memory === "fresh");
}

function isConstructorOf(fn: IrFunction): boolean {
  return fn.self !== undefined && fn.self.layout.constructorFunction === fn;
}

/** Every local some assignment in `body` targets (nested statements and expressions included). */
function collectAssigned(body: Stmt[], into: Set<Local>): void {
  const visitExpr = (expr: Expr): void => {
    if ((expr.kind === "assign" || expr.kind === "compound") && expr.target.kind === "local") into.add(expr.target.local);
    forEachChild(expr, visitExpr, visitStmts);
  };
  const visitStmts = (stmts: Stmt[]): void => {
    for (const stmt of stmts) forEachStmtChild(stmt, visitExpr, visitStmts);
  };
  visitStmts(body);
}

function forEachStmtChild(stmt: Stmt, expr: (e: Expr) => void, stmts: (s: Stmt[]) => void): void {
  switch (stmt.kind) {
    case "let":
      if (stmt.init) expr(stmt.init);
      return;
    case "expr":
      return expr(stmt.expr);
    case "if":
      expr(stmt.condition);
      stmts(stmt.then);
      return stmts(stmt.otherwise);
    case "loop":
      if (stmt.condition) expr(stmt.condition);
      stmts(stmt.body);
      return stmts(stmt.update);
    case "forOf":
      expr(stmt.array);
      return stmts(stmt.body);
    case "forOfCollection":
      expr(stmt.source);
      return stmts(stmt.body);
    case "return":
      if (stmt.value) expr(stmt.value);
      return;
    case "throw":
      return expr(stmt.error);
    case "try":
      stmts(stmt.body);
      if (stmt.catchBody) stmts(stmt.catchBody);
      if (stmt.finallyBody) stmts(stmt.finallyBody);
      return;
    case "switch":
      expr(stmt.discriminant);
      for (const c of stmt.cases) {
        if (c.test) expr(c.test);
        stmts(c.body);
      }
      return;
    case "labeled":
    case "block":
      return stmts(stmt.body);
    case "await":
      expr(stmt.operation);
      if (stmt.result) expr(stmt.result);
      return;
    default:
      return;
  }
}

function forEachChild(e: Expr, expr: (e: Expr) => void, stmts: (s: Stmt[]) => void): void {
  switch (e.kind) {
    case "field":
    case "unionField":
    case "hasMethod":
      return expr(e.object);
    case "elementAt":
      expr(e.array);
      return expr(e.index);
    case "call":
      if (e.self) expr(e.self);
      return e.args.forEach(expr);
    case "callValue":
      expr(e.callee);
      return e.args.forEach(expr);
    case "methodCall":
      expr(e.object);
      return e.args.forEach(expr);
    case "new":
    case "runtime":
      return e.args.forEach(expr);
    case "unary":
      return expr(e.operand);
    case "binary":
    case "logical":
      expr(e.left);
      return expr(e.right);
    case "conditional":
      expr(e.condition);
      expr(e.whenTrue);
      return expr(e.whenFalse);
    case "assign":
    case "compound":
      if (e.target.kind === "field") expr(e.target.object);
      if (e.target.kind === "element") {
        expr(e.target.array);
        expr(e.target.index);
      }
      return expr(e.value);
    case "convert":
    case "truthy":
    case "is":
    case "typeof":
      return expr(e.value);
    case "arrayLiteral":
      return e.elements.forEach((x) => expr("spread" in x ? x.spread : x));
    case "objectLiteral":
      e.fields.forEach((f) => expr(f.value));
      return e.keys.forEach((k) => (k.kind === "spread" ? expr(k.source) : undefined));
    case "sequence":
      stmts(e.statements);
      return expr(e.result);
    default:
      return;
  }
}

/** Operations returning a pointer that is not new (checks, reads of what exists), or that only throw. */
const NEVER_ALLOCATES = new Set([
  "nonNull", "unset", "unreachable", "closure.self", "throw.TypeError", "throw.RangeError", "array.get", "array.at", "array.pop", "array.shift",
  "map.get", "error.message", "error.name", "regexpMatch.input",
]);

/** Operations returning a number or boolean that may still allocate (growth, match scratch past its stack buffer). */
const ALLOCATING_SCALARS = new Set([
  "array.push", "array.pushAll", "array.unshift", "array.splice", "array.setLength", "map.set", "regexp.test", "regexp.testDecoded",
  "string.search", "async.sleep", "async.httpCallout", "async.streamStart", "async.streamSend", "async.streamSendTrailers", "async.streamWait",
]);

/** Whether a runtime operation may allocate on its normal path (a throw leaves the region: its error stays). */
function opAllocates(e: Extract<Expr, { kind: "runtime" }>): boolean {
  if (e.op.startsWith("envoy.")) return !ASCII_HOST_WRITES.test(e.op);
  const spec = runtimeOp(e.op)!;
  if (spec.pure && !spec.throws) return false;
  if (NEVER_ALLOCATES.has(e.op)) return false;
  return ALLOCATING_SCALARS.has(e.op) || holdsPointer(e.type);
}

/**
 * Header and trailer writes pass ASCII strings to Envoy as they are and copy only wide ones (to
 * UTF-8): counted as allocating nothing, so the common loop over configured headers takes no mark
 * (a mark and its release cost about 30 instructions per iteration).
 */
const ASCII_HOST_WRITES = /\.(set|add|remove)(Request|Response)(Header|Trailer)$/;

/** Whether evaluating `body` may allocate: a region that cannot gets no mark (marks cost instructions). */
export function mayAllocate(body: Stmt[], released: (loop: LoopStmt) => boolean = () => false): boolean {
  let found = false;
  const visitExpr = (e: Expr): void => {
    if (found) return;
    switch (e.kind) {
      case "call":
        if (functionAllocates(e.callee)) found = true;
        break;
      case "callValue":
      case "methodCall":
      case "new":
      case "closure":
      case "arrayLiteral":
      case "objectLiteral":
        found = true;
        return;
      case "runtime":
        if (opAllocates(e)) found = true;
        break;
      case "binary":
        if (e.type.kind === "string") found = true;
        break;
      case "compound":
        if (e.op === "concat" || e.type.kind === "string") found = true;
        break;
      case "convert":
        if (holdsPointer(e.type) && !holdsPointer(e.value.type)) found = true;
        break;
      default:
        break;
    }
    forEachChild(e, visitExpr, visitStmts);
  };
  const visitStmts = (stmts: Stmt[]): void => {
    for (const stmt of stmts) {
      if (found) return;
      // Per-iteration bindings of captured variables are heap cells.
      if ((stmt.kind === "let" && stmt.local.cell) || ((stmt.kind === "forOf" || stmt.kind === "forOfCollection") && stmt.element.cell)) found = true;
      if (stmt.kind === "forOfCollection" && (stmt.what === "entries" || stmt.what === "chars")) found = true;
      // What a released iteration allocates is gone when it ends: only the loop's own parts count.
      if ((stmt.kind === "loop" || stmt.kind === "forOf" || stmt.kind === "forOfCollection") && released(stmt)) {
        forEachStmtChild({ ...stmt, body: [] }, visitExpr, visitStmts);
        continue;
      }
      forEachStmtChild(stmt, visitExpr, visitStmts);
    }
  };
  visitStmts(body);
  return found;
}

const allocatingFunctions = new WeakMap<IrFunction, boolean>();

/** Whether calling `fn` may allocate (a recursive call: yes, conservatively). */
function functionAllocates(fn: IrFunction): boolean {
  const known = allocatingFunctions.get(fn);
  if (known !== undefined) return known;
  allocatingFunctions.set(fn, true);
  const result = !fn.lowered || fn.mayRecurse || mayAllocate(fn.body);
  allocatingFunctions.set(fn, result);
  return result;
}

/** Hooks called repeatedly over a stream's or connection's life. */
const REPEATED_HOOKS = /Body$|^on(Read|Write|Event|Data)$|Watermark$/;

type LoopStmt = Extract<Stmt, { kind: "loop" | "forOf" | "forOfCollection" }>;

/** The analysis for one program: function summaries are shared between the regions that call them. */
export class ReleaseAnalysis {
  private readonly summaries = new WeakMap<IrFunction, Map<boolean, string | null>>();
  private readonly loops = new WeakMap<Stmt, Verdict>();

  /** Why calling `fn` may keep what the caller's region allocates, or undefined when it keeps nothing. */
  callee(fn: IrFunction, constructing: boolean): string | undefined {
    let byMode = this.summaries.get(fn);
    if (!byMode) this.summaries.set(fn, (byMode = new Map()));
    const known = byMode.get(constructing);
    if (known !== undefined) return known ?? undefined;
    byMode.set(constructing, "it may call itself"); // recursion: escapes, conservatively
    const region = new Region(this, constructing ? fn.self?.local : undefined);
    for (const param of fn.params) region.declare(param);
    region.statements(fn.body);
    const reason = region.reason ?? (fn.lowered ? undefined : "not lowered");
    byMode.set(constructing, reason ?? null);
    return reason;
  }

  /** Whether each iteration of `loop` may be released at its end. */
  loop(loop: LoopStmt): Verdict {
    const known = this.loops.get(loop);
    if (known) return known;
    const verdict = this.decideLoop(loop);
    this.loops.set(loop, verdict);
    return verdict;
  }

  private decideLoop(loop: LoopStmt): Verdict {
    if (loop.kind === "loop" && loop.renew.length > 0) return { release: false, reason: "per-iteration cells of the loop's variables" };
    if (!mayAllocate(loop.body)) return { release: false, reason: "allocates nothing" };
    // The mark is taken once, before the loop: each release goes back to it, so the condition and
    // the update (evaluated between releases) must keep nothing either.
    const region = new Region(this);
    if (loop.kind !== "loop") region.declare(loop.element);
    if (loop.kind === "loop" && loop.condition) region.expr(loop.condition);
    region.statements(loop.body);
    if (loop.kind === "loop") region.statements(loop.update);
    if (region.reason) return { release: false, reason: region.reason };
    return { release: true, inner: [...region.inner] };
  }

  /**
   * Whether a call of hook `name` may release its temporaries when it returns (its status is a
   * number). Only hooks a stream or connection calls again and again (bodies, data, events,
   * watermarks) take a mark: what a once-per-stream hook allocates goes with the stream soon enough.
   */
  hook(fn: IrFunction, name: string): Verdict {
    if (!REPEATED_HOOKS.test(name)) return { release: false, reason: "called once per stream" };
    if (holdsPointer(fn.returnType)) return { release: false, reason: "returns a pointer" };
    if (!mayAllocate(fn.body, (loop) => this.loop(loop).release)) return { release: false, reason: "allocates nothing outside loops released per iteration" };
    const reason = this.callee(fn, false);
    return reason ? { release: false, reason } : { release: true, inner: [] };
  }
}

/** The analysis every emitter shares (its results are kept per node, in weak maps). */
export const releases = new ReleaseAnalysis();
