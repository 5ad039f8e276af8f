/**
 * Emits one IR function as C. Expressions become C expressions when they have no side effects and
 * statements into temporaries when they do; operands are materialized whenever a later operand has
 * effects, so C's unspecified evaluation order never changes JavaScript's left-to-right order.
 */
import { BinaryOp, Expr, IrFunction, IrType, Layout, LValue, RuntimeOp, Stmt } from "../ir.js";
import { cNumberLiteral, cType, cUtf8Literal, StringPool, structName, TypeDescriptors } from "./c-types.js";

export interface EmitContext {
  strings: StringPool;
  descriptors: TypeDescriptors;
}

const HEADER_TYPES = ["TSE_REQUEST_HEADER", "TSE_REQUEST_TRAILER", "TSE_RESPONSE_HEADER", "TSE_RESPONSE_TRAILER"];

/** Operations that change nothing observable (they may allocate). */
const PURE_RUNTIME_OPS = new Set<RuntimeOp>(["string.concat", "string.length", "number.toString", "boolean.toString", "array.length"]);

function hasEffects(expr: Expr): boolean {
  switch (expr.kind) {
    case "number":
    case "boolean":
    case "string":
    case "undefined":
    case "envoy":
    case "local":
      return false;
    case "field":
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
    case "isUndefined":
      return hasEffects(expr.value);
    case "arrayLiteral":
      return expr.elements.some(hasEffects);
    case "objectLiteral":
      return expr.fields.some((f) => hasEffects(f.value));
    case "call":
    case "new":
    case "assign":
    case "compound":
      return true;
  }
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

/** A C expression that needs no temporary to be read twice or later. */
function isAtomic(code: string): boolean {
  return /^(t\d+|[0-9.e+\-]+|true|false|NULL|NAN|INFINITY|\(-INFINITY\)|\(-0\.0\)|\(-?[0-9.e+]+\)|TSE_STR\(str_\d+\)|\(&tse_empty_string\))$/.test(code);
}

export class FunctionEmitter {
  private lines: string[] = [];
  private depth = 1;
  private temps = 0;
  private readonly usedLabels = new Set<string>();

  constructor(
    private readonly context: EmitContext,
    private readonly fn: IrFunction,
  ) {}

  static signature(fn: IrFunction): string {
    const params = ["tse_ctx* ctx"];
    if (fn.self) params.push(`${cType(fn.self.local.type)} ${fn.self.local.cName}`);
    for (const p of fn.params) params.push(`${cType(p.type)} ${p.cName}`);
    return `static ${cType(fn.returnType)} ${fn.cName}(${params.join(", ")})`;
  }

  emit(): string {
    this.statements(this.fn.body);
    const last = this.fn.body[this.fn.body.length - 1];
    if (this.fn.returnType.kind !== "void" && last?.kind !== "return" && last?.kind !== "throwError") {
      // TypeScript proved every path returns; this only guards against a bug in that proof.
      this.line(`tse_fail(ctx, ${cUtf8Literal(`${this.fn.displayName} ended without returning a value`)});`);
    }
    return [`/* ${this.fn.displayName} */`, `${FunctionEmitter.signature(this.fn)} {`, ...this.lines, "}"].join("\n");
  }

  // ------------------------------------------------------------------ output helpers

  private line(text: string): void {
    this.lines.push(`${"  ".repeat(this.depth)}${text}`);
  }

  private temp(type: IrType, init: string): string {
    const name = `t${++this.temps}`;
    this.line(`${cType(type)} ${name} = ${init};`);
    return name;
  }

  private materialize(code: string, type: IrType): string {
    return isAtomic(code) ? code : this.temp(type, code);
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

  // ------------------------------------------------------------------ statements

  private statements(stmts: Stmt[]): void {
    for (const stmt of stmts) this.statement(stmt);
  }

  private statement(stmt: Stmt): void {
    switch (stmt.kind) {
      case "let": {
        const init = stmt.init ? this.expr(stmt.init) : "0";
        this.line(`${cType(stmt.local.type)} ${stmt.local.cName} = ${init};`);
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
      case "break":
      case "continue": {
        const label = `${stmt.label}_${stmt.kind}`;
        this.usedLabels.add(label);
        this.line(`goto ${label};`);
        return;
      }
      case "return":
        if (!stmt.value || this.fn.returnType.kind === "void") {
          if (stmt.value) this.statement({ kind: "expr", expr: stmt.value });
          this.line("return;");
        } else {
          this.line(`return ${this.expr(stmt.value)};`);
        }
        return;
      case "throwError":
        this.line(`tse_throw_error(ctx, ${this.expr(stmt.message)});`);
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

  private loop(stmt: Extract<Stmt, { kind: "loop" }>): void {
    const test = () => {
      if (!stmt.condition) return;
      const condition = this.expr(stmt.condition);
      this.line(`if (!(${condition})) break;`);
    };
    this.line("for (;;) {");
    this.block(() => {
      if (stmt.testFirst) test();
      this.statements(stmt.body);
      this.labelIfUsed(`${stmt.label}_continue`);
      this.statements(stmt.update);
      if (!stmt.testFirst) test();
    });
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
  }

  private forOf(stmt: Extract<Stmt, { kind: "forOf" }>): void {
    const array = this.materialize(this.expr(stmt.array), stmt.array.type);
    const index = `${stmt.label}_index`;
    this.line(`for (uint32_t ${index} = 0; ${index} < ${array}->length; ${index}++) {`);
    this.block(() => {
      this.line(`${cType(stmt.element.type)} ${stmt.element.cName} = ((${cType(stmt.element.type)}*)${array}->data)[${index}];`);
      this.statements(stmt.body);
      this.labelIfUsed(`${stmt.label}_continue`);
    });
    this.line("}");
    this.labelIfUsed(`${stmt.label}_break`);
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
      case "envoy":
        return "0";
      case "local":
        return expr.local.cName;
      case "field": {
        const object = this.expr(expr.object);
        return `${this.wrap(object)}->${expr.field.cName}`;
      }
      case "elementAt": {
        const [array, index] = this.operands([expr.array, expr.index]);
        const element = expr.array.type.kind === "array" ? expr.array.type.element : expr.type;
        if (element.kind === "number") return `tse_array_at_number(${array}, ${index})`;
        if (element.kind === "boolean") return `tse_array_at_boolean(${array}, ${index})`;
        return `((${cType(element)})tse_array_at_ref(${array}, ${index}))`;
      }
      case "call": {
        const codes = this.operands(expr.self ? [expr.self, ...expr.args] : expr.args);
        const call = `${expr.callee.cName}(${["ctx", ...codes].join(", ")})`;
        if (expr.callee.returnType.kind === "void") {
          this.line(`${call};`);
          return "0";
        }
        return this.temp(expr.type, call);
      }
      case "new":
        return this.newObject(expr.layout, expr.args);
      case "runtime":
        return this.runtime(expr);
      case "unary": {
        const operand = this.expr(expr.operand);
        return expr.op === "+" ? operand : `(${expr.op}${this.wrap(operand)})`;
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
        return this.convert(expr.value, expr.type, expr.checked);
      case "truthy":
        return this.truthy(expr.value);
      case "isUndefined": {
        const value = this.expr(expr.value);
        if (expr.value.type.kind === "boxed") return `(${this.wrap(value)}.tag == TSE_TAG_UNDEFINED)`;
        if (expr.value.type.kind === "optional") return `(${value} == NULL)`;
        return "true";
      }
      case "arrayLiteral": {
        const codes = this.operands(expr.elements);
        const element = expr.type.kind === "array" ? expr.type.element : expr.type;
        const array = this.temp(expr.type, `tse_array_new(ctx, ${this.context.descriptors.ref(expr.type)}, sizeof(${cType(element)}), ${codes.length})`);
        codes.forEach((code, i) => this.line(`((${cType(element)}*)${array}->data)[${i}] = ${code};`));
        if (codes.length) this.line(`${array}->length = ${codes.length};`);
        return array;
      }
      case "objectLiteral": {
        const codes = this.operands(expr.fields.map((f) => f.value));
        const object = this.allocate(expr.layout);
        expr.fields.forEach((f, i) => this.line(`${object}->${f.field.cName} = ${codes[i]};`));
        return object;
      }
    }
  }

  /** Parenthesizes unless `code` is already one operand: a name, field chain, number, call or (group). */
  private wrap(code: string): string {
    if (/^[A-Za-z_][A-Za-z0-9_]*(->[A-Za-z_][A-Za-z0-9_]*)*$/.test(code) || /^[0-9][0-9.e+]*$/.test(code)) return code;
    const open = code.indexOf("(");
    if (open >= 0 && code.endsWith(")") && /^[A-Za-z_0-9]*$/.test(code.slice(0, open)) && closingParen(code, open) === code.length - 1) return code;
    return `(${code})`;
  }

  private allocate(layout: Layout): string {
    const struct = structName(layout);
    const type: IrType = { kind: "object", layout };
    return this.temp(type, `tse_new_object(ctx, sizeof(${struct}), ${this.context.descriptors.ref(type)})`);
  }

  private newObject(layout: Layout, args: Expr[]): string {
    const codes = this.operands(args);
    const object = this.allocate(layout);
    const ctor = layout.constructorFunction!;
    this.line(`${ctor.cName}(${["ctx", object, ...codes].join(", ")});`);
    return object;
  }

  private binary(op: BinaryOp, operandType: IrType, left: string, right: string): string {
    if (operandType.kind === "string") {
      if (op === "===") return `tse_str_equals(${left}, ${right})`;
      return `(tse_str_compare(${left}, ${right}) ${op} 0)`;
    }
    if (op === "===") {
      if (operandType.kind === "boxed") return `tse_value_strict_equals(${left}, ${right})`;
      if (operandType.kind === "optional" && operandType.inner.kind === "string") return `tse_optional_str_equals(${left}, ${right})`;
      return `(${this.wrap(left)} == ${this.wrap(right)})`;
    }
    if (op === "%") return `tse_number_mod(${left}, ${right})`;
    if (op === "**") return `tse_number_pow(${left}, ${right})`;
    if (op === "!==") throw new Error("!== is lowered to !(===)");
    return `(${this.wrap(left)} ${op} ${this.wrap(right)})`;
  }

  /** Branches evaluate lazily: each branch's statements go inside an if. */
  private branch(result: string, value: Expr): void {
    const { lines, result: code } = this.capture(() => this.expr(value));
    this.block(() => {
      for (const line of lines) this.lines.push(`  ${line}`);
      this.line(`${result} = ${code};`);
    });
  }

  private logical(expr: Extract<Expr, { kind: "logical" }>): string {
    const left = this.materialize(this.expr(expr.left), expr.left.type);
    // For `??` the left value is converted unchecked: when it is undefined, the branch overwrites it.
    const result = this.temp(expr.type, expr.op === "??" ? this.convertCode(left, expr.left.type, expr.type, false) : left);
    const test =
      expr.op === "&&" ? this.truthyCode(left, expr.left.type) : expr.op === "||" ? `!${this.wrap(this.truthyCode(left, expr.left.type))}` : this.isUndefinedCode(left, expr.left.type);
    this.line(`if (${test}) {`);
    this.branch(result, expr.right);
    this.line("}");
    return result;
  }

  private conditional(expr: Extract<Expr, { kind: "conditional" }>): string {
    const condition = this.expr(expr.condition);
    const whenTrue = this.capture(() => this.expr(expr.whenTrue));
    const whenFalse = this.capture(() => this.expr(expr.whenFalse));
    if (whenTrue.lines.length === 0 && whenFalse.lines.length === 0) {
      return `(${condition} ? ${this.wrap(whenTrue.result)} : ${this.wrap(whenFalse.result)})`;
    }
    const result = `t${++this.temps}`;
    this.line(`${cType(expr.type)} ${result};`);
    this.line(`if (${condition}) {`);
    this.branch(result, expr.whenTrue);
    this.line("} else {");
    this.branch(result, expr.whenFalse);
    this.line("}");
    return result;
  }

  /** The object of a field target, held in a temporary when `value` could change what it reads. */
  private lvalueObject(target: LValue, value: Expr): string | undefined {
    if (target.kind !== "field") return undefined;
    const object = this.expr(target.object);
    return hasEffects(value) ? this.materialize(object, target.object.type) : object;
  }

  private lvalueCode(target: LValue, object: string | undefined): string {
    return target.kind === "local" ? target.local.cName : `${this.wrap(object!)}->${target.field.cName}`;
  }

  private assign(target: LValue, value: Expr): string {
    const object = this.lvalueObject(target, value);
    const code = this.expr(value);
    const place = this.lvalueCode(target, object);
    this.line(`${place} = ${code};`);
    return place;
  }

  private compound(expr: Extract<Expr, { kind: "compound" }>): string {
    // The target is read and written around the value: hold its object in a temporary.
    const object = expr.target.kind === "field" ? this.materialize(this.expr(expr.target.object), expr.target.object.type) : undefined;
    const place = this.lvalueCode(expr.target, object);
    const old = this.temp(expr.type, place);
    const value = this.expr(expr.value);
    const updated = expr.op === "concat" ? `tse_str_concat(ctx, ${old}, ${value})` : this.binary(expr.op, expr.type, old, value);
    const result = this.temp(expr.type, updated);
    this.line(`${place} = ${result};`);
    return expr.returnOld ? old : result;
  }

  private convert(value: Expr, to: IrType, checked: boolean): string {
    return this.convertCode(this.expr(value), value.type, to, checked);
  }

  private convertCode(code: string, from: IrType, to: IrType, checked: boolean): string {
    if (to.kind === "void") return code;
    if (to.kind === "optional") return from.kind === "undefined" ? `((${cType(to)})NULL)` : from.kind === to.kind || from.kind === to.inner.kind ? this.cast(code, from, to) : code;
    if (to.kind === "boxed") {
      if (from.kind === "undefined") return "tse_value_undefined()";
      if (from.kind === "boxed") return code;
      return to.inner.kind === "number" ? `tse_value_number(${code})` : `tse_value_boolean(${code})`;
    }
    if (from.kind === "optional") {
      const defined = checked ? `tse_check_defined(ctx, ${code})` : code;
      return checked || cType(from) !== cType(to) ? `((${cType(to)})${defined})` : defined;
    }
    if (from.kind === "boxed") {
      const unbox = to.kind === "number" ? "tse_unbox_number" : "tse_unbox_boolean";
      return `${unbox}(ctx, ${code}, ${checked})`;
    }
    return this.cast(code, from, to);
  }

  private cast(code: string, from: IrType, to: IrType): string {
    return cType(from) === cType(to) ? code : `((${cType(to)})${this.wrap(code)})`;
  }

  private truthy(value: Expr): string {
    const code = this.expr(value);
    return this.truthyCode(this.materialize(code, value.type), value.type);
  }

  private truthyCode(code: string, type: IrType): string {
    switch (type.kind) {
      case "boolean":
        return code;
      case "number":
        return `tse_number_truthy(${code})`;
      case "string":
        return `(${code}->length != 0)`;
      case "optional":
        return type.inner.kind === "string" ? `(${code} != NULL && ${code}->length != 0)` : `(${code} != NULL)`;
      case "boxed":
        return type.inner.kind === "number" ? `(${code}.tag == TSE_TAG_NUMBER && tse_number_truthy(${code}.as.number))` : `(${code}.tag == TSE_TAG_BOOLEAN && ${code}.as.boolean)`;
      case "undefined":
      case "void":
        return "false";
      default:
        return "true";
    }
  }

  private isUndefinedCode(code: string, type: IrType): string {
    if (type.kind === "boxed") return `(${code}.tag == TSE_TAG_UNDEFINED)`;
    if (type.kind === "optional") return `(${code} == NULL)`;
    return type.kind === "undefined" ? "true" : "false";
  }

  private runtime(expr: Extract<Expr, { kind: "runtime" }>): string {
    const args = expr.args;
    switch (expr.op) {
      case "string.length":
        return `((double)${this.wrap(this.expr(args[0]!))}->length)`;
      case "array.length":
        return `((double)${this.wrap(this.expr(args[0]!))}->length)`;
      case "string.concat": {
        const [a, b] = this.operands(args);
        return this.temp(expr.type, `tse_str_concat(ctx, ${a}, ${b})`);
      }
      case "number.toString":
        return this.temp(expr.type, `tse_number_to_string(ctx, ${this.expr(args[0]!)})`);
      case "boolean.toString":
        return `tse_bool_to_string(${this.expr(args[0]!)})`;
      case "array.push": {
        const [array, value] = this.operands(args);
        const element = args[0]!.type.kind === "array" ? args[0]!.type.element : expr.type;
        const a = this.materialize(array!, args[0]!.type);
        this.line(`*(${cType(element)}*)tse_array_push_slot(ctx, ${a}, sizeof(${cType(element)})) = ${value};`);
        return `((double)${a}->length)`;
      }
      case "nonNull":
        return `tse_check_defined(ctx, ${this.expr(args[0]!)})`;
      case "log": {
        const [level, message, file, line] = args;
        const text = this.expr(message!);
        const fileName = file!.kind === "string" ? file!.value : "";
        const lineNumber = line!.kind === "number" ? line!.value : 0;
        this.line(`tse_log(ctx, ${level!.kind === "number" ? level!.value : 2}, ${text}, ${cUtf8Literal(fileName)}, ${lineNumber});`);
        return "0";
      }
      default:
        return this.httpCall(expr);
    }
  }

  private httpCall(expr: Extract<Expr, { kind: "runtime" }>): string {
    const codes = this.operands(expr.args);
    const headerType = () => HEADER_TYPES[expr.args[0]!.kind === "number" ? expr.args[0]!.value : 0]!;
    const call = (fn: string, params: string[]) => (expr.type.kind === "void" ? (this.line(`${fn}(${["ctx", ...params].join(", ")});`), "0") : this.temp(expr.type, `${fn}(${["ctx", ...params].join(", ")})`));
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
        return call("tse_http_send_response", codes.map((c, i) => (i === 0 ? c : expr.args[i]!.kind === "undefined" ? "NULL" : c)));
      case "http.getAttributeString":
        return call("tse_http_get_attribute_string", [codes[0]!]);
      case "http.getAttributeInt":
        return call("tse_http_get_attribute_int", [codes[0]!]);
      default:
        throw new Error(`emitter: runtime op ${expr.op} has no C form`);
    }
  }
}
