/**
 * Emits one IR function as C. Expressions become C expressions when they have no side effects and
 * statements into temporaries when they do; operands are materialized whenever a later operand has
 * effects, so C's unspecified evaluation order never changes JavaScript's left-to-right order.
 */
import { BinaryOp, Expr, IrFunction, IrType, Layout, Local, LValue, Stmt } from "../ir.js";
import { isHeapType, isNullish, membersOf, representation, sameType } from "../lower/types.js";
import { Closures, cNumberLiteral, cType, cUtf8Literal, functionPointerType, singleHeapMember, StringPool, structName, TypeDescriptors } from "./c-types.js";

export interface EmitContext {
  strings: StringPool;
  descriptors: TypeDescriptors;
  closures: Closures;
  /** Comparators for Array.prototype.sort, one per element type. */
  comparators: Map<string, { name: string; definition: string }>;
}

/** Operations that change nothing observable (they may allocate). */
const PURE_RUNTIME_OPS = new Set([
  "string.build", "string.length", "number.toString", "boolean.toString", "array.length", "map.size", "string.index", "array.get",
  "error.message", "error.name", "boolean.toNumber", "regexpMatch.index", "regexpMatch.input", "math.unary", "unset",
]);

function hasEffects(expr: Expr): boolean {
  switch (expr.kind) {
    case "number":
    case "boolean":
    case "string":
    case "undefined":
    case "null":
    case "envoy":
    case "local":
    case "functionRef":
      return false;
    case "field":
    case "unionField":
      return hasEffects(expr.object);
    case "elementAt":
      return hasEffects(expr.array) || hasEffects(expr.index);
    case "runtime":
      return !PURE_RUNTIME_OPS.has(expr.op) || expr.args.some(hasEffects);
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
    case "closure":
      return false;
    case "call":
    case "callValue":
    case "new":
    case "assign":
    case "compound":
    case "sequence":
      return true;
  }
}

/** A C expression that needs no temporary to be read twice or later. */
function isAtomic(code: string): boolean {
  return /^(t\d+|[0-9.e+\-]+|true|false|NULL|NAN|INFINITY|\(-INFINITY\)|\(-0\.0\)|\(-?[0-9.e+]+\)|TSE_STR\(str_\d+\)|\(&tse_empty_string\)|0)$/.test(code);
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

const TAG_OF: Record<string, string> = { number: "TSE_TAG_NUMBER", boolean: "TSE_TAG_BOOLEAN", undefined: "TSE_TAG_UNDEFINED", void: "TSE_TAG_UNDEFINED", null: "TSE_TAG_NULL" };
const HEADER_TYPES = ["TSE_REQUEST_HEADER", "TSE_REQUEST_TRAILER", "TSE_RESPONSE_HEADER", "TSE_RESPONSE_TRAILER"];

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

export class FunctionEmitter {
  private lines: string[] = [];
  private depth = 1;
  private temps = 0;
  private readonly usedLabels = new Set<string>();
  private regions: Region[] = [];

  constructor(
    private readonly context: EmitContext,
    private readonly fn: IrFunction,
  ) {}

  static signature(fn: IrFunction): string {
    const params = ["tse_ctx* ctx"];
    if (fn.closure) params.push("tse_closure* closure");
    if (fn.self) params.push(`${cType(fn.self.local.type)} ${fn.self.local.cName}`);
    for (const p of fn.params) params.push(`${cType(p.type)} ${p.cName}`);
    return `static ${cType(fn.returnType)} ${fn.cName}(${params.join(", ")})`;
  }

  /** The environment struct of a closure function. */
  static environment(fn: IrFunction): string | undefined {
    if (!fn.closure) return undefined;
    const fields = fn.closure.captures.map((c) => `  ${cType(c.inner.type)}${c.outer.cell ? "*" : ""} ${c.inner.captured!.field};`);
    return [`typedef struct ${fn.closure.envStruct} {`, "  tse_closure base;", ...fields, `} ${fn.closure.envStruct};`].join("\n");
  }

  emit(): string {
    if (this.fn.mayRecurse) this.line("tse_check_stack(ctx);");
    this.statements(this.fn.body);
    const last = this.fn.body[this.fn.body.length - 1];
    if (this.fn.returnType.kind !== "void" && last?.kind !== "return" && last?.kind !== "throw") {
      // TypeScript proved every path returns; this only guards against a bug in that proof.
      this.line(`tse_fail(ctx, ${cUtf8Literal(`${this.fn.displayName} ended without returning a value`)});`);
    }
    return [`/* ${this.fn.displayName} */`, `${FunctionEmitter.signature(this.fn)} {`, ...this.lines, "}"].join("\n");
  }

  // ------------------------------------------------------------------ output helpers

  private line(text: string): void {
    this.lines.push(`${"  ".repeat(this.depth)}${text}`);
  }

  private newTemp(): string {
    return `t${++this.temps}`;
  }

  private temp(type: IrType, init: string): string {
    const name = this.newTemp();
    this.line(`${cType(type)} ${name} = ${init};`);
    return name;
  }

  private materialize(code: string, type: IrType): string {
    return isAtomic(code) || type.kind === "void" ? code : this.temp(type, code);
  }

  /** Runs `emit` into a separate buffer; returns the lines and the result. */
  private capture<T>(emit: () => T): { lines: string[]; result: T } {
    const saved = this.lines;
    this.lines = [];
    try {
      const result = emit();
      return { lines: this.lines, result };
    } finally {
      this.lines = saved;
    }
  }

  private block(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  private declaration(local: Local): string {
    const volatile = this.fn.hasTry ? " volatile" : "";
    return local.cell ? `${cType(local.type)}*${volatile} ${local.cName}` : `${cType(local.type)}${volatile} ${local.cName}`;
  }

  /** The C lvalue of a local: plain, in a cell, or captured in the closure environment. */
  private place(local: Local): string {
    if (local.captured) {
      const slot = `((${local.captured.envStruct}*)closure)->${local.captured.field}`;
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
        const init = stmt.init ? this.expr(stmt.init) : "0";
        if (stmt.local.cell) {
          this.line(`${this.declaration(stmt.local)} = TSE_NEW_CELL(ctx, ${cType(stmt.local.type)});`);
          this.line(`*${stmt.local.cName} = ${init};`);
        } else if (stmt.local.type.kind === "void") {
          if (init !== "0") this.line(`(void)(${init});`);
        } else {
          this.line(`${this.declaration(stmt.local)} = ${init};`);
        }
        return;
      }
      case "expr":
        // Effects are emitted as statements; the returned code is a pure value, unused here.
        this.expr(stmt.expr);
        return;
      case "if": {
        const condition = this.expr(stmt.condition);
        this.line(`if (${condition}) {`);
        this.block(() => this.statements(stmt.then));
        if (stmt.otherwise.length > 0) {
          this.line("} else {");
          this.block(() => this.statements(stmt.otherwise));
        }
        this.line("}");
        return;
      }
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
    this.line("for (;;) {");
    this.block(() => {
      if (stmt.testFirst) test();
      this.statements(stmt.body);
      this.labelIfUsed(`${stmt.label}_continue`);
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
    this.line(`for (uint32_t ${index} = 0; ${index} < ${array}->length; ${index}++) {`);
    this.block(() => {
      const element = `((${cType(elementType)}*)${array}->data)[${index}]`;
      this.bindElement(stmt.element, this.convertCode(element, elementType, stmt.element.type, false));
      this.statements(stmt.body);
      this.labelIfUsed(`${stmt.label}_continue`);
    });
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
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
    if (stmt.what === "chars") {
      this.line(`for (uint32_t ${index} = 0; ${index} < ${source}->length;) {`);
      this.block(() => {
        this.bindElement(stmt.element, `tse_str_next_code_point(ctx, ${source}, &${index})`);
        this.statements(stmt.body);
        this.labelIfUsed(`${stmt.label}_continue`);
      });
    } else {
      const collection = stmt.source.type as Extract<IrType, { kind: "map" | "set" }>;
      const keyType = collection.kind === "map" ? collection.key : collection.element;
      const valueType = collection.kind === "map" ? collection.value : collection.element;
      this.line(`for (uint32_t ${index} = 0; ${index} < ${source}->count; ${index}++) {`);
      this.block(() => {
        this.line(`if (${source}->deleted[${index}]) continue;`);
        const key = this.fromValue(`${source}->keys[${index}]`, keyType);
        const value = collection.kind === "map" ? this.fromValue(`${source}->values[${index}]`, valueType) : key;
        if (stmt.what === "entries") {
          const tuple = stmt.element.type as Extract<IrType, { kind: "object" }>;
          const entry = this.allocate(tuple.layout, undefined);
          this.line(`${entry}->${tuple.layout.fields[0]!.cName} = ${this.convertCode(key, keyType, tuple.layout.fields[0]!.type, false)};`);
          this.line(`${entry}->${tuple.layout.fields[1]!.cName} = ${this.convertCode(value, valueType, tuple.layout.fields[1]!.type, false)};`);
          this.bindElement(stmt.element, entry);
        } else {
          const read = stmt.what === "keys" ? key : value;
          this.bindElement(stmt.element, this.convertCode(read, stmt.what === "keys" ? keyType : valueType, stmt.element.type, false));
        }
        this.statements(stmt.body);
        this.labelIfUsed(`${stmt.label}_continue`);
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
    const tryCatch = () => {
      if (!stmt.catchBody) {
        this.statements(stmt.body);
        return;
      }
      const handler = `h${++this.temps}`;
      this.line("{");
      this.block(() => {
        this.line(`tse_handler ${handler};`);
        this.line(`${handler}.previous = ctx->handler;`);
        this.line(`ctx->handler = &${handler};`);
        this.line(`if (setjmp(${handler}.jump) == 0) {`);
        this.block(() => {
          this.regions.push({ kind: "catch", handler, jumps: [] });
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
      this.line(`int volatile ${region.completion} = 0; /* 0 normal, 1 throw, 2 return, 3+ jump */`);
      this.line(`tse_error* volatile thrown${n} = NULL;`);
      if (!isVoid) this.line(`${cType(this.fn.returnType)} volatile ${region.returnValue};`);
      this.line(`tse_handler ${region.handler};`);
      this.line(`${region.handler}.previous = ctx->handler;`);
      this.line(`ctx->handler = &${region.handler};`);
      this.line(`if (setjmp(${region.handler}.jump) == 0) {`);
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
  private operands(exprs: Expr[]): string[] {
    const codes: string[] = [];
    exprs.forEach((expr, i) => {
      const code = this.expr(expr);
      const laterEffects = exprs.slice(i + 1).some(hasEffects);
      codes.push(laterEffects ? this.materialize(code, expr.type) : code);
    });
    return codes;
  }

  /** Emits `expr`; returns a side-effect-free C expression for its value. */
  expr(expr: Expr): string {
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
        return this.place(expr.local);
      case "field": {
        const object = this.expr(expr.object);
        return `${this.wrap(object)}->${expr.field.cName}`;
      }
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
        return this.closure(expr.fn);
      case "functionRef":
        return this.context.closures.staticClosure(expr.fn);
      case "runtime":
        return this.runtime(expr);
      case "unary": {
        const operand = this.expr(expr.operand);
        if (expr.op === "+") return operand;
        if (expr.op === "~") return `((double)(~tse_to_int32(${operand})))`;
        return `(${expr.op}${this.wrap(operand)})`;
      }
      case "binary": {
        const [left, right] = this.operands([expr.left, expr.right]);
        return this.binary(expr.op, expr.left.type, left!, right!);
      }
      case "logical":
        return this.logical(expr);
      case "conditional":
        return this.conditional(expr);
      case "assign":
        return this.assign(expr.target, expr.value);
      case "compound":
        return this.compound(expr);
      case "convert":
        return this.convertCode(this.expr(expr.value), expr.value.type, expr.type, expr.checked);
      case "truthy": {
        const value = this.materialize(this.expr(expr.value), expr.value.type);
        return this.truthyCode(value, expr.value.type);
      }
      case "is": {
        const value = this.materialize(this.expr(expr.value), expr.value.type);
        return this.isCode(value, expr.value.type, expr.member);
      }
      case "typeof":
        return this.typeofCode(this.materialize(this.expr(expr.value), expr.value.type), expr.value.type);
      case "arrayLiteral":
        return this.arrayLiteral(expr);
      case "objectLiteral": {
        const codes = this.operands(expr.fields.map((f) => f.value));
        const object = this.allocate(expr.layout, expr.order);
        expr.fields.forEach((f, i) => this.line(`${object}->${f.field.cName} = ${codes[i]};`));
        return object;
      }
      case "sequence":
        this.statements(expr.statements);
        return this.expr(expr.result);
    }
  }

  /** Parenthesizes unless `code` is already one operand: a name, field chain, number, call or (group). */
  private wrap(code: string): string {
    if (/^[A-Za-z_][A-Za-z0-9_]*(->[A-Za-z_][A-Za-z0-9_]*)*$/.test(code) || /^[0-9][0-9.e+]*$/.test(code)) return code;
    const open = code.indexOf("(");
    if (open >= 0 && code.endsWith(")") && /^[A-Za-z_0-9]*$/.test(code.slice(0, open)) && closingParen(code, open) === code.length - 1) return code;
    return `(${code})`;
  }

  private allocate(layout: Layout, order: string[] | undefined): string {
    const struct = structName(layout);
    const type: IrType = { kind: "object", layout };
    const descriptor = order ? this.context.descriptors.refOrdered(layout, order) : this.context.descriptors.ref(type);
    return this.temp(type, `tse_new_object(ctx, sizeof(${struct}), ${descriptor})`);
  }

  private newObject(layout: Layout, args: Expr[]): string {
    const codes = this.operands(args);
    const object = this.allocate(layout, undefined);
    const ctor = layout.constructorFunction!;
    this.line(`${ctor.cName}(${["ctx", object, ...codes].join(", ")});`);
    return object;
  }

  private closure(fn: IrFunction): string {
    const env = fn.closure!;
    const object = this.newTemp();
    this.line(`${env.envStruct}* ${object} = tse_new_object(ctx, sizeof(${env.envStruct}), &tse_type_function);`);
    this.line(`${object}->base.code = (void*)${fn.cName};`);
    for (const capture of env.captures) {
      // A cell is shared (its pointer is copied); anything else is copied by value.
      const outer = capture.outer;
      const value = outer.cell ? (outer.captured ? `((${outer.captured.envStruct}*)closure)->${outer.captured.field}` : outer.cName) : this.place(outer);
      this.line(`${object}->${capture.inner.captured!.field} = ${value};`);
    }
    return `((tse_closure*)${object})`;
  }

  private unionField(expr: Extract<Expr, { kind: "unionField" }>): string {
    const object = this.materialize(this.expr(expr.object), expr.object.type);
    const members = membersOf(expr.object.type) as Extract<IrType, { kind: "object" }>[];
    const reads = members.map((m) => {
      const field = m.layout.fields.find((f) => f.name === expr.name)!;
      return { test: `tse_is(${object}, ${this.context.descriptors.ref(m)})`, code: this.convertCode(`((${structName(m.layout)}*)${object})->${field.cName}`, field.type, expr.type, false) };
    });
    let code = reads[reads.length - 1]!.code;
    for (let i = reads.length - 2; i >= 0; i--) code = `(${reads[i]!.test} ? ${reads[i]!.code} : ${code})`;
    return code;
  }

  private elementAt(expr: Extract<Expr, { kind: "elementAt" }>): string {
    const [array, index] = this.operands([expr.array, expr.index]);
    const element = (expr.array.type as Extract<IrType, { kind: "array" }>).element;
    const slot = this.newTemp();
    const result = this.newTemp();
    this.line(`uint32_t ${slot};`);
    this.line(`${cType(expr.type)} ${result} = ${this.undefinedIn(expr.type)};`);
    this.line(`if (tse_array_index(${array}, ${index}, &${slot})) ${result} = ${this.convertCode(`((${cType(element)}*)${this.wrap(array!)}->data)[${slot}]`, element, expr.type, false)};`);
    return result;
  }

  /** `undefined` in the representation of `type` (which includes it). */
  private undefinedIn(type: IrType): string {
    switch (representation(type)) {
      case "value":
        return "tse_value_undefined()";
      case "ref":
        return `((${cType(type)})NULL)`;
      default:
        return "0";
    }
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

  /** Branches evaluate lazily: each branch's statements go inside an if. */
  private branch(result: string, value: Expr, to: IrType): void {
    const { lines, result: code } = this.capture(() => this.convertCode(this.expr(value), value.type, to, false));
    this.block(() => {
      for (const line of lines) this.lines.push(`  ${line}`);
      this.line(`${result} = ${code};`);
    });
  }

  private logical(expr: Extract<Expr, { kind: "logical" }>): string {
    const left = this.materialize(this.expr(expr.left), expr.left.type);
    const right = this.capture(() => this.expr(expr.right));
    if (expr.type.kind === "boolean" && right.lines.length === 0 && expr.op !== "??") {
      return `(${this.truthyCode(left, expr.left.type)} ${expr.op} ${this.wrap(right.result)})`;
    }
    const result = this.newTemp();
    // For `??` the left value is converted unchecked: when it is nullish, the branch overwrites it.
    const initial = expr.op === "??" ? this.convertCode(left, expr.left.type, expr.type, false, true) : this.convertCode(left, expr.left.type, expr.type, false);
    this.line(`${cType(expr.type)} ${result} = ${initial};`);
    const nullish = () => {
      const members = membersOf(expr.left.type);
      const tests = [];
      if (members.some((m) => m.kind === "undefined" || m.kind === "void")) tests.push(this.isCode(left, expr.left.type, { kind: "undefined" }));
      if (members.some((m) => m.kind === "null")) tests.push(this.isCode(left, expr.left.type, { kind: "null" }));
      return tests.join(" || ") || "false";
    };
    const test = expr.op === "&&" ? this.truthyCode(left, expr.left.type) : expr.op === "||" ? `!${this.wrap(this.truthyCode(left, expr.left.type))}` : nullish();
    this.line(`if (${test}) {`);
    this.branch(result, expr.right, expr.type);
    this.line("}");
    return result;
  }

  private conditional(expr: Extract<Expr, { kind: "conditional" }>): string {
    const condition = this.expr(expr.condition);
    const whenTrue = this.capture(() => this.expr(expr.whenTrue));
    const whenFalse = this.capture(() => this.expr(expr.whenFalse));
    if (whenTrue.lines.length === 0 && whenFalse.lines.length === 0 && sameType(expr.whenTrue.type, expr.type) && sameType(expr.whenFalse.type, expr.type)) {
      return `(${condition} ? ${this.wrap(whenTrue.result)} : ${this.wrap(whenFalse.result)})`;
    }
    const result = this.newTemp();
    this.line(`${cType(expr.type)} ${result};`);
    this.line(`if (${condition}) {`);
    this.branch(result, expr.whenTrue, expr.type);
    this.line("} else {");
    this.branch(result, expr.whenFalse, expr.type);
    this.line("}");
    return result;
  }

  /** The object and index of a target, held in temporaries when `value` could change them. */
  private targetParts(target: LValue, value: Expr | undefined): { object?: string; index?: string } {
    if (target.kind === "local") return {};
    const keep = value === undefined || hasEffects(value);
    if (target.kind === "field") {
      const object = this.expr(target.object);
      return { object: keep ? this.materialize(object, target.object.type) : object };
    }
    const [array, index] = this.operands([target.array, target.index]);
    return { object: keep ? this.materialize(array!, target.array.type) : array, index: keep ? this.materialize(index!, { kind: "number" }) : index };
  }

  private targetRead(target: LValue, parts: { object?: string; index?: string }): string {
    if (target.kind === "local") return this.place(target.local);
    if (target.kind === "field") return `${this.wrap(parts.object!)}->${target.field.cName}`;
    return `(*(${cType(target.element)}*)tse_array_element(ctx, ${parts.object}, ${parts.index}))`;
  }

  private targetWrite(target: LValue, parts: { object?: string; index?: string }, value: string): string {
    if (target.kind === "element") {
      const slot = `(*(${cType(target.element)}*)tse_array_store(ctx, ${parts.object}, ${parts.index}, sizeof(${cType(target.element)})))`;
      this.line(`${slot} = ${value};`);
      return value;
    }
    const place = this.targetRead(target, parts);
    this.line(`${place} = ${value};`);
    return place;
  }

  private assign(target: LValue, value: Expr): string {
    const parts = this.targetParts(target, value);
    const code = this.materialize(this.expr(value), value.type);
    return this.targetWrite(target, parts, code);
  }

  private compound(expr: Extract<Expr, { kind: "compound" }>): string {
    // The target is read and written around the value: hold its parts in temporaries.
    const parts = this.targetParts(expr.target, undefined);
    const old = this.temp(expr.type, this.targetRead(expr.target, parts));
    const value = this.expr(expr.value);
    const updated = expr.op === "concat" ? `tse_str_concat(ctx, ${old}, ${value})` : this.binary(expr.op, expr.type, old, value);
    const result = this.temp(expr.type, updated);
    this.targetWrite(expr.target, parts, result);
    return expr.returnOld ? old : result;
  }

  // ------------------------------------------------------------------ representations

  private nullishTag(type: IrType): string {
    const nullish = membersOf(type).find(isNullish);
    return nullish?.kind === "null" ? "TSE_TAG_NULL" : "TSE_TAG_UNDEFINED";
  }

  /** A value held in a tse_value slot (Map entries), in the representation of `type`. */
  private fromValue(code: string, type: IrType): string {
    return this.convertCode(code, { kind: "union", members: [type, { kind: "undefined" }] } as IrType, type, false, true, true);
  }

  /**
   * Converts C code holding a value of `from` to the representation of `to`. `checked`: verify a
   * narrowing at run time. `unsafe`: skip checks even where the value might not fit (the caller
   * overwrites it). `raw`: `code` is a tse_value whatever `from` says.
   */
  convertCode(code: string, from: IrType, to: IrType, checked: boolean, unsafe = false, raw = false): string {
    if (to.kind === "void") return code;
    const fromRep = raw ? "value" : representation(from);
    const toRep = representation(to);
    if (toRep === "unit") return "0";
    if (!raw && sameType(from, to) && cType(from) === cType(to)) return code;
    const toMembers = membersOf(to);
    // To a union (widening or union-to-union).
    if (to.kind === "union" && (from.kind === "union" || raw || toMembers.some((m) => sameType(m, from)) || isNullish(from) || from.kind === "void")) {
      if (toRep === "value") {
        if (fromRep === "value") return code;
        if (fromRep === "ref") return from.kind === "union" ? `tse_value_from_ref(${code}, ${this.nullishTag(from)})` : `tse_value_ref(${code})`;
        if (fromRep === "f64") return `tse_value_number(${code})`;
        if (fromRep === "bool") return `tse_value_boolean(${code})`;
        return from.kind === "null" ? "tse_value_null()" : "tse_value_undefined()";
      }
      // to a pointer union
      if (fromRep === "ref") return cType(from) === cType(to) ? code : `((${cType(to)})${this.wrap(code)})`;
      if (fromRep === "unit") return `((${cType(to)})NULL)`;
      if (fromRep === "value") {
        const ref = `((${cType(to)})${this.wrap(code)}.as.ref)`;
        if (checked && !unsafe) return `((${cType(to)})tse_check_ref_member(ctx, ${code}))`;
        return `(${this.wrap(code)}.tag == TSE_TAG_REF ? ${ref} : NULL)`;
      }
    }
    // From a union to one of its members (narrowing).
    if (from.kind === "union" || raw) {
      if (fromRep === "value") {
        const tag = TAG_OF[to.kind];
        if (tag) {
          const checkedValue = checked && !unsafe ? `tse_check_tag(ctx, ${code}, ${tag})` : code;
          if (to.kind === "number") return `${this.wrap(checkedValue)}.as.number`;
          if (to.kind === "boolean") return `${this.wrap(checkedValue)}.as.boolean`;
          return "0";
        }
        const ref = checked && !unsafe ? `tse_check_is(ctx, tse_check_tag(ctx, ${code}, TSE_TAG_REF).as.ref, ${this.context.descriptors.ref(to)})` : `${this.wrap(code)}.as.ref`;
        return `((${cType(to)})${ref})`;
      }
      if (fromRep === "ref") {
        if (isNullish(to)) return "0";
        if (!checked || unsafe) return cType(from) === cType(to) ? code : `((${cType(to)})${this.wrap(code)})`;
        const heap = membersOf(from).filter(isHeapType);
        const check = heap.length > 1 && isHeapType(to) ? `tse_check_is(ctx, ${code}, ${this.context.descriptors.ref(to)})` : `tse_check_defined(ctx, ${code})`;
        return `((${cType(to)})${check})`;
      }
    }
    // Same representation, different static types (compatible layouts, arrays).
    return cType(from) === cType(to) ? code : `((${cType(to)})${this.wrap(code)})`;
  }

  private truthyCode(code: string, type: IrType): string {
    switch (type.kind) {
      case "boolean":
        return code;
      case "number":
        return `tse_number_truthy(${code})`;
      case "string":
        return `(${code}->length != 0)`;
      case "undefined":
      case "void":
      case "null":
        return "false";
      case "union":
        if (representation(type) === "value") return `tse_value_truthy(${code})`;
        return membersOf(type).some((m) => m.kind === "string") ? `tse_ref_truthy(${code})` : `(${code} != NULL)`;
      default:
        return "true";
    }
  }

  /** Whether `code` (of type `type`) holds a value of `member`. */
  private isCode(code: string, type: IrType, member: IrType): string {
    const members = membersOf(type);
    if (type.kind !== "union") {
      if (member.kind === "array" && type.kind === "array") return "true";
      return member.kind === type.kind && (member.kind !== "object" || sameType(member, type)) ? "true" : "false";
    }
    const test = (desc: string) => (member.kind === "array" && (member.element.kind === "undefined") ? `((const tse_header*)REF)->type->kind == TSE_KIND_ARRAY` : `tse_is(REF, ${desc})`);
    if (representation(type) === "value") {
      const tag = TAG_OF[member.kind];
      if (tag) return `(${this.wrap(code)}.tag == ${tag})`;
      return `(${this.wrap(code)}.tag == TSE_TAG_REF && ${test(this.descriptorOrArray(member)).replace(/REF/g, `${this.wrap(code)}.as.ref`)})`;
    }
    if (isNullish(member)) return members.some((m) => m.kind === member.kind || (m.kind === "void" && member.kind === "undefined")) ? `(${code} == NULL)` : "false";
    const heap = members.filter(isHeapType);
    if (heap.length === 1 && (sameType(heap[0]!, member) || member.kind === heap[0]!.kind)) return `(${code} != NULL)`;
    return `(${code} != NULL && ${test(this.descriptorOrArray(member)).replace(/REF/g, code)})`;
  }

  private descriptorOrArray(member: IrType): string {
    return member.kind === "array" && member.element.kind === "undefined" ? "" : this.context.descriptors.ref(member);
  }

  private typeofCode(code: string, type: IrType): string {
    const constant = (name: string) => this.context.strings.ref(name);
    switch (type.kind) {
      case "number":
        return constant("number");
      case "boolean":
        return constant("boolean");
      case "string":
        return constant("string");
      case "undefined":
      case "void":
        return constant("undefined");
      case "function":
        return constant("function");
      case "union":
        if (representation(type) === "value") return `tse_typeof_value(${code})`;
        return `tse_typeof_ref(${code}, ${membersOf(type).some((m) => m.kind === "null") ? "true" : "false"})`;
      default:
        return constant("object");
    }
  }

  // ------------------------------------------------------------------ runtime operations

  /** A pointer to a slot holding `code` (for runtime functions generic over types). */
  private slot(code: string, type: IrType): string {
    const name = this.newTemp();
    this.line(`${cType(type)} ${name} = ${code};`);
    return `&${name}`;
  }

  private call(fn: string, args: string[], type: IrType): string {
    const call = `${fn}(${args.join(", ")})`;
    if (type.kind === "void" || type.kind === "undefined") {
      this.line(`${call};`);
      return "0";
    }
    return this.temp(type, call);
  }

  private optionalArg(expr: Expr, code: string): { value: string; present: string } {
    return expr.kind === "undefined" ? { value: "0", present: "false" } : { value: code, present: "true" };
  }

  private comparator(element: IrType): string {
    const key = cType(element) + (representation(element) === "value" ? ":v" : "");
    const existing = this.context.comparators.get(key);
    if (existing) return existing.name;
    const name = `compare_${this.context.comparators.size}`;
    const fnType: Extract<IrType, { kind: "function" }> = { kind: "function", params: [element, element], returns: { kind: "number" } };
    const definition = [
      `static int ${name}(tse_ctx* ctx, void* closure, const void* a, const void* b) {`,
      `  double r = ((${functionPointerType(fnType)})((tse_closure*)closure)->code)(ctx, (tse_closure*)closure, *(${cType(element)} const*)a, *(${cType(element)} const*)b);`,
      "  return r < 0 ? -1 : r > 0 ? 1 : 0; /* NaN compares as 0, as in JS */",
      "}",
    ].join("\n");
    this.context.comparators.set(key, { name, definition });
    return name;
  }

  private runtime(expr: Extract<Expr, { kind: "runtime" }>): string {
    const args = expr.args;
    const op = expr.op;
    const arrayElement = (e: Expr) => (e.type as Extract<IrType, { kind: "array" }>).element;
    switch (op) {
      case "string.length":
      case "array.length":
        return `((double)${this.wrap(this.expr(args[0]!))}->length)`;
      case "map.size":
        return `((double)${this.wrap(this.expr(args[0]!))}->size)`;
      case "string.build": {
        const codes = this.operands(args);
        if (codes.length === 2) return this.temp(expr.type, `tse_str_concat(ctx, ${codes[0]}, ${codes[1]})`);
        const parts = this.newTemp();
        this.line(`tse_str ${parts}[${codes.length}] = {${codes.join(", ")}};`);
        return this.temp(expr.type, `tse_str_concat_all(ctx, ${parts}, ${codes.length})`);
      }
      case "number.toString":
        return this.temp(expr.type, `tse_number_to_string(ctx, ${this.expr(args[0]!)})`);
      case "boolean.toString":
        return `tse_bool_to_string(${this.expr(args[0]!)})`;
      case "boolean.toNumber":
        return `(${this.wrap(this.expr(args[0]!))} ? 1.0 : 0.0)`;
      case "value.toString": {
        const value = args[0]!;
        return this.temp(expr.type, `tse_to_string(ctx, ${this.slot(this.expr(value), value.type)}, ${this.context.descriptors.ref(value.type)})`);
      }
      case "string.toNumber":
        return this.temp(expr.type, `tse_string_to_number(${this.expr(args[0]!)})`);
      case "string.index": {
        const [s, i] = this.operands(args);
        return this.temp(expr.type, `tse_str_unit_at(ctx, ${s}, ${i})`);
      }
      case "math.unary": {
        const fn = args[0]!.kind === "string" ? args[0]!.value : "";
        return `${fn}(${this.expr(args[1]!)})`;
      }
      case "math.max":
      case "math.min":
      case "math.hypot": {
        const codes = this.operands(args);
        if (codes.length === 0) return this.temp(expr.type, `tse_${op.replace(".", "_")}(NULL, 0)`);
        const values = this.newTemp();
        this.line(`double ${values}[${codes.length}] = {${codes.join(", ")}};`);
        return this.temp(expr.type, `tse_${op.replace(".", "_")}(${values}, ${codes.length})`);
      }
      case "math.atan2":
      case "math.imul": {
        const [a, b] = this.operands(args);
        return this.temp(expr.type, `tse_${op.replace(".", "_")}(${a}, ${b})`);
      }
      case "math.random":
        return this.temp(expr.type, "tse_math_random(ctx)");
      case "parseInt": {
        const [s, radix] = this.operands(args);
        return this.temp(expr.type, `tse_parse_int(${s}, ${radix})`);
      }
      case "parseFloat":
        return this.temp(expr.type, `tse_parse_float(${this.expr(args[0]!)})`);
      case "number.isNaN":
        return `isnan(${this.expr(args[0]!)})`;
      case "number.isFinite":
        return `isfinite(${this.expr(args[0]!)})`;
      case "number.isInteger":
        return `tse_number_is_integer(${this.expr(args[0]!)})`;
      case "number.isSafeInteger":
        return `tse_number_is_safe_integer(${this.expr(args[0]!)})`;
      case "number.toFixed": {
        const [x, digits] = this.operands(args);
        return this.temp(expr.type, `tse_number_to_fixed(ctx, ${x}, ${digits})`);
      }
      case "number.toStringRadix": {
        const [x, radix] = this.operands(args);
        return this.temp(expr.type, `tse_number_to_string_radix(ctx, ${x}, ${radix})`);
      }
      case "number.toPrecision":
      case "number.toExponential": {
        const [x, p] = this.operands(args);
        const optional = this.optionalArg(args[1]!, p!);
        return this.temp(expr.type, `tse_${op === "number.toPrecision" ? "number_to_precision" : "number_to_exponential"}(ctx, ${x}, ${optional.value}, ${optional.present})`);
      }
      case "string.fromCharCode":
      case "string.fromCodePoint": {
        const codes = this.operands(args);
        const values = this.newTemp();
        this.line(`double ${values}[${Math.max(codes.length, 1)}] = {${codes.length ? codes.join(", ") : "0"}};`);
        return this.temp(expr.type, `tse_str_from_${op === "string.fromCharCode" ? "char_codes" : "code_points"}(ctx, ${values}, ${codes.length})`);
      }
      case "tuple.join": {
        const [tuple, separator] = this.operands(args);
        return this.temp(expr.type, `tse_tuple_join(ctx, ${tuple}, ${args[1]!.kind === "undefined" ? "NULL" : separator})`);
      }
      case "throw.TypeError":
        this.line(`tse_throw_js_error(ctx, "TypeError", ${JSON.stringify(args[0]!.kind === "string" ? args[0]!.value : "")});`);
        return "0";
      case "unset":
        return `((${cType(expr.type)})0)`;
      case "log": {
        const [level, message, file, line] = args;
        const text = this.expr(message!);
        const fileName = file!.kind === "string" ? file!.value : "";
        const lineNumber = line!.kind === "number" ? line!.value : 0;
        this.line(`tse_log(ctx, ${level!.kind === "number" ? level!.value : 2}, ${text}, ${cUtf8Literal(fileName)}, ${lineNumber});`);
        return "0";
      }
    }
    if (op.startsWith("string.")) return this.stringOp(expr);
    if (op.startsWith("array.") || op.startsWith("collect.")) return this.arrayOp(expr, arrayElement);
    if (op.startsWith("map.")) return this.mapOp(expr);
    if (op.startsWith("error.")) return this.errorOp(expr);
    if (op.startsWith("json.") || op === "object.keys") return this.jsonOp(expr);
    if (op.startsWith("regexp")) return this.regexpOp(expr);
    return this.httpCall(expr);
  }

  private stringOp(expr: Extract<Expr, { kind: "runtime" }>): string {
    const codes = this.operands(expr.args);
    const [s, a, b] = codes;
    const method = expr.op.slice("string.".length);
    const snake = method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    switch (method) {
      case "charAt":
      case "at":
        return this.temp(expr.type, `tse_str_${snake}(ctx, ${s}, ${a})`);
      case "charCodeAt":
      case "codePointAt":
        return this.temp(expr.type, `tse_str_${snake}(${s}, ${a})`);
      case "indexOf":
      case "lastIndexOf":
      case "includes":
      case "startsWith":
        return this.temp(expr.type, `tse_str_${snake}(${s}, ${a}, ${b})`);
      case "endsWith": {
        const end = this.optionalArg(expr.args[2]!, b!);
        return this.temp(expr.type, `tse_str_ends_with(${s}, ${a}, ${end.value}, ${end.present})`);
      }
      case "slice":
      case "substring": {
        const end = this.optionalArg(expr.args[2]!, b!);
        return this.temp(expr.type, `tse_str_${snake}(ctx, ${s}, ${a}, ${end.value}, ${end.present})`);
      }
      case "toLowerCase":
      case "toUpperCase":
      case "trim":
      case "trimStart":
      case "trimEnd":
        return this.temp(expr.type, `tse_str_${snake}(ctx, ${s})`);
      case "padStart":
      case "padEnd":
        return this.temp(expr.type, `tse_str_${snake}(ctx, ${s}, ${a}, ${expr.args[2]!.kind === "undefined" ? "NULL" : b})`);
      case "repeat":
        return this.temp(expr.type, `tse_str_repeat(ctx, ${s}, ${a})`);
      case "split": {
        const limit = this.optionalArg(expr.args[2]!, b!);
        return this.temp(expr.type, `tse_str_split(ctx, ${s}, ${expr.args[1]!.kind === "undefined" ? "NULL" : a}, ${limit.value}, ${limit.present})`);
      }
      case "replace":
      case "replaceAll":
        return this.temp(expr.type, `tse_str_${snake}(ctx, ${s}, ${a}, ${b})`);
      case "replaceFn":
      case "replaceAllFn":
        return this.temp(expr.type, `tse_str_replace_fn(ctx, ${s}, ${a}, ${method === "replaceAllFn"}, tse_call_replacer, ${b})`);
      case "splitRegexp": {
        const limit = this.optionalArg(expr.args[2]!, b!);
        return this.temp(expr.type, `tse_str_split_regexp(ctx, ${s}, ${a}, ${limit.value}, ${limit.present})`);
      }
      case "replaceRegexp":
        return this.temp(expr.type, `tse_str_replace_regexp(ctx, ${s}, ${a}, ${b})`);
      case "replaceAllRegexp":
        return this.temp(expr.type, `tse_str_replace_all_regexp(ctx, ${s}, ${a}, ${b})`);
      case "replaceRegexpFn":
      case "replaceAllRegexpFn":
        return this.temp(expr.type, `tse_str_replace${method === "replaceAllRegexpFn" ? "_all" : ""}_regexp_fn(ctx, ${s}, ${a}, tse_call_regexp_replacer, ${b})`);
      case "match":
        return this.temp(expr.type, `tse_str_match_value(ctx, ${s}, ${a})`);
      case "search":
        return this.temp(expr.type, `tse_str_search(ctx, ${s}, ${a})`);
    }
    throw new Error(`emitter: no C form for ${expr.op}`);
  }

  private arrayOp(expr: Extract<Expr, { kind: "runtime" }>, elementOf: (e: Expr) => IrType): string {
    const args = expr.args;
    const op = expr.op;
    if (op.startsWith("collect.")) {
      const source = this.expr(args[0]!);
      const what = op.slice("collect.".length);
      const descriptor = this.context.descriptors.ref(expr.type);
      if (what === "chars") return this.temp(expr.type, `tse_str_code_points(ctx, ${source}, ${descriptor})`);
      const element = elementOf(expr);
      // Maps and Sets: collect entries into a new array, converting from tagged values.
      const array = this.temp(expr.type, `tse_array_new(ctx, ${descriptor}, sizeof(${cType(element)}), ${this.wrap(source)}->size)`);
      const i = this.newTemp();
      this.line(`for (uint32_t ${i} = 0; ${i} < ${this.wrap(source)}->count; ${i}++) {`);
      this.block(() => {
        this.line(`if (${this.wrap(source)}->deleted[${i}]) continue;`);
        const collection = args[0]!.type as Extract<IrType, { kind: "map" | "set" }>;
        const keyType = collection.kind === "map" ? collection.key : collection.element;
        const valueType = collection.kind === "map" ? collection.value : collection.element;
        let item: string;
        if (what === "entries") {
          const layout = (element as Extract<IrType, { kind: "object" }>).layout;
          item = this.allocate(layout, undefined);
          this.line(`${item}->${layout.fields[0]!.cName} = ${this.fromValue(`${source}->keys[${i}]`, keyType)};`);
          this.line(`${item}->${layout.fields[1]!.cName} = ${this.fromValue(collection.kind === "map" ? `${source}->values[${i}]` : `${source}->keys[${i}]`, valueType)};`);
        } else {
          item = this.fromValue(what === "keys" || collection.kind === "set" ? `${source}->keys[${i}]` : `${source}->values[${i}]`, what === "keys" ? keyType : valueType);
        }
        this.line(`*(${cType(element)}*)tse_array_push_slot(ctx, ${array}, sizeof(${cType(element)})) = ${item};`);
      });
      this.line("}");
      return array;
    }
    const codes = this.operands(args);
    const [a, b, c, d] = codes;
    const array = args[0]!;
    const element = array.type.kind === "array" ? array.type.element : (expr.type as Extract<IrType, { kind: "array" }>).element;
    const size = `sizeof(${cType(element)})`;
    switch (op) {
      case "array.new":
        return this.temp(expr.type, `tse_array_new(ctx, ${this.context.descriptors.ref(expr.type)}, sizeof(${cType(elementOf(expr))}), (uint32_t)${a})`);
      case "array.get":
        return `((${cType(element)}*)${this.wrap(a!)}->data)[(uint32_t)${b}]`;
      case "array.push":
        this.line(`*(${cType(element)}*)tse_array_push_slot(ctx, ${a}, ${size}) = ${b};`);
        return `((double)${this.wrap(a!)}->length)`;
      case "array.pushAll":
        this.line(`tse_array_append_all(ctx, ${a}, ${b});`);
        return `((double)${this.wrap(a!)}->length)`;
      case "array.pop":
      case "array.shift":
      case "array.at": {
        const out = this.newTemp();
        const found = this.newTemp();
        this.line(`${cType(element)} ${out};`);
        const call = op === "array.at" ? `tse_array_at_slot(${a}, ${b}, &${out}, ${size})` : `tse_array_${op.slice(6)}_slot(${a}, &${out}, ${size})`;
        this.line(`bool ${found} = ${call};`);
        return `(${found} ? ${this.convertCode(out, element, expr.type, false)} : ${this.undefinedIn(expr.type)})`;
      }
      case "array.unshift": {
        const values = codes.slice(1);
        const list = this.newTemp();
        this.line(`${cType(element)} ${list}[${Math.max(values.length, 1)}] = {${values.length ? values.join(", ") : "0"}};`);
        return this.temp(expr.type, `tse_array_unshift(ctx, ${a}, ${list}, ${values.length}, ${size})`);
      }
      case "array.slice": {
        const start = this.optionalArg(args[1]!, b!);
        const end = this.optionalArg(args[2]!, c!);
        return this.temp(expr.type, `tse_array_slice(ctx, ${a}, ${start.value}, ${start.present}, ${end.value}, ${end.present}, ${size})`);
      }
      case "array.splice": {
        const start = this.optionalArg(args[1]!, b!);
        const count = this.optionalArg(args[2]!, c!);
        return this.temp(expr.type, `tse_array_splice(ctx, ${a}, ${start.value}, ${start.present}, ${count.value}, ${count.present}, ${d}, ${size})`);
      }
      case "array.reverse":
        this.line(`tse_array_reverse(${a}, ${size});`);
        return a!;
      case "array.fill": {
        const start = this.optionalArg(args[2]!, c!);
        const end = this.optionalArg(args[3]!, d!);
        this.line(`tse_array_fill(${a}, ${this.slot(b!, element)}, ${start.value}, ${start.present}, ${end.value}, ${end.present}, ${size});`);
        return a!;
      }
      case "array.join":
        return this.temp(expr.type, `tse_array_join(ctx, ${a}, ${args[1]!.kind === "undefined" ? "NULL" : b})`);
      case "array.includes":
      case "array.indexOf":
      case "array.lastIndexOf": {
        const mode = op === "array.includes" ? "TSE_SEARCH_INCLUDES" : op === "array.indexOf" ? "TSE_SEARCH_INDEX_OF" : "TSE_SEARCH_LAST_INDEX_OF";
        const needle = this.slot(b!, args[1]!.type);
        const call = `tse_array_search(${a}, ${needle}, ${this.context.descriptors.ref(args[1]!.type)}, ${c}, ${mode})`;
        return this.temp(expr.type, op === "array.includes" ? `(${call} >= 0)` : call);
      }
      case "array.sort": {
        const comparator = this.comparator(element);
        this.line(`tse_array_sort(ctx, ${a}, ${size}, ${comparator}, ${b});`);
        return a!;
      }
      case "array.sortDefault":
        this.line(`tse_array_sort_default(ctx, ${a});`);
        return a!;
    }
    throw new Error(`emitter: no C form for ${op}`);
  }

  private mapOp(expr: Extract<Expr, { kind: "runtime" }>): string {
    const args = expr.args;
    const collection = args[0]?.type as Extract<IrType, { kind: "map" | "set" }> | undefined;
    const keyType = collection ? (collection.kind === "map" ? collection.key : collection.element) : undefined;
    const asValue = (code: string, type: IrType) => {
      const rep = representation(type);
      if (rep === "value") return code;
      if (rep === "f64") return `tse_value_number(${code})`;
      if (rep === "bool") return `tse_value_boolean(${code})`;
      if (rep === "unit") return type.kind === "null" ? "tse_value_null()" : "tse_value_undefined()";
      return type.kind === "union" ? `tse_value_from_ref(${code}, ${this.nullishTag(type)})` : `tse_value_ref(${code})`;
    };
    if (expr.op === "map.new") return this.temp(expr.type, `tse_map_new(ctx, ${this.context.descriptors.ref(expr.type)})`);
    const codes = this.operands(args);
    const [m, k, v] = codes;
    switch (expr.op) {
      case "map.get": {
        const value = `tse_map_get(${m}, ${asValue(k!, args[1]!.type)})`;
        return this.temp(expr.type, this.convertCode(value, expr.type, expr.type, false, false, true));
      }
      case "map.set": {
        const valueType = collection!.kind === "map" ? collection!.value : undefined;
        this.line(`tse_map_set(ctx, ${m}, ${asValue(k!, args[1]!.type)}, ${valueType ? asValue(v!, args[2]!.type) : "tse_value_undefined()"});`);
        return "0";
      }
      case "map.has":
        return this.temp(expr.type, `tse_map_has(${m}, ${asValue(k!, args[1]!.type)})`);
      case "map.delete":
        return this.temp(expr.type, `tse_map_delete(${m}, ${asValue(k!, args[1]!.type)})`);
      case "map.clear":
        this.line(`tse_map_clear(${m});`);
        return "0";
    }
    void keyType;
    throw new Error(`emitter: no C form for ${expr.op}`);
  }

  private errorOp(expr: Extract<Expr, { kind: "runtime" }>): string {
    const codes = this.operands(expr.args);
    switch (expr.op) {
      case "error.new":
        return this.temp(expr.type, `tse_error_new(ctx, ${expr.args[0]!.kind === "number" ? expr.args[0]!.value : 0}, ${codes[1]})`);
      case "error.message":
      case "error.name":
        return `${this.wrap(codes[0]!)}->${expr.op.slice(6)}`;
      case "error.instanceof": {
        const kind = expr.args[1]!.kind === "number" ? expr.args[1]!.value : 0;
        const value = expr.args[0]!;
        const error = value.type.kind === "error" ? codes[0]! : this.convertCode(codes[0]!, value.type, { kind: "error" }, false, true);
        const isError = value.type.kind === "error" ? "true" : this.isCode(codes[0]!, value.type, { kind: "error" });
        return kind === 0 ? isError : `(${isError} && ${this.wrap(error)}->kind == ${kind})`;
      }
    }
    throw new Error(`emitter: no C form for ${expr.op}`);
  }

  private jsonOp(expr: Extract<Expr, { kind: "runtime" }>): string {
    const value = expr.args[0]!;
    switch (expr.op) {
      case "json.stringify": {
        const [code, space] = this.operands(expr.args);
        const spaceType = expr.args[1]!.type;
        const spaceArg = spaceType.kind === "undefined" ? "tse_value_undefined()" : spaceType.kind === "number" ? `tse_value_number(${space})` : `tse_value_ref(${space})`;
        const result = `tse_json_stringify(ctx, ${this.slot(code!, value.type)}, ${this.context.descriptors.ref(value.type)}, ${spaceArg})`;
        return this.temp(expr.type, expr.type.kind === "string" ? `tse_check_defined(ctx, ${result})` : result);
      }
      case "json.parse": {
        const text = this.expr(value);
        const out = this.newTemp();
        this.line(`${cType(expr.type)} ${out};`);
        this.line(`tse_json_parse(ctx, ${text}, ${this.context.descriptors.ref(expr.type)}, &${out});`);
        return out;
      }
      case "object.keys":
        return this.temp(expr.type, `tse_object_keys(ctx, ${this.expr(value)})`);
    }
    throw new Error(`emitter: no C form for ${expr.op}`);
  }

  private regexpOp(expr: Extract<Expr, { kind: "runtime" }>): string {
    const args = expr.args;
    if (expr.op === "regexp.new") return this.temp(expr.type, `tse_regexp_new(ctx, &${args[0]!.kind === "string" ? args[0]!.value : ""})`);
    const codes = this.operands(args);
    switch (expr.op) {
      case "regexp.test":
        return this.temp(expr.type, `tse_regexp_test(ctx, ${codes[0]}, ${codes[1]})`);
      case "regexp.exec":
        return this.temp(expr.type, `tse_regexp_exec(ctx, ${codes[0]}, ${codes[1]})`);
      case "regexp.lastIndex":
        return `${this.wrap(codes[0]!)}->last_index`;
      case "regexpMatch.index":
        return `${this.wrap(codes[0]!)}->index`;
      case "regexpMatch.input":
        return `${this.wrap(codes[0]!)}->input`;
    }
    return this.temp(expr.type, `tse_regexp_${expr.op.slice("regexp.".length)}(${codes[0]})`);
  }

  private httpCall(expr: Extract<Expr, { kind: "runtime" }>): string {
    const codes = this.operands(expr.args);
    const headerType = () => HEADER_TYPES[expr.args[0]!.kind === "number" ? expr.args[0]!.value : 0]!;
    const call = (fn: string, params: string[]) => this.call(fn, ["ctx", ...params], expr.type);
    switch (expr.op) {
      case "http.getHeader":
        return call("tse_http_get_header", [headerType(), codes[1]!]);
      case "http.getHeaderValues":
        return call("tse_http_get_header_values", [headerType(), codes[1]!]);
      case "http.getHeaders":
        return call("tse_http_get_headers", [headerType()]);
      case "http.setHeader":
        return call("tse_http_set_header", [headerType(), codes[1]!, codes[2]!]);
      case "http.addHeader":
        return call("tse_http_add_header", [headerType(), codes[1]!, codes[2]!]);
      case "http.removeHeader":
        return call("tse_http_remove_header", [headerType(), codes[1]!]);
      case "http.sendResponse":
        return call("tse_http_send_response", codes.map((c, i) => (i > 0 && expr.args[i]!.kind === "undefined" ? "NULL" : c)));
      case "http.getAttributeString":
        return call("tse_http_get_attribute_string", [codes[0]!]);
      case "http.getAttributeInt":
        return call("tse_http_get_attribute_int", [codes[0]!]);
      default:
        throw new Error(`emitter: runtime op ${expr.op} has no C form`);
    }
  }
}

export { representation, isHeapType };
