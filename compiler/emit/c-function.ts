/**
 * Emits one IR function as C. Expressions become C expressions when they have no side effects and
 * statements into temporaries when they do; operands are materialized whenever a later operand has
 * effects, so C's unspecified evaluation order never changes JavaScript's left-to-right order.
 *
 * Why this file is long: it is one emitter class with a case per IR statement and expression kind,
 * and the cases share its state (temporaries, the effect ordering above, the nesting limit).
 * Splitting it the way lowering was split (a context interface, one file per concern) is possible
 * but was left for when the emitter next grows; runtime operations, dispatch and value conversions
 * are already in their own files.
 */
import { BinaryOp, concreteLayouts, convertedLocal, slotMatches, Expr, Field, hasEffects, IrFunction, IrType, KeyStep, Layout, layoutsOf, Local, LValue, membersOf, releases, representation, runtimeOp, sameType, Stmt } from "../ir/index.js";
import { AsyncPlan, asyncPlan, awaitCallLines, dispatchLines, suspendLines } from "./c-async.js";
import type { EmitterCore } from "./c-core.js";
import { dispatch, dispatchRead, dispatchWrite, emitHasMethod, emitMethodCall, isPolymorphic } from "./c-dispatch.js";
import { appendedParts, emitAppend, ownerName, tracksAppends } from "./c-append.js";
import { emitRuntimeOp } from "./c-runtime-ops.js";
import { onePassAsCode } from "./c-regex-onepass.js";
import { cNumberLiteral, cType, cUtf8Literal, EmitContext, functionPointerType, keyDefine, keyOrder, structName } from "./c-types.js";
import { convertCode, fromValue, isCode, truthyCode, typeofCode, undefinedIn } from "./c-values.js";

/** A C expression that needs no temporary to be read twice or later. */
function isAtomic(code: string): boolean {
  return /^(t\d+|[0-9.e+\-]+|true|false|NULL|NAN|INFINITY|\(-INFINITY\)|\(-0\.0\)|\(-?[0-9.e+]+\)|TSE_STR\(str_\d+\)|\(&tse_empty_string\)|0)$/.test(code);
}

/**
 * Deepest bracket nesting of a C expression (string and character literals skipped). Expression
 * code nested deeper than this is held in a temporary, so no program exceeds the C compiler's
 * bracket limit (clang: 256 for brackets and braces together, statements included).
 */
const MAX_EXPRESSION_DEPTH = 32;

function bracketDepth(code: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === "(" || c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === '"' || c === "'") {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === "\\") i++;
    }
  }
  return deepest;
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === "(") depth++;
    else if (code[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Operators C groups left to right at one precedence, as JavaScript does on numbers. */
const FLAT_GROUP: Partial<Record<BinaryOp, string>> = { "+": "additive", "-": "additive", "*": "multiplicative", "/": "multiplicative" };


/** Lines emitted into a separate buffer (to be placed inside a branch), and the code they leave. */
interface Captured<T = string> {
  lines: string[];
  result: T;
}

/** A try region being emitted: where exits must restore the handler or run a finally block. */
interface Region {
  kind: "catch" | "finally";
  handler: string;
  completion?: string;
  returnValue?: string;
  finallyLabel?: string;
  /** Labels jumped to from inside, by completion code (3 + index). */
  jumps: string[];
}

export class FunctionEmitter implements EmitterCore {
  private lines: string[] = [];
  private depth = 1;
  private temps = 0;
  private readonly usedLabels = new Set<string>();
  private regions: Region[] = [];
  /** Owners of the locals appended to in place (c-append.ts), declared at the function's top. */
  private readonly owners = new Set<string>();
  /** The expression of the expression statement being emitted: its value is not used. */
  private statementExpr?: Expr;
  /** An async hook's state machine (c-async.ts), and the locals in C scope where an await may save them. */
  private plan: AsyncPlan | undefined;
  private live: { local: Local; depth: number }[] = [];
  /** Matches kept as capture slots, no array (ir/match-slots.ts): each local's regex C name. */
  private readonly slots: Map<Local, string>;

  constructor(
    readonly context: EmitContext,
    private readonly fn: IrFunction,
  ) {
    this.slots = slotMatches(fn, (regex) => context.regexes.get(regex)?.groups.length);
  }

  static signature(fn: IrFunction): string {
    const params = ["tse_ctx* ctx"];
    if (fn.closure) params.push("tse_closure* closure");
    // A resumption restores the parameters after a try's setjmp: a longjmp must not lose them.
    const qualifier = fn.hasTry && asyncPlan(fn).states.size > 0 ? " volatile" : "";
    if (fn.self) params.push(`${cType(fn.self.local.type)}${qualifier} ${fn.self.local.cName}`);
    for (const p of fn.params) params.push(`${cType(p.type)}${qualifier} ${p.cName}`);
    return `static ${cType(fn.returnType)} ${fn.cName}(${params.join(", ")})`;
  }

  /** The environment struct of a closure function. */
  static environment(fn: IrFunction): string | undefined {
    if (!fn.closure) return undefined;
    const fields = fn.closure.captures.flatMap((c) => [
      `  ${cType(c.inner.type)}${c.outer.cell ? "*" : ""} ${c.inner.captured!.field};`,
      ...(c.outer.tdz ? [`  bool* ${c.inner.captured!.field}_init;`] : []),
    ]);
    return [`typedef struct ${fn.closure.envStruct} {`, "  tse_closure base;", ...fields, `} ${fn.closure.envStruct};`].join("\n");
  }

  emit(): string {
    const entry = this.context.sites.ref(this.fn.site);
    if (this.fn.mayRecurse) this.line(`tse_check_stack(ctx, ${entry});`);
    this.spendFuel(entry);
    // A function with an `await` (an async hook) is a state machine.
    const plan = asyncPlan(this.fn);
    if (plan.states.size > 0) this.asyncPrologue(plan);
    this.statements(this.fn.body);
    const last = this.fn.body[this.fn.body.length - 1];
    if (this.fn.returnType.kind !== "void" && last?.kind !== "return" && last?.kind !== "throw") {
      // TypeScript proved every path returns; this only guards against a bug in that proof.
      this.line(`tse_fail(ctx, ${cUtf8Literal(`${this.fn.displayName} ended without returning a value`)});`);
    }
    const owners = [...this.owners].map((owner) => `  tse_str${this.fn.hasTry ? " volatile" : ""} ${owner} = NULL;`);
    const frame = this.plan ? [this.frameStruct(this.plan)] : [];
    return [...frame, `/* ${this.fn.displayName} */`, `${FunctionEmitter.signature(this.fn)} {`, ...owners, ...this.lines, "}"].join("\n");
  }

  // ------------------------------------------------------------------ async hooks (docs/async.md)

  /** The frame (from the stream's arena, kept across suspensions) and the jump to the resume point. */
  private asyncPrologue(plan: AsyncPlan): void {
    this.plan = plan;
    const frame = this.plan.frameStruct;
    if (this.fn.self) this.live.push({ local: this.fn.self.local, depth: 0 });
    for (const param of this.fn.params) this.live.push({ local: param, depth: 0 });
    this.line(`${frame}* frame = (${frame}*)tse_async_enter(ctx, sizeof(${frame}));`);
    for (const line of dispatchLines(this.plan)) this.line(line);
  }

  /** Every local any await saves: C variable, frame field, field type. */
  private readonly frameFields = new Map<string, string>();

  private frameSlots(local: Local): [string, string][] {
    const slots: [string, string, string][] = [[local.cName, `v_${local.cName}`, local.cell ? `${cType(local.type)}*` : cType(local.type)]];
    if (local.tdz) slots.push([`${local.cName}_init`, `v_${local.cName}_init`, "bool*"]);
    for (const [, field, type] of slots) this.frameFields.set(field, type);
    return slots.map(([variable, field]) => [variable, field]);
  }

  private frameStruct(plan: AsyncPlan): string {
    const fields = [...this.frameFields].map(([field, type]) => `  ${type} ${field};`);
    return [`typedef struct ${plan.frameStruct} {`, "  tse_async_frame base;", ...fields, `} ${plan.frameStruct};`].join("\n");
  }

  /**
   * Starts what is awaited, saves the locals in scope into the frame and returns (the glue tells
   * Envoy to wait); a resumption jumps to the label below, restores them, and goes on.
   */
  private awaitStatement(stmt: Extract<Stmt, { kind: "await" }>): void {
    const state = this.plan!.states.get(stmt)!;
    const slots = this.live.filter(({ local }) => !local.captured && local.type.kind !== "void").flatMap(({ local }) => this.frameSlots(local));
    const returnLine = this.fn.returnType.kind === "void" ? "return;" : `return (${cType(this.fn.returnType)})0;`;
    if (stmt.operation.kind === "call") {
      // An async function of the filter's: it may suspend in turn, its frame chained to this one.
      const call = stmt.operation;
      const codes = this.operands(call.self ? [call.self, ...call.args] : call.args);
      const zeros = [...(call.callee.self ? [call.callee.self.local.type] : []), ...call.callee.params.map((p) => p.type)].map((type) => `(${cType(type)}){0}`);
      const result = call.type.kind === "void" ? undefined : this.newTemp();
      if (result) this.line(`${cType(call.type)} ${result};`);
      const invoke = (args: string[]) => `${result ? `${result} = ` : ""}${call.callee.cName}(${["ctx", ...args].join(", ")});`;
      const site = this.context.sites.ref(stmt.site);
      for (const line of awaitCallLines(state, invoke(codes), invoke(zeros), slots, returnLine, site)) this.line(line, true);
      if (stmt.target && result) this.line(`${this.place(stmt.target)} = ${result};`);
      return;
    }
    // An operation that says whether it is done already (a streamed callout's read) goes on without suspending.
    const ready = this.expr(stmt.operation);
    const mayGoOn = stmt.operation.type.kind === "boolean";
    for (const line of suspendLines(state, slots, returnLine, this.context.sites.ref(stmt.site), mayGoOn ? ready : undefined)) this.line(line, true);
    if (stmt.target && stmt.result) {
      const value = this.expr(stmt.result);
      this.line(`${this.place(stmt.target)} = ${value};`);
    }
  }

  /** One step of the CPU budget: at function entry and at the top of every loop iteration. */
  private spendFuel(site: string): void {
    if (this.context.cpuBudget) this.line(`tse_spend_fuel(ctx, ${site});`);
  }

  /**
   * The expressions being emitted, innermost last. One that can throw (or fail) sets ctx->site
   * before its first C statement, and again before any later one that follows code of another
   * expression (which may have called a function that set its own).
   */
  private siteFrames: { site?: string; current: boolean }[] = [];

  /** `&tse_sites_<file>.sites[i]` (or NULL) for an expression that can throw, else undefined: it needs no site. */
  private throwSite(expr: Expr): string | undefined {
    const tdz = (local: Local) => local.tdz === true && local.captured !== undefined;
    // `s = s + x` appended in place: the append allocates where the `+` did.
    if (expr.kind === "assign" && expr.target.kind === "local" && tracksAppends(expr.target.local) && appendedParts(expr.target.local, expr.value)) {
      return this.context.sites.ref(expr.value.site ?? expr.site);
    }
    let throws = false;
    switch (expr.kind) {
      case "runtime":
        throws = runtimeOp(expr.op)!.throws;
        break;
      case "objectLiteral":
      case "arrayLiteral":
      case "new":
      case "closure":
        throws = true; // allocates: the memory limit
        break;
      case "convert":
        throws = expr.checked;
        break;
      case "elementAt":
        throws = this.slotCapture(expr) !== undefined; // makes the capture's string: the memory limit
        break;
      case "local":
        throws = tdz(expr.local);
        break;
      case "assign":
      case "compound": {
        const target = expr.target;
        throws =
          (expr.kind === "compound" && expr.op === "concat") ||
          target.kind === "element" ||
          (target.kind === "local" && tdz(target.local)) ||
          (target.kind === "field" && (isPolymorphic(target.layout) || concreteLayouts(target.layout).some((l) => this.context.frozenLayouts.has(l))));
        break;
      }
      default:
        break;
    }
    return throws ? this.context.sites.ref(expr.site) : undefined;
  }

  // ------------------------------------------------------------------ output helpers

  /** `copy`: the line only copies a value already computed, so it needs no site and changes none. */
  line(text: string, copy = false): void {
    if (copy) {
      this.lines.push(`${"  ".repeat(this.depth)}${text}`);
      return;
    }
    const frames = this.siteFrames;
    const innermost = frames[frames.length - 1];
    if (innermost?.site !== undefined && !innermost.current) {
      innermost.current = true;
      this.lines.push(`${"  ".repeat(this.depth)}ctx->site = ${innermost.site};`);
    }
    for (let i = 0; i < frames.length - 1; i++) frames[i]!.current = false;
    this.lines.push(`${"  ".repeat(this.depth)}${text}`);
  }

  newTemp(): string {
    return `t${++this.temps}`;
  }

  temp(type: IrType, init: string, copy = false): string {
    // A void value is only ever undefined: C has no variable of type void to hold it.
    if (type.kind === "void") {
      if (!isAtomic(init)) this.line(`(void)(${init});`, copy);
      return "0";
    }
    const name = this.newTemp();
    this.line(`${cType(type)} ${name} = ${init};`, copy);
    return name;
  }

  /** A temporary assigned later (in branches), or none for a void result. */
  private resultTemp(type: IrType): string | undefined {
    if (type.kind === "void") return undefined;
    const name = this.newTemp();
    this.line(`${cType(type)} ${name};`);
    return name;
  }

  materialize(code: string, type: IrType, copy = false): string {
    return isAtomic(code) || type.kind === "void" ? code : this.temp(type, code, copy);
  }

  /** Runs `emit` into a separate buffer; returns the lines and the result. */
  private capture<T>(emit: () => T): Captured<T> {
    const saved = this.lines;
    const live = this.live.length;
    this.lines = [];
    try {
      const result = emit();
      return { lines: this.lines, result };
    } finally {
      this.lines = saved;
      // Lines captured may be placed in a nested block: their locals are not in scope after it.
      this.live.length = live;
    }
  }

  block(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
    if (this.live.length) this.live = this.live.filter((l) => l.depth <= this.depth);
  }

  private declaration(local: Local): string {
    const volatile = this.fn.hasTry ? " volatile" : "";
    return local.cell ? `${cType(local.type)}*${volatile} ${local.cName}` : `${cType(local.type)}${volatile} ${local.cName}`;
  }

  /** The C lvalue of a local: plain, in a cell, or captured in the closure environment. */
  private place(local: Local): string {
    if (local.captured) {
      const slot = `((${local.captured.envStruct}*)closure)->${local.captured.field}`;
      if (local.tdz) {
        const message = cUtf8Literal(`Cannot access '${local.name}' before initialization`);
        return `(*(tse_check_initialized(ctx, *${slot}_init, ${message}), ${slot}))`;
      }
      return local.cell ? `(*${slot})` : slot;
    }
    return local.cell ? `(*${local.cName})` : local.cName;
  }

  // ------------------------------------------------------------------ statements

  private statements(stmts: Stmt[]): void {
    for (const stmt of stmts) this.statement(stmt);
  }

  private statement(stmt: Stmt): void {
    switch (stmt.kind) {
      case "let": {
        const regex = this.slots.get(stmt.local);
        if (regex !== undefined) {
          // A slot match: its input and capture slots; a capture's string is made where it is read.
          const c = `sm_${stmt.local.cName}`; // sm_: no other C name starts so (locals l_, captures cap_, temps t)
          const tables = this.context.regexes.get(regex)!;
          this.line(`int32_t ${c}_slots[${2 * (tables.groups.length + 1)}];`, true);
          const exec = stmt.init as Extract<Expr, { kind: "runtime" }>;
          this.siteFrames.push({ site: this.throwSite(exec), current: false });
          try {
            this.line(`tse_str ${c}_input = ${this.expr(exec.args[1]!)};`);
            const general = `tse_regexp_exec_slots(ctx, &${regex}, ${c}_input, ${c}_slots)`;
            // A table as code runs straight from here on ASCII input: what rx_match_at would pick from position 0.
            const direct = onePassAsCode(tables) ? `!${c}_input->wide ? ${regex}_op_run(${c}_input, 0, ${c}_slots) : ` : "";
            this.line(`bool ${c}_found = ${direct}${general};`);
          } finally {
            this.siteFrames.pop();
          }
          return;
        }
        const init = stmt.init ? this.expr(stmt.init) : "0";
        if (stmt.local.tdz) {
          this.line(`bool*${this.fn.hasTry ? " volatile" : ""} ${stmt.local.cName}_init = TSE_NEW_CELL(ctx, bool);`);
          this.line(`*${stmt.local.cName}_init = false;`);
        }
        if (stmt.local.cell) {
          this.line(`${this.declaration(stmt.local)} = TSE_NEW_CELL(ctx, ${cType(stmt.local.type)});`);
          this.line(`*${stmt.local.cName} = ${init};`);
        } else if (stmt.local.type.kind === "void") {
          if (init !== "0") this.line(`(void)(${init});`);
        } else {
          this.line(`${this.declaration(stmt.local)} = ${init};`);
        }
        if (this.plan) this.live.push({ local: stmt.local, depth: this.depth });
        return;
      }
      case "initialized":
        this.line(`*${stmt.local.cName}_init = true;`);
        return;
      case "expr":
        // Effects are emitted as statements; the returned code is a pure value, unused here.
        this.statementExpr = stmt.expr;
        this.expr(stmt.expr);
        return;
      case "if":
        return this.ifStatement(stmt);
      case "loop":
        return this.loop(stmt);
      case "forOf":
        return this.forOf(stmt);
      case "forOfCollection":
        return this.forOfCollection(stmt);
      case "break":
      case "continue":
        return this.jump(`${stmt.label}_${stmt.kind}`);
      case "return":
        return this.returnStatement(stmt.value);
      case "throw":
        this.line(`tse_throw(ctx, ${this.expr(stmt.error)});`);
        return;
      case "try":
        return this.tryStatement(stmt);
      case "switch":
        return this.switchStatement(stmt);
      case "labeled":
        this.line("{");
        this.block(() => this.statements(stmt.body));
        this.line("}");
        this.labelIfUsed(`${stmt.label}_break`);
        return;
      case "block":
        this.line("{");
        this.block(() => this.statements(stmt.body));
        this.line("}");
        return;
      case "await":
        return this.awaitStatement(stmt);
    }
  }

  private labelIfUsed(label: string): void {
    if (this.usedLabels.has(label)) this.line(`${label}:;`);
  }

  /** Labels of the try regions a jump leaves, innermost first, up to (not including) `keep`. */
  private exitRegions(until: number): Region[] {
    return this.regions.slice(until).reverse();
  }

  /** A jump to `label`, leaving try regions opened after the label's construct. */
  private jump(label: string): void {
    this.usedLabels.add(label);
    const depth = this.labelDepth.get(label) ?? 0;
    this.leave(depth, (region) => {
      region.jumps.push(label);
      return 3 + region.jumps.length - 1;
    }, `goto ${label};`);
  }

  /** Region depth at which each loop/switch label was opened. */
  private readonly labelDepth = new Map<string, number>();

  /**
   * Leaves try regions down to `depth`: restores handlers of catch regions; at a finally region,
   * records the completion and jumps to its finally block (which resumes the exit afterwards).
   */
  private leave(depth: number, completionFor: (region: Region) => number, finalStatement: string, before?: (region: Region) => void): void {
    for (const region of this.exitRegions(depth)) {
      if (region.kind === "finally") {
        before?.(region);
        this.line(`${region.completion} = ${completionFor(region)};`);
        this.line(`goto ${region.finallyLabel};`);
        this.usedLabels.add(region.finallyLabel!);
        return;
      }
      this.line(`ctx->handler = ${region.handler}.previous;`);
    }
    this.line(finalStatement);
  }

  private returnStatement(value: Expr | undefined): void {
    const isVoid = this.fn.returnType.kind === "void";
    let code: string | undefined;
    if (value) {
      code = this.expr(value);
      if (!isVoid) code = this.materialize(code, this.fn.returnType);
    }
    this.leave(0, () => 2, isVoid ? "return;" : `return ${code};`, (region) => {
      if (!isVoid && code) this.line(`${region.returnValue} = ${code};`);
    });
  }

  private loop(stmt: Extract<Stmt, { kind: "loop" }>): void {
    this.labelDepth.set(`${stmt.label}_break`, this.regions.length);
    this.labelDepth.set(`${stmt.label}_continue`, this.regions.length);
    const renew = () => {
      for (const local of stmt.renew) {
        // A fresh binding per iteration: closures made in the previous one keep theirs.
        const fresh = this.newTemp();
        this.line(`${cType(local.type)}* ${fresh} = TSE_NEW_CELL(ctx, ${cType(local.type)});`);
        this.line(`*${fresh} = *${local.cName};`);
        this.line(`${local.cName} = ${fresh};`);
      }
    };
    const test = () => {
      if (!stmt.condition) return;
      const condition = this.expr(stmt.condition);
      this.line(`if (!(${condition})) break;`);
    };
    renew();
    const release = this.saveMark(stmt);
    this.line("for (;;) {");
    this.block(() => {
      this.spendFuel(this.context.sites.ref(stmt.site));
      if (stmt.testFirst) test();
      this.statements(stmt.body);
      this.labelIfUsed(`${stmt.label}_continue`);
      release();
      renew();
      this.statements(stmt.update);
      if (!stmt.testFirst) test();
    });
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
  }

  private forOf(stmt: Extract<Stmt, { kind: "forOf" }>): void {
    this.labelDepth.set(`${stmt.label}_break`, this.regions.length);
    this.labelDepth.set(`${stmt.label}_continue`, this.regions.length);
    const array = this.materialize(this.expr(stmt.array), stmt.array.type);
    const index = `${stmt.label}_index`;
    const elementType = stmt.array.type.kind === "array" ? stmt.array.type.element : stmt.element.type;
    const release = this.saveMark(stmt);
    this.line(`for (uint32_t ${index} = 0; ${index} < ${array}->length; ${index}++) {`);
    this.block(() => {
      this.spendFuel(this.context.sites.ref(stmt.site));
      const element = `((${cType(elementType)}*)${array}->data)[${index}]`;
      this.bindElement(stmt.element, convertCode(this, element, elementType, stmt.element.type, false));
      this.statements(stmt.body);
      this.labelIfUsed(`${stmt.label}_continue`);
      release();
    });
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
  }

  /**
   * A loop whose iterations keep nothing they allocate (ir/releases.ts) saves a mark before it
   * starts; the returned function emits the release back to it, placed where the body ends and
   * `continue` lands, so each iteration (its element, condition and body) starts where the first
   * did. Owners of strings appended in place inside the body forget them: the memory is reused.
   */
  private saveMark(stmt: Extract<Stmt, { kind: "loop" | "forOf" | "forOfCollection" }>): () => void {
    const verdict = this.plan ? undefined : releases.loop(stmt);
    if (!verdict?.release) return () => {};
    const mark = `${stmt.label}_mark`;
    this.line(`tse_mark ${mark};`);
    this.line(`tse_mark_save(ctx, &${mark});`);
    return () => {
      this.line(`tse_mark_release(ctx, &${mark});`);
      for (const local of verdict.inner) if (tracksAppends(local) && this.owners.has(ownerName(local))) this.line(`${ownerName(local)} = NULL;`);
    };
  }

  private bindElement(local: Local, code: string): void {
    if (local.cell) {
      this.line(`${this.declaration(local)} = TSE_NEW_CELL(ctx, ${cType(local.type)});`);
      this.line(`*${local.cName} = ${code};`);
    } else {
      this.line(`${this.declaration(local)} = ${code};`);
    }
  }

  private forOfCollection(stmt: Extract<Stmt, { kind: "forOfCollection" }>): void {
    this.labelDepth.set(`${stmt.label}_break`, this.regions.length);
    this.labelDepth.set(`${stmt.label}_continue`, this.regions.length);
    const source = this.materialize(this.expr(stmt.source), stmt.source.type);
    const index = `${stmt.label}_index`;
    const release = this.saveMark(stmt);
    if (stmt.what === "chars") {
      this.line(`for (uint32_t ${index} = 0; ${index} < ${source}->length;) {`);
      this.block(() => {
        this.spendFuel(this.context.sites.ref(stmt.site));
        this.bindElement(stmt.element, `tse_str_next_code_point(ctx, ${source}, &${index})`);
        this.statements(stmt.body);
        this.labelIfUsed(`${stmt.label}_continue`);
        release();
      });
    } else {
      const collection = stmt.source.type as Extract<IrType, { kind: "map" | "set" }>;
      const keyType = collection.kind === "map" ? collection.key : collection.element;
      const valueType = collection.kind === "map" ? collection.value : collection.element;
      this.line(`for (uint32_t ${index} = 0; ${index} < ${source}->count; ${index}++) {`);
      this.block(() => {
        this.spendFuel(this.context.sites.ref(stmt.site));
        this.line(`if (${source}->deleted[${index}]) continue;`);
        const key = fromValue(this, `${source}->keys[${index}]`, keyType);
        const value = collection.kind === "map" ? fromValue(this, `${source}->values[${index}]`, valueType) : key;
        if (stmt.what === "entries") {
          const tuple = stmt.element.type as Extract<IrType, { kind: "object" }>;
          const entry = this.allocate(tuple.layout);
          this.line(`${entry}->${tuple.layout.fields[0]!.cName} = ${convertCode(this, key, keyType, tuple.layout.fields[0]!.type, false)};`);
          this.line(`${entry}->${tuple.layout.fields[1]!.cName} = ${convertCode(this, value, valueType, tuple.layout.fields[1]!.type, false)};`);
          this.bindElement(stmt.element, entry);
        } else {
          const read = stmt.what === "keys" ? key : value;
          this.bindElement(stmt.element, convertCode(this, read, stmt.what === "keys" ? keyType : valueType, stmt.element.type, false));
        }
        this.statements(stmt.body);
        this.labelIfUsed(`${stmt.label}_continue`);
        release();
      });
    }
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
  }

  private switchStatement(stmt: Extract<Stmt, { kind: "switch" }>): void {
    this.labelDepth.set(`${stmt.label}_break`, this.regions.length);
    const caseLabel = (i: number) => `${stmt.label}_case${i}`;
    this.line("{");
    this.block(() => {
      stmt.cases.forEach((c, i) => {
        if (!c.test) return;
        const test = this.expr(c.test);
        this.line(`if (${test}) goto ${caseLabel(i)};`);
      });
      const fallback = stmt.cases.findIndex((c) => !c.test);
      const end = `${stmt.label}_break`;
      if (fallback >= 0) this.line(`goto ${caseLabel(fallback)};`);
      else {
        this.usedLabels.add(end);
        this.line(`goto ${end};`);
      }
      stmt.cases.forEach((c, i) => {
        this.line(`${caseLabel(i)}:;`);
        this.statements(c.body);
      });
    });
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
  }

  private tryStatement(stmt: Extract<Stmt, { kind: "try" }>): void {
    // An await inside re-enters the try on resumption: from its start, installing its handlers again.
    const entry = this.plan?.entries.get(stmt);
    const resumeInto = () => {
      if (entry) for (const line of dispatchLines(this.plan!, stmt)) this.line(line);
    };
    const tryCatch = () => {
      if (!stmt.catchBody) {
        resumeInto();
        this.statements(stmt.body);
        return;
      }
      const handler = `h${++this.temps}`;
      this.line("{");
      this.block(() => {
        if (entry && !stmt.finallyBody) this.line(`${entry}:;`);
        this.line(`tse_handler ${handler};`);
        this.line(`${handler}.previous = ctx->handler;`);
        this.line(`ctx->handler = &${handler};`);
        this.line(`if (tse_setjmp(${handler}.jump) == 0) {`);
        this.block(() => {
          this.regions.push({ kind: "catch", handler, jumps: [] });
          resumeInto();
          this.statements(stmt.body);
          this.regions.pop();
          this.line(`ctx->handler = ${handler}.previous;`);
        });
        this.line("} else {");
        this.block(() => {
          this.line(`ctx->handler = ${handler}.previous;`);
          this.line(`${this.declaration(stmt.catchLocal!)} = ctx->exception;`);
          this.statements(stmt.catchBody!);
        });
        this.line("}");
      });
      this.line("}");
    };
    if (!stmt.finallyBody) return tryCatch();

    const n = ++this.temps;
    const region: Region = { kind: "finally", handler: `h${n}`, completion: `completion${n}`, finallyLabel: `finally${n}`, jumps: [] };
    const isVoid = this.fn.returnType.kind === "void";
    if (!isVoid) region.returnValue = `returned${n}`;
    this.line("{");
    this.block(() => {
      if (entry) this.line(`${entry}:;`);
      this.line(`int volatile ${region.completion} = 0; /* 0 normal, 1 throw, 2 return, 3+ jump */`);
      this.line(`tse_error* volatile thrown${n} = NULL;`);
      if (!isVoid) this.line(`${cType(this.fn.returnType)} volatile ${region.returnValue};`);
      this.line(`tse_handler ${region.handler};`);
      this.line(`${region.handler}.previous = ctx->handler;`);
      this.line(`ctx->handler = &${region.handler};`);
      this.line(`if (tse_setjmp(${region.handler}.jump) == 0) {`);
      this.block(() => {
        this.regions.push(region);
        tryCatch();
        this.regions.pop();
      });
      this.line("} else {");
      this.block(() => {
        this.line(`${region.completion} = 1;`);
        this.line(`thrown${n} = ctx->exception;`);
      });
      this.line("}");
      if (this.usedLabels.has(region.finallyLabel!)) this.line(`${region.finallyLabel}:;`);
      this.line(`ctx->handler = ${region.handler}.previous;`);
      this.statements(stmt.finallyBody!);
      this.line(`if (${region.completion} == 1) tse_throw(ctx, thrown${n});`);
      const resume = () => {
        this.line(`if (${region.completion} == 2) {`);
        this.block(() => {
          const depth = this.regions.length;
          this.leave(depth, () => 2, isVoid ? "return;" : `return ${region.returnValue};`, (outer) => {
            if (!isVoid) this.line(`${outer.returnValue} = ${region.returnValue};`);
          });
        });
        this.line("}");
        region.jumps.forEach((label, i) => {
          this.line(`if (${region.completion} == ${3 + i}) {`);
          this.block(() => this.jump(label));
          this.line("}");
        });
      };
      resume();
    });
    this.line("}");
  }

  // ------------------------------------------------------------------ expressions

  /** Evaluates operands left to right; earlier ones are materialized if a later one has effects. */
  operands(exprs: Expr[]): string[] {
    // Whether any operand after each one has effects, computed once (string builds may have thousands of parts).
    const laterEffects: boolean[] = [];
    for (let i = exprs.length - 1, any = false; i >= 0; i--) {
      laterEffects[i] = any;
      any ||= hasEffects(exprs[i]!);
    }
    return exprs.map((expr, i) => {
      const code = this.expr(expr);
      // Operand codes are values (what may throw ran in its own expression): keeping one is a copy.
      return laterEffects[i] ? this.materialize(code, expr.type, true) : code;
    });
  }

  /** Emits `expr`; returns a side-effect-free C expression for its value. */
  expr(expr: Expr): string {
    const frame = { site: this.throwSite(expr), current: false };
    this.siteFrames.push(frame);
    try {
      const code = this.exprCode(expr);
      // An inline check still to run where its value is used: run it here, right after the site.
      if (frame.site !== undefined && !frame.current) return this.materialize(code, expr.type);
      return bracketDepth(code) > MAX_EXPRESSION_DEPTH ? this.materialize(code, expr.type) : code;
    } finally {
      this.siteFrames.pop();
    }
  }

  private exprCode(expr: Expr): string {
    switch (expr.kind) {
      case "number":
        return cNumberLiteral(expr.value);
      case "boolean":
        return expr.value ? "true" : "false";
      case "string":
        return this.context.strings.ref(expr.value);
      case "undefined":
      case "null":
      case "envoy":
        return "0";
      case "local":
        return this.readLocal(expr.local);
      case "field": {
        const object = this.expr(expr.object);
        if (!isPolymorphic(expr.layout)) return `${this.wrap(object)}->${expr.field.cName}`;
        return dispatchRead(this, this.materialize(object, expr.object.type), concreteLayouts(expr.layout), expr.field.name, expr.type);
      }
      case "methodCall":
        return emitMethodCall(this, expr);
      case "hasMethod":
        return emitHasMethod(this, expr);
      case "unionField":
        return this.unionField(expr);
      case "elementAt":
        return this.elementAt(expr);
      case "call": {
        const codes = this.operands(expr.self ? [expr.self, ...expr.args] : expr.args);
        const call = `${expr.callee.cName}(${["ctx", ...codes].join(", ")})`;
        if (expr.callee.returnType.kind === "void") {
          this.line(`${call};`);
          return "0";
        }
        return this.temp(expr.type, call);
      }
      case "callValue": {
        const type = expr.callee.type as Extract<IrType, { kind: "function" }>;
        const [callee, ...args] = this.operands([expr.callee, ...expr.args]);
        const closure = this.materialize(callee!, expr.callee.type);
        const call = `((${functionPointerType(type)})${closure}->code)(${["ctx", closure, ...args].join(", ")})`;
        if (type.returns.kind === "void") {
          this.line(`${call};`);
          return "0";
        }
        return this.temp(type.returns, call);
      }
      case "new":
        return this.newObject(expr.layout, expr.args);
      case "closure":
        return this.closure(expr.fn, expr.stack === true);
      case "functionRef":
        return this.context.closures.staticClosure(expr.fn);
      case "table":
        return expr.table.cName;
      case "runtime":
        return emitRuntimeOp(this, expr);
      case "unary": {
        const operand = this.expr(expr.operand);
        if (expr.op === "+") return operand;
        if (expr.op === "~") return `((double)(~tse_to_int32(${operand})))`;
        return `(${expr.op}${this.wrap(operand)})`;
      }
      case "binary":
        return this.binaryChain(expr);
      case "logical":
        return this.logical(expr);
      case "conditional":
        return this.conditional(expr);
      case "assign":
        return this.assign(expr.target, expr.value, expr);
      case "compound":
        return this.compound(expr);
      case "convert":
        return convertCode(this, this.expr(expr.value), expr.value.type, expr.type, expr.checked);
      case "truthy": {
        if (expr.value.kind === "local" && this.slots.has(expr.value.local)) return `sm_${expr.value.local.cName}_found`;
        const value = this.materialize(this.expr(expr.value), expr.value.type);
        return truthyCode(this, value, expr.value.type);
      }
      case "is": {
        const value = this.materialize(this.expr(expr.value), expr.value.type);
        return isCode(this, value, expr.value.type, expr.member);
      }
      case "typeof":
        return typeofCode(this, this.materialize(this.expr(expr.value), expr.value.type), expr.value.type);
      case "arrayLiteral":
        return this.arrayLiteral(expr);
      case "objectLiteral": {
        const codes = this.operands(expr.fields.map((f) => f.value));
        const object = this.allocate(expr.layout);
        expr.fields.forEach((f, i) => this.line(`${object}->${f.field.cName} = ${codes[i]};`));
        if (expr.layout.kind === "record") this.defineKeys(object, expr.layout, expr.keys);
        return object;
      }
      case "sequence":
        this.statements(expr.statements);
        return this.expr(expr.result);
    }
  }

  /** Parenthesizes unless `code` is already one operand: a name, field chain, number, call or (group). */
  wrap(code: string): string {
    if (/^[A-Za-z_][A-Za-z0-9_]*(->[A-Za-z_][A-Za-z0-9_]*)*$/.test(code) || /^[0-9][0-9.e+]*$/.test(code)) return code;
    const open = code.indexOf("(");
    if (open >= 0 && code.endsWith(")") && /^[A-Za-z_0-9]*$/.test(code.slice(0, open)) && closingParen(code, open) === code.length - 1) return code;
    return `(${code})`;
  }

  allocate(layout: Layout): string {
    const type: IrType = { kind: "object", layout };
    // An Error subclass's object is a tse_error (its kind is set by the Error constructor, super(...)).
    const descriptor = layout.errorKind !== undefined ? "&tse_type_error" : this.context.descriptors.ref(type);
    const object = this.temp(type, `tse_new_object(ctx, sizeof(${structName(layout)}), ${descriptor})`);
    // Its failure line is the `new` expression's, as the reference host reports it.
    if (layout.errorKind !== undefined) this.line(`((tse_error*)${object})->site = ctx->site;`);
    return object;
  }

  /** Sets a new record's property order: constant unless a spread copies another object's. */
  private defineKeys(object: string, layout: Layout, steps: KeyStep[]): void {
    const index = (name: string) => layout.fields.findIndex((f) => f.name === name);
    if (steps.every((s) => s.kind === "define")) {
      const order = keyOrder(layout, [...new Set(steps.map((s) => index((s as { field: Field }).field.name)))]);
      if (order.length === 0) return;
      const bytes = [order.length, ...order].map((b) => `\\${b.toString(8).padStart(3, "0")}`).join("");
      this.line(`memcpy(${object}->tse_keys, "${bytes}", ${order.length + 1});`);
      return;
    }
    for (const step of steps) {
      if (step.kind === "define") {
        this.line(keyDefine(object, layout, index(step.field.name)));
        continue;
      }
      const from = (step.source.type as Extract<IrType, { kind: "object" }>).layout;
      const spreadFrom = (layout: Layout, source: string) => {
        const map = layout.fields.map((f) => (step.exclude.includes(f.name) ? 255 : index(f.name)));
        if (layout.kind === "record") {
          this.line(`tse_keys_spread(${object}->tse_keys, ${source}, (const uint8_t[]){${map.map((m) => (m < 0 ? 255 : m)).join(", ")}});`);
        } else {
          // Class instances have every field, in layout order.
          for (const target of map) if (target >= 0 && target !== 255) this.line(`tse_key_define(${object}->tse_keys, ${target});`);
        }
      };
      const spread = () => {
        const source = this.expr(step.source);
        // A source that may be of other layouts: each one's own property order (its fields are the type's, checked after lowering).
        if (isPolymorphic(from)) dispatch(this, this.materialize(source, step.source.type), concreteLayouts(from), (layout, self) => spreadFrom(layout, self));
        else spreadFrom(from, source);
      };
      if (!step.when) {
        spread();
        continue;
      }
      this.line(`if (${this.expr(step.when)}) {`);
      this.block(spread);
      this.line("}");
    }
  }

  private newObject(layout: Layout, args: Expr[]): string {
    const codes = this.operands(args);
    const object = this.allocate(layout);
    const ctor = layout.constructorFunction!;
    this.line(`${ctor.cName}(${["ctx", object, ...codes].join(", ")});`);
    return object;
  }

  private closure(fn: IrFunction, stack: boolean): string {
    const env = fn.closure!;
    const object = this.newTemp();
    if (stack) {
      // Only called in this block (IR closure.stack): zeroed as tse_new_object would, no arena.
      this.line(`${env.envStruct} ${object}_env;`);
      this.line(`memset(&${object}_env, 0, sizeof ${object}_env);`);
      this.line(`${env.envStruct}* ${object} = &${object}_env;`);
      this.line(`${object}->base.header.type = &tse_type_function;`);
    } else {
      this.line(`${env.envStruct}* ${object} = tse_new_object(ctx, sizeof(${env.envStruct}), &tse_type_function);`);
    }
    this.line(`${object}->base.code = (void*)${fn.cName};`);
    for (const capture of env.captures) {
      // A cell is shared (its pointer is copied); anything else is copied by value.
      const outer = capture.outer;
      const shared = outer.captured ? `((${outer.captured.envStruct}*)closure)->${outer.captured.field}` : outer.cName;
      const value = outer.cell ? shared : this.readLocal(outer);
      this.line(`${object}->${capture.inner.captured!.field} = ${value};`);
      if (outer.tdz) this.line(`${object}->${capture.inner.captured!.field}_init = ${shared}_init;`);
    }
    return `((tse_closure*)${object})`;
  }

  private unionField(expr: Extract<Expr, { kind: "unionField" }>): string {
    const object = this.materialize(this.expr(expr.object), expr.object.type);
    const members = membersOf(expr.object.type) as Extract<IrType, { kind: "object" }>[];
    // Objects of other layouts (implementers, aliases) are told apart by dispatch; tests below know only the members'.
    if (layoutsOf(expr.object.type).length > members.length) return dispatchRead(this, object, layoutsOf(expr.object.type), expr.name, expr.type);
    const reads = members.map((m) => {
      const field = m.layout.fields.find((f) => f.name === expr.name)!;
      return { test: this.context.descriptors.layoutTest(m.layout, object), code: convertCode(this, `((${structName(m.layout)}*)${object})->${field.cName}`, field.type, expr.type, false) };
    });
    let code = reads[reads.length - 1]!.code;
    for (let i = reads.length - 2; i >= 0; i--) code = `(${reads[i]!.test} ? ${reads[i]!.code} : ${code})`;
    return code;
  }

  /** The slot match `m[k]` reads, if it is one (ir/match-slots.ts). */
  private slotCapture(expr: Extract<Expr, { kind: "elementAt" }>): Local | undefined {
    const local = convertedLocal(expr.array);
    return local && this.slots.has(local) && expr.index.kind === "number" ? local : undefined;
  }

  private elementAt(expr: Extract<Expr, { kind: "elementAt" }>): string {
    const match = this.slotCapture(expr);
    if (match) {
      const c = `sm_${match.cName}`;
      return this.temp(expr.type, `tse_regexp_slot_capture(ctx, ${c}_found, ${c}_input, ${c}_slots, ${(expr.index as Extract<Expr, { kind: "number" }>).value})`);
    }
    const [array, index] = this.operands([expr.array, expr.index]);
    const element = (expr.array.type as Extract<IrType, { kind: "array" }>).element;
    const slot = this.newTemp();
    const result = this.newTemp();
    this.line(`uint32_t ${slot};`);
    this.line(`${cType(expr.type)} ${result} = ${undefinedIn(expr.type)};`);
    this.line(`if (tse_array_index(${array}, ${index}, &${slot})) ${result} = ${convertCode(this, `((${cType(element)}*)${this.wrap(array!)}->data)[${slot}]`, element, expr.type, false)};`);
    return result;
  }

  private arrayLiteral(expr: Extract<Expr, { kind: "arrayLiteral" }>): string {
    const element = (expr.type as Extract<IrType, { kind: "array" }>).element;
    const parts = expr.elements.map((e) => ("spread" in e ? e.spread : e));
    const codes = this.operands(parts);
    const fixed = expr.elements.filter((e) => !("spread" in e)).length;
    const spreads = codes.filter((_, i) => "spread" in expr.elements[i]!);
    const capacity = [String(fixed), ...spreads.map((s) => `${this.wrap(s)}->length`)].join(" + ");
    const array = this.temp(expr.type, `tse_array_new(ctx, ${this.context.descriptors.ref(expr.type)}, sizeof(${cType(element)}), ${capacity})`);
    expr.elements.forEach((e, i) => {
      if ("spread" in e) this.line(`tse_array_append_all(ctx, ${array}, ${codes[i]});`);
      else this.line(`*(${cType(element)}*)tse_array_push_slot(ctx, ${array}, sizeof(${cType(element)})) = ${codes[i]};`);
    });
    return array;
  }

  /**
   * A left-deep chain `a + b - c ...`, walked without recursion (chains may have thousands of
   * links). Runs of `+ -` or `* /` on numbers are spelled flat, `(a + b - c)`: C groups them left
   * to right as JavaScript does, so no parentheses pile up.
   */
  private binaryChain(top: Extract<Expr, { kind: "binary" }>): string {
    const links: Extract<Expr, { kind: "binary" }>[] = [];
    let bottom: Expr = top;
    for (; bottom.kind === "binary"; bottom = bottom.left) links.push(bottom);
    let code = this.expr(bottom);
    let flat: { group: string; text: string } | undefined;
    const finish = () => (flat ? `(${flat.text})` : code);
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i]!;
      // The left value is read after the right operand runs: hold it if that could change it.
      if (hasEffects(link.right)) {
        code = this.materialize(finish(), link.left.type);
        flat = undefined;
      }
      const right = this.expr(link.right);
      const group = FLAT_GROUP[link.op];
      if (group && link.left.type.kind === "number") {
        flat = flat?.group === group ? { group, text: `${flat.text} ${link.op} ${this.wrap(right)}` } : { group, text: `${this.wrap(finish())} ${link.op} ${this.wrap(right)}` };
        continue;
      }
      code = this.binary(link.op, link.left.type, finish(), right);
      flat = undefined;
      if (bracketDepth(code) > MAX_EXPRESSION_DEPTH) code = this.materialize(code, link.type);
    }
    return finish();
  }

  private binary(op: BinaryOp, operandType: IrType, left: string, right: string): string {
    if (op === "===" || op === "!==") {
      const test = this.strictEquals(operandType, left, right);
      return op === "===" ? test : `(!${this.wrap(test)})`;
    }
    if (operandType.kind === "string") return `(tse_str_compare(${left}, ${right}) ${op} 0)`;
    switch (op) {
      case "%":
        return `tse_number_mod(${left}, ${right})`;
      case "**":
        return `tse_number_pow(${left}, ${right})`;
      case "&":
      case "|":
      case "^":
        return `((double)(tse_to_int32(${left}) ${op} tse_to_int32(${right})))`;
      case "<<":
        return `((double)(int32_t)((uint32_t)tse_to_int32(${left}) << (tse_to_uint32(${right}) & 31)))`;
      case ">>":
        return `((double)(tse_to_int32(${left}) >> (tse_to_uint32(${right}) & 31)))`;
      case ">>>":
        return `((double)(tse_to_uint32(${left}) >> (tse_to_uint32(${right}) & 31)))`;
      default:
        return `(${this.wrap(left)} ${op} ${this.wrap(right)})`;
    }
  }

  private strictEquals(type: IrType, left: string, right: string): string {
    switch (representation(type)) {
      case "f64":
      case "bool":
        return `(${this.wrap(left)} == ${this.wrap(right)})`;
      case "unit":
        return "true";
      case "value":
        return `tse_value_strict_equals(${left}, ${right})`;
      default:
        if (type.kind === "string") return `tse_str_equals(${left}, ${right})`;
        if (membersOf(type).some((m) => m.kind === "string")) return `tse_ref_strict_equals(${left}, ${right})`;
        return `((const void*)${this.wrap(left)} == (const void*)${this.wrap(right)})`;
    }
  }

  /** A branch evaluated only when taken, inside an if: its captured lines, then its value into `result`. */
  private branch(result: string | undefined, value: Captured, from: IrType, to: IrType): void {
    for (const line of value.lines) this.lines.push(`  ${line}`);
    if (result) this.line(`${result} = ${convertCode(this, value.result, from, to, false)};`);
  }

  /**
   * `if (c0) {...} else if (c1) {...} ... else {...}`, flat however long the chain. A condition
   * after the first runs only when those before it were false: where one needs statements of its
   * own, each if jumps past the rest instead of nesting the rest in its else.
   */
  private ifChain(first: string, rest: Captured[], bodies: (() => void)[], otherwise: (() => void) | undefined): void {
    if (rest.every((condition) => condition.lines.length === 0)) {
      [first, ...rest.map((condition) => condition.result)].forEach((condition, i) => {
        this.line(`${i === 0 ? "if" : "} else if"} (${condition}) {`);
        this.block(bodies[i]!);
      });
      if (otherwise) {
        this.line("} else {");
        this.block(otherwise);
      }
      this.line("}");
      return;
    }
    const done = `${this.newTemp()}_done`;
    [{ lines: [], result: first }, ...rest].forEach((condition, i) => {
      for (const line of condition.lines) this.lines.push(line);
      this.line(`if (${condition.result}) {`);
      this.block(() => {
        bodies[i]!();
        this.line(`goto ${done};`);
      });
      this.line("}");
    });
    otherwise?.();
    this.line(`${done}:;`);
  }

  private ifStatement(top: Extract<Stmt, { kind: "if" }>): void {
    const links = [top];
    let otherwise = top.otherwise;
    for (let next = otherwise[0]; otherwise.length === 1 && next?.kind === "if"; next = otherwise[0]) {
      links.push(next);
      otherwise = next.otherwise;
    }
    const first = this.expr(top.condition);
    const rest = links.slice(1).map((link) => this.capture(() => this.expr(link.condition)));
    const last = otherwise;
    this.ifChain(first, rest, links.map((link) => () => this.statements(link.then)), last.length > 0 ? () => this.statements(last) : undefined);
  }

  private logical(expr: Extract<Expr, { kind: "logical" }>): string {
    const left = this.materialize(this.expr(expr.left), expr.left.type);
    const right = this.capture(() => this.expr(expr.right));
    if (expr.type.kind === "boolean" && right.lines.length === 0 && expr.op !== "??") {
      return `(${truthyCode(this, left, expr.left.type)} ${expr.op} ${this.wrap(right.result)})`;
    }
    const isVoid = expr.type.kind === "void";
    const result = isVoid ? undefined : this.newTemp();
    // For `??` the left value is converted unchecked: when it is nullish, the branch overwrites it.
    const initial = expr.op === "??" ? convertCode(this, left, expr.left.type, expr.type, false, true) : convertCode(this, left, expr.left.type, expr.type, false);
    if (result) this.line(`${cType(expr.type)} ${result} = ${initial};`);
    const nullish = () => {
      const members = membersOf(expr.left.type);
      const tests = [];
      if (members.some((m) => m.kind === "undefined" || m.kind === "void")) tests.push(isCode(this, left, expr.left.type, { kind: "undefined" }));
      if (members.some((m) => m.kind === "null")) tests.push(isCode(this, left, expr.left.type, { kind: "null" }));
      return tests.join(" || ") || "false";
    };
    const test = expr.op === "&&" ? truthyCode(this, left, expr.left.type) : expr.op === "||" ? `!${this.wrap(truthyCode(this, left, expr.left.type))}` : nullish();
    this.line(`if (${test}) {`);
    this.block(() => this.branch(result, right, expr.right.type, expr.type));
    this.line("}");
    return result ?? "0";
  }

  /** `c0 ? v0 : c1 ? v1 : ... : last`: the chain is walked without recursion and each part emitted once. */
  private conditional(top: Extract<Expr, { kind: "conditional" }>): string {
    const links: Extract<Expr, { kind: "conditional" }>[] = [];
    let last: Expr = top;
    for (; last.kind === "conditional" && sameType(last.type, top.type); last = last.whenFalse) links.push(last);
    const first = this.expr(top.condition);
    const values: Captured[] = [];
    const conditions: Captured[] = [];
    links.forEach((link, i) => {
      if (i > 0) conditions.push(this.capture(() => this.expr(link.condition)));
      values.push(this.capture(() => this.expr(link.whenTrue)));
    });
    const otherwise = this.capture(() => this.expr(last));
    const pure = [...conditions, ...values, otherwise].every((part) => part.lines.length === 0);
    if (pure && links.every((link) => sameType(link.whenTrue.type, top.type)) && sameType(last.type, top.type)) {
      // C's ?: groups to the right as JavaScript's does: a chain needs no inner parentheses.
      const arms = links.map((_, i) => `${i === 0 ? first : conditions[i - 1]!.result} ? ${this.wrap(values[i]!.result)} : `);
      return `(${arms.join("")}${this.wrap(otherwise.result)})`;
    }
    const result = this.resultTemp(top.type);
    this.ifChain(
      first,
      conditions,
      links.map((link, i) => () => this.branch(result, values[i]!, link.whenTrue.type, top.type)),
      () => this.branch(result, otherwise, last.type, top.type),
    );
    return result ?? "0";
  }

  /** The object and index of a target, held in temporaries when `value` could change them. */
  private targetParts(target: LValue, value: Expr | undefined): { object?: string; index?: string } {
    if (target.kind === "local") return {};
    const keep = value === undefined || hasEffects(value);
    if (target.kind === "field") {
      const object = this.expr(target.object);
      // A dispatched store reads the object more than once.
      return { object: keep || isPolymorphic(target.layout) ? this.materialize(object, target.object.type) : object };
    }
    const [array, index] = this.operands([target.array, target.index]);
    return { object: keep ? this.materialize(array!, target.array.type) : array, index: keep ? this.materialize(index!, { kind: "number" }) : index };
  }

  private targetRead(target: LValue, parts: { object?: string; index?: string }): string {
    if (target.kind === "local") return this.place(target.local);
    if (target.kind === "field" && isPolymorphic(target.layout)) return dispatchRead(this, parts.object!, concreteLayouts(target.layout), target.field.name, target.field.type);
    if (target.kind === "field") return `${this.wrap(parts.object!)}->${target.field.cName}`;
    if (target.array.type.kind === "bytes") return `tse_bytes_read(${parts.object}, ${parts.index})`;
    return `(*(${cType(target.element)}*)tse_array_element(ctx, ${parts.object}, ${parts.index}))`;
  }

  private targetWrite(target: LValue, parts: { object?: string; index?: string }, value: string): string {
    if (target.kind === "element" && target.array.type.kind === "bytes") {
      // u[i] = v: ToUint8, ignored outside the view, as JavaScript; the expression's value is v.
      this.line(`tse_bytes_write(${parts.object}, ${parts.index}, ${value});`);
      return value;
    }
    if (target.kind === "element") {
      const slot = `(*(${cType(target.element)}*)tse_array_store(ctx, ${parts.object}, ${parts.index}, sizeof(${cType(target.element)})))`;
      this.line(`${slot} = ${value};`);
      return value;
    }
    if (target.kind === "field" && isPolymorphic(target.layout)) {
      dispatchWrite(this, parts.object!, concreteLayouts(target.layout), target.field.name, value, target.field.type);
      return value;
    }
    // A config object may also be reached through a structurally identical type (an alias).
    if (target.kind === "field" && concreteLayouts(target.layout).some((l) => this.context.frozenLayouts.has(l))) {
      parts = { object: this.materialize(parts.object!, target.object.type) };
      this.line(`tse_check_field_store(ctx, ${parts.object}, offsetof(${structName(target.layout)}, ${target.field.cName}));`);
    }
    const place = this.targetRead(target, parts);
    this.line(`${place} = ${value};`);
    if (target.kind === "field" && target.field.optional && target.layout.kind === "record") {
      // Assigning a property the record does not have yet adds it, last in its order.
      this.line(keyDefine(this.wrap(parts.object!), target.layout, target.layout.fields.indexOf(target.field)));
    }
    return place;
  }

  private assign(target: LValue, value: Expr, whole: Expr): string {
    const appended = target.kind === "local" && tracksAppends(target.local) ? appendedParts(target.local, value) : undefined;
    if (appended && target.kind === "local") return this.append(target.local, whole, appended);
    const parts = this.targetParts(target, value);
    const code = this.materialize(this.expr(value), value.type);
    return this.targetWrite(target, parts, code);
  }

  private compound(expr: Extract<Expr, { kind: "compound" }>): string {
    if (expr.op === "concat" && expr.target.kind === "local" && tracksAppends(expr.target.local)) return this.append(expr.target.local, expr, [expr.value]);
    // The target is read and written around the value: hold its parts in temporaries.
    const parts = this.targetParts(expr.target, undefined);
    const old = this.temp(expr.type, this.targetRead(expr.target, parts));
    const value = this.expr(expr.value);
    const updated = expr.op === "concat" ? `tse_str_concat(ctx, ${old}, ${value})` : this.binary(expr.op, expr.type, old, value);
    const result = this.temp(expr.type, updated);
    this.targetWrite(expr.target, parts, result);
    return expr.returnOld ? old : result;
  }

  // ------------------------------------------------------------------ appends in place (c-append.ts)

  /** A read of a local's value: a local appended to in place no longer owns its string. */
  private readLocal(local: Local): string {
    if (tracksAppends(local)) this.line(`${this.owner(local)} = NULL;`, true);
    return this.place(local);
  }

  /** `expr`'s value where it is only looked at, never kept (`s.length`): the owner stays. */
  readWithoutCopy(expr: Expr): string {
    return expr.kind === "local" && tracksAppends(expr.local) ? this.place(expr.local) : this.expr(expr);
  }

  private owner(local: Local): string {
    this.owners.add(ownerName(local));
    return ownerName(local);
  }

  /** `local += parts` (`whole`: the assignment or compound, whose value may be used). */
  private append(local: Local, whole: Expr, parts: Expr[]): string {
    this.owner(local);
    const old = this.temp(local.type, this.place(local));
    return emitAppend(this, local, this.place(local), old, parts, this.statementExpr === whole);
  }
}
