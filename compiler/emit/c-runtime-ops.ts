/**
 * Runtime operations: each IR `runtime` op as a call into runtime-c (or inline C), with its
 * arguments evaluated in JavaScript order. The C functions are named by the runtime-op table
 * (ir/runtime-ops.ts); this file knows each one's calling shape.
 */
import { apiMethod, concreteLayouts, Expr, IrType, representation, RuntimeOp, runtimeOp, skippable } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";
import { collect, mapOp } from "./c-collections.js";
import { asyncOp } from "./c-async.js";
import { dateOp } from "./c-date-ops.js";
import { dispatch, isPolymorphic } from "./c-dispatch.js";
import { cType, cUtf8Literal, functionPointerType, singleHeapMember } from "./c-types.js";
import { convertCode, isCode, nullishTag, undefinedIn } from "./c-values.js";

type RuntimeExpr = Extract<Expr, { kind: "runtime" }>;

/** The C function the table gives `op`. */
function cName(op: RuntimeOp): string {
  const c = runtimeOp(op)?.c;
  if (!c) throw new Error(`emitter: runtime op ${op} calls no C function`);
  return c;
}

/** A pointer to a slot holding `code` (for runtime functions generic over types). */
export function slot(e: EmitterCore, code: string, type: IrType): string {
  const name = e.newTemp();
  e.line(`${cType(type)} ${name} = ${code};`);
  return `&${name}`;
}

export function emitCall(e: EmitterCore, fn: string, args: string[], type: IrType): string {
  const call = `${fn}(${args.join(", ")})`;
  if (type.kind === "void" || type.kind === "undefined") {
    e.line(`${call};`);
    return "0";
  }
  return e.temp(type, call);
}

/** The numbers of a variadic call as a C array and count: the arguments, or one number[] (spread). */
function numberList(e: EmitterCore, args: Expr[]): { values: string; count: string } {
  if (args.length === 1 && args[0]!.type.kind === "array") {
    const array = e.materialize(e.expr(args[0]!), args[0]!.type);
    return { values: `((const double*)${e.wrap(array)}->data)`, count: `${e.wrap(array)}->length` };
  }
  const codes = e.operands(args);
  if (codes.length === 0) return { values: "NULL", count: "0" };
  const values = e.newTemp();
  e.line(`double ${values}[${codes.length}] = {${codes.join(", ")}};`);
  return { values, count: String(codes.length) };
}

/** An optional number argument: absent (undefined), a number, or number | undefined (a tse_value). */
export function optionalArg(e: EmitterCore, expr: Expr, code: string): { value: string; present: string } {
  if (expr.kind === "undefined") return { value: "0", present: "false" };
  if (representation(expr.type) !== "value") return { value: code, present: "true" };
  const held = e.temp(expr.type, code);
  return { value: `(${held}.tag == TSE_TAG_NUMBER ? ${held}.as.number : 0)`, present: `(${held}.tag == TSE_TAG_NUMBER)` };
}

export function comparatorFor(e: EmitterCore, element: IrType): string {
  const key = cType(element) + (representation(element) === "value" ? ":v" : "");
  const existing = e.context.comparators.get(key);
  if (existing) return existing.name;
  const name = `compare_${e.context.comparators.size}`;
  const fnType: Extract<IrType, { kind: "function" }> = { kind: "function", params: [element, element], returns: { kind: "number" } };
  const definition = [
    `static int ${name}(tse_ctx* ctx, void* closure, const void* a, const void* b) {`,
    `  double r = ((${functionPointerType(fnType)})((tse_closure*)closure)->code)(ctx, (tse_closure*)closure, *(${cType(element)} const*)a, *(${cType(element)} const*)b);`,
    "  return r < 0 ? -1 : r > 0 ? 1 : 0; /* NaN compares as 0, as in JS */",
    "}",
  ].join("\n");
  e.context.comparators.set(key, { name, definition });
  return name;
}

export function emitRuntimeOp(e: EmitterCore, expr: RuntimeExpr): string {
  const args = expr.args;
  const op = expr.op;
  const c = () => cName(op);
  switch (op) {
    case "string.length":
    case "array.length":
      return `((double)${e.wrap(e.readWithoutCopy(args[0]!))}->length)`;
    case "nonNull": {
      const value = args[0]!;
      const held = e.temp(value.type, e.expr(value));
      if (representation(value.type) === "value") {
        e.line(`if (${held}.tag == TSE_TAG_UNDEFINED || ${held}.tag == TSE_TAG_NULL) tse_non_null_failed(ctx, ${held}.tag == TSE_TAG_NULL);`);
      } else {
        e.line(`if (${held} == NULL) tse_non_null_failed(ctx, ${nullishTag(e, value.type) === "TSE_TAG_NULL"});`);
      }
      return convertCode(e, held, value.type, expr.type, false);
    }
    case "map.size":
      return `((double)${e.wrap(e.expr(args[0]!))}->size)`;
    case "string.build": {
      const codes = e.operands(args);
      if (codes.length === 2) return e.temp(expr.type, `tse_str_concat(ctx, ${codes[0]}, ${codes[1]})`);
      const parts = e.newTemp();
      e.line(`tse_str ${parts}[${codes.length}] = {${codes.join(", ")}};`);
      return e.temp(expr.type, `${c()}(ctx, ${parts}, ${codes.length})`);
    }
    case "number.toString":
    case "string.toNumber":
    case "parseFloat":
      return e.temp(expr.type, `${c()}(${op === "number.toString" ? "ctx, " : ""}${e.expr(args[0]!)})`);
    case "boolean.toString":
      return `${c()}(${e.expr(args[0]!)})`;
    case "boolean.toNumber":
      return `(${e.wrap(e.expr(args[0]!))} ? 1.0 : 0.0)`;
    case "value.toString": {
      const value = args[0]!;
      return e.temp(expr.type, `${c()}(ctx, ${slot(e, e.expr(value), value.type)}, ${e.context.descriptors.ref(value.type)})`);
    }
    case "string.index":
    case "number.toFixed":
    case "number.toStringRadix": {
      const [a, b] = e.operands(args);
      return e.temp(expr.type, `${c()}(ctx, ${a}, ${b})`);
    }
    case "math.max":
    case "math.min":
    case "math.hypot":
    case "string.fromCharCode":
    case "string.fromCodePoint": {
      const { values, count } = numberList(e, args);
      return e.temp(expr.type, `${c()}(${op.startsWith("string.") ? "ctx, " : ""}${values}, ${count})`);
    }
    case "math.atan2":
    case "math.imul":
    case "parseInt": {
      const [a, b] = e.operands(args);
      return e.temp(expr.type, `${c()}(${a}, ${b})`);
    }
    case "math.random":
      return e.temp(expr.type, `${c()}(ctx)`);
    case "number.isNaN":
    case "number.isFinite":
    case "number.isInteger":
    case "number.isSafeInteger":
      return `${c()}(${e.expr(args[0]!)})`;
    case "number.toPrecision":
    case "number.toExponential": {
      const [x, p] = e.operands(args);
      const optional = optionalArg(e, args[1]!, p!);
      return e.temp(expr.type, `${c()}(ctx, ${x}, ${optional.value}, ${optional.present})`);
    }
    case "tuple.join": {
      const [tuple, separator] = e.operands(args);
      return e.temp(expr.type, `${c()}(ctx, ${tuple}, ${args[1]!.kind === "undefined" ? "NULL" : separator})`);
    }
    case "throw.TypeError":
    case "throw.RangeError":
      e.line(`${c()}(ctx, "${op.slice(6)}", ${JSON.stringify(args[0]!.kind === "string" ? args[0]!.value : "")});`);
      return "0";
    case "unreachable":
      // Only reached if TypeScript's narrowing to `never` was wrong: fail rather than go on.
      e.line(`tse_throw_js_error(ctx, "TypeError", "unreachable code reached: a value TypeScript typed as never exists");`);
      return representation(expr.type) === "value" ? "tse_value_undefined()" : `((${cType(expr.type)})0)`;
    case "unset":
      return representation(expr.type) === "value" ? "tse_value_undefined()" : `((${cType(expr.type)})0)`;
    case "closure.self":
      return "closure";
    case "log": {
      const [level, message, file, line] = args;
      const levelNumber = level!.kind === "number" ? level!.value : 2;
      const fileName = file!.kind === "string" ? file!.value : "";
      const lineNumber = line!.kind === "number" ? line!.value : 0;
      const log = (fn: string) => e.line(`${fn}(ctx, ${levelNumber}, ${e.expr(message!)}, ${cUtf8Literal(fileName)}, ${lineNumber});`);
      if (message!.kind === "string" || !skippable(message!)) {
        log(c());
      } else {
        // A message nothing observes the making of (a template of values already at hand) is made only where its level is on,
        // and logged without asking Envoy for the level again (tse_log_on: one callback fewer a line).
        e.line(`if (tse_log_enabled(${levelNumber})) {`);
        e.block(() => log("tse_log_on"));
        e.line("}");
      }
      return "0";
    }
  }
  if (op.startsWith("math.")) return `${c()}(${e.expr(args[0]!)})`;
  if (op.startsWith("string.")) return stringOp(e, expr);
  if (op.startsWith("array.") || op.startsWith("collect.")) return arrayOp(e, expr);
  if (op.startsWith("map.") || op.startsWith("dict.")) return mapOp(e, expr);
  if (op.startsWith("error.")) return errorOp(e, expr);
  if (op.startsWith("json.") || op.startsWith("object.")) return jsonOp(e, expr);
  if (op.startsWith("regexp")) return regexpOp(e, expr);
  if (op.startsWith("envoy.")) return envoyCall(e, expr);
  if (op.startsWith("async.")) return asyncOp(e, expr);
  if (op.startsWith("bytes.") || op.startsWith("text") || op.startsWith("uri.") || ["btoa", "atob", "performance.now"].includes(op)) return bytesOp(e, expr);
  return dateOp(e, expr); // the last family: it throws for an operation that is not Date's
}

/** Uint8Array, the text codecs, base64 and the clocks (runtime-c/bytes.c). */
function bytesOp(e: EmitterCore, expr: RuntimeExpr): string {
  const c = runtimeOp(expr.op)?.c ?? "";
  const codes = e.operands(expr.args);
  const [b, x, y] = codes;
  const range = (i: number) => {
    const r = optionalArg(e, expr.args[i]!, codes[i]!);
    return `${r.value}, ${r.present}`;
  };
  switch (expr.op) {
    case "bytes.length":
      return `((double)${e.wrap(b!)}->length)`;
    case "textDecoder.fatal":
      return `${e.wrap(b!)}->fatal`;
    case "textDecoder.ignoreBOM":
      return `${e.wrap(b!)}->ignore_bom`;
    case "bytes.get":
    case "bytes.read":
      return e.temp(expr.type, `${c}(${b}, ${x})`);
    case "bytes.indexOf":
      return e.temp(expr.type, `${c}(${b}, ${x}, ${y})`);
    case "bytes.includes":
      return e.temp(expr.type, `(${c}(${b}, ${x}, ${y}) >= 0)`);
    case "bytes.fromNumbers":
      return e.temp(expr.type, `${c}(ctx, (const double*)${e.wrap(b!)}->data, ${e.wrap(b!)}->length)`);
    case "bytes.toArray":
      return e.temp(expr.type, `${c}(ctx, ${b}, ${e.context.descriptors.ref(expr.type)})`);
    case "bytes.subarray":
    case "bytes.slice":
      return e.temp(expr.type, `${c}(ctx, ${b}, ${range(1)}, ${range(2)})`);
    case "bytes.fill":
      return e.temp(expr.type, `${c}(${b}, ${x}, ${range(2)}, ${range(3)})`);
    case "bytes.setBytes":
    case "bytes.setNumbers":
      e.line(`${c}(ctx, ${b}, ${x}, ${y});`);
      return "0";
    case "textEncoder.new":
      return e.temp(expr.type, `${c}(ctx, &tse_type_text_encoder, false, false)`);
    case "textDecoder.new":
      return e.temp(expr.type, `${c}(ctx, &tse_type_text_decoder, ${b}, ${x})`);
    case "textDecoder.decode":
      return e.temp(expr.type, `${c}(ctx, ${b}, ${expr.args[1]!.type.kind === "undefined" ? "NULL" : x})`);
    case "performance.now":
      return e.temp(expr.type, `${c}()`);
    default:
      // One operand after ctx: bytes.new, copy, join (two), encode (the encoder is stateless), btoa, atob, uri.*.
      return e.temp(expr.type, `${c}(ctx, ${expr.op === "textEncoder.encode" ? x : codes.join(", ")})`);
  }
}

function stringOp(e: EmitterCore, expr: RuntimeExpr): string {
  const codes = e.operands(expr.args);
  const [s, a, b] = codes;
  const c = cName(expr.op);
  switch (expr.op) {
    case "string.charAt":
    case "string.at":
    case "string.repeat":
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a})`);
    case "string.charCodeAt":
    case "string.codePointAt":
      return e.temp(expr.type, `${c}(${s}, ${a})`);
    case "string.indexOf":
    case "string.lastIndexOf":
    case "string.includes":
    case "string.startsWith":
      return e.temp(expr.type, `${c}(${s}, ${a}, ${b})`);
    case "string.endsWith": {
      const end = optionalArg(e, expr.args[2]!, b!);
      return e.temp(expr.type, `${c}(${s}, ${a}, ${end.value}, ${end.present})`);
    }
    case "string.slice":
    case "string.substring": {
      const end = optionalArg(e, expr.args[2]!, b!);
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${end.value}, ${end.present})`);
    }
    case "string.toLowerCase":
    case "string.toUpperCase":
    case "string.trim":
    case "string.trimStart":
    case "string.trimEnd":
      return e.temp(expr.type, `${c}(ctx, ${s})`);
    case "string.padStart":
    case "string.padEnd":
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${expr.args[2]!.kind === "undefined" ? "NULL" : b})`);
    case "string.split": {
      const limit = optionalArg(e, expr.args[2]!, b!);
      return e.temp(expr.type, `${c}(ctx, ${s}, ${expr.args[1]!.kind === "undefined" ? "NULL" : a}, ${limit.value}, ${limit.present})`);
    }
    case "string.splitRegexp": {
      const limit = optionalArg(e, expr.args[2]!, b!);
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${limit.value}, ${limit.present})`);
    }
    case "string.replace":
    case "string.replaceAll":
    case "string.replaceRegexp":
    case "string.replaceAllRegexp":
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${b})`);
    case "string.replaceFn":
    case "string.replaceAllFn":
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${expr.op === "string.replaceAllFn"}, tse_call_replacer, ${b})`);
    case "string.replaceRegexpFn":
    case "string.replaceAllRegexpFn": {
      const fnType = expr.args[2]!.type as Extract<IrType, { kind: "function" }>;
      const groupCount = expr.args[3]!.kind === "number" ? expr.args[3]!.value : 0;
      const adapter = regexpReplacerFor(e, fnType, groupCount);
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${adapter}, ${b})`);
    }
    case "string.match":
    case "string.search":
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a})`);
    case "string.matchAll":
      return e.temp(expr.type, `${c}(ctx, ${s}, ${a}, ${e.context.descriptors.ref(expr.type)})`);
  }
  throw new Error(`emitter: no C form for ${expr.op}`);
}

/**
 * A tse_regexp_replacer calling a replacer closure with the parameters it declares: the match,
 * captures 1..n, the offset and the input, in that order (lowering checked the types).
 */
function regexpReplacerFor(e: EmitterCore, fnType: Extract<IrType, { kind: "function" }>, groupCount: number): string {
  const key = `regexp_replacer:${groupCount}:${fnType.params.map((p) => cType(p)).join(",")}`;
  const existing = e.context.comparators.get(key);
  if (existing) return existing.name;
  const name = `regexp_replacer_${e.context.comparators.size}`;
  const args = fnType.params.map((param, i) => {
    if (i === 0) return "captures[0]";
    if (i <= groupCount) return param.kind === "string" ? `(tse_str)tse_check_defined(ctx, captures[${i}])` : `captures[${i}]`;
    return i === groupCount + 1 ? "position" : "input";
  });
  const definition = [
    `static tse_str ${name}(tse_ctx* ctx, void* closure, const tse_str* captures, double position, tse_str input) {`,
    `  (void)captures; (void)position; (void)input;`,
    `  return ((${functionPointerType(fnType)})((tse_closure*)closure)->code)(${["ctx", "(tse_closure*)closure", ...args].join(", ")});`,
    "}",
  ].join("\n");
  e.context.comparators.set(key, { name, definition });
  return name;
}

const elementOf = (type: IrType): IrType => (type as Extract<IrType, { kind: "array" }>).element;

function arrayOp(e: EmitterCore, expr: RuntimeExpr): string {
  const args = expr.args;
  const op = expr.op;
  if (op === "collect.chars") return e.temp(expr.type, `${cName(op)}(ctx, ${e.expr(args[0]!)}, ${e.context.descriptors.ref(expr.type)})`);
  if (op.startsWith("collect.")) return collect(e, expr);
  const codes = e.operands(args);
  const [a, b, c, d] = codes;
  const array = args[0]!;
  const element = array.type.kind === "array" ? array.type.element : elementOf(expr.type);
  const size = `sizeof(${cType(element)})`;
  const fn = () => cName(op);
  switch (op) {
    case "array.new":
      return e.temp(expr.type, `${fn()}(ctx, ${e.context.descriptors.ref(expr.type)}, sizeof(${cType(elementOf(expr.type))}), (uint32_t)${a})`);
    case "array.get":
      return `((${cType(element)}*)${e.wrap(a!)}->data)[(uint32_t)${b}]`;
    case "array.push":
      e.line(`*(${cType(element)}*)${fn()}(ctx, ${a}, ${size}) = ${b};`);
      return `((double)${e.wrap(a!)}->length)`;
    case "array.pushAll":
      e.line(`${fn()}(ctx, ${a}, ${b});`);
      return `((double)${e.wrap(a!)}->length)`;
    case "array.pop":
    case "array.shift":
    case "array.at": {
      const out = e.newTemp();
      const found = e.newTemp();
      e.line(`${cType(element)} ${out};`);
      const call = op === "array.at" ? `${fn()}(${a}, ${b}, &${out}, ${size})` : `${fn()}(ctx, ${a}, &${out}, ${size})`;
      e.line(`bool ${found} = ${call};`);
      return `(${found} ? ${convertCode(e, out, element, expr.type, false)} : ${undefinedIn(expr.type)})`;
    }
    case "array.unshift": {
      const values = codes.slice(1);
      const list = e.newTemp();
      e.line(`${cType(element)} ${list}[${Math.max(values.length, 1)}] = {${values.length ? values.join(", ") : "0"}};`);
      return e.temp(expr.type, `${fn()}(ctx, ${a}, ${list}, ${values.length}, ${size})`);
    }
    case "array.slice": {
      const start = optionalArg(e, args[1]!, b!);
      const end = optionalArg(e, args[2]!, c!);
      return e.temp(expr.type, `${fn()}(ctx, ${a}, ${start.value}, ${start.present}, ${end.value}, ${end.present}, ${size})`);
    }
    case "array.splice": {
      const start = optionalArg(e, args[1]!, b!);
      const count = optionalArg(e, args[2]!, c!);
      return e.temp(expr.type, `${fn()}(ctx, ${a}, ${start.value}, ${start.present}, ${count.value}, ${count.present}, ${d}, ${size})`);
    }
    case "array.setLength":
      return e.temp(expr.type, `${fn()}(ctx, ${a}, ${b})`);
    case "array.reverse":
      e.line(`${fn()}(ctx, ${a}, ${size});`);
      return a!;
    case "array.with": {
      const index = e.temp({ kind: "number" }, `(double)${fn()}(ctx, ${b}, ${e.wrap(a!)}->length)`);
      e.line(`((${cType(element)}*)${e.wrap(a!)}->data)[(uint32_t)${index}] = ${c};`);
      return a!;
    }
    case "array.fill": {
      const start = optionalArg(e, args[2]!, c!);
      const end = optionalArg(e, args[3]!, d!);
      e.line(`${fn()}(ctx, ${a}, ${slot(e, b!, element)}, ${start.value}, ${start.present}, ${end.value}, ${end.present}, ${size});`);
      return a!;
    }
    case "array.join":
      return e.temp(expr.type, `${fn()}(ctx, ${a}, ${args[1]!.kind === "undefined" ? "NULL" : b})`);
    case "array.includes":
    case "array.indexOf":
    case "array.lastIndexOf": {
      const mode = op === "array.includes" ? "TSE_SEARCH_INCLUDES" : op === "array.indexOf" ? "TSE_SEARCH_INDEX_OF" : "TSE_SEARCH_LAST_INDEX_OF";
      const needle = slot(e, b!, args[1]!.type);
      const call = `${fn()}(${a}, ${needle}, ${e.context.descriptors.ref(args[1]!.type)}, ${c}, ${mode})`;
      return e.temp(expr.type, op === "array.includes" ? `(${call} >= 0)` : call);
    }
    case "array.sort": {
      const comparator = comparatorFor(e, element);
      e.line(`${fn()}(ctx, ${a}, ${size}, ${comparator}, ${b});`);
      return a!;
    }
    case "array.sortDefault":
      e.line(`${fn()}(ctx, ${a});`);
      return a!;
  }
  throw new Error(`emitter: no C form for ${op}`);
}

function errorOp(e: EmitterCore, expr: RuntimeExpr): string {
  const codes = e.operands(expr.args);
  switch (expr.op) {
    case "error.new":
      return e.temp(expr.type, `${cName(expr.op)}(ctx, ${expr.args[0]!.kind === "number" ? expr.args[0]!.value : 0}, ${codes[1]})`);
    case "error.message":
    case "error.name":
      return `${e.wrap(codes[0]!)}->${expr.op.slice(6)}`;
    case "error.instanceof": {
      const kind = expr.args[1]!.kind === "number" ? expr.args[1]!.value : 0;
      const value = expr.args[0]!;
      // An object of an Error subclass is a tse_error (Layout.errorKind).
      const known = value.type.kind === "error" || (value.type.kind === "object" && value.type.layout.errorKind !== undefined);
      const error = value.type.kind === "error" ? codes[0]! : known ? `((tse_error*)${e.wrap(codes[0]!)})` : convertCode(e, codes[0]!, value.type, { kind: "error" }, false, true);
      const isError = known ? "true" : isCode(e, codes[0]!, value.type, { kind: "error" });
      return kind === 0 ? isError : `(${isError} && ${e.wrap(error)}->kind == ${kind})`;
    }
    case "error.init": {
      const error = `((tse_error*)${e.wrap(codes[0]!)})`;
      e.line(`${error}->kind = ${expr.args[1]!.kind === "number" ? expr.args[1]!.value : 0};`);
      e.line(`${error}->name = ${e.context.strings.ref("Error")};`);
      e.line(`${error}->message = ${codes[2]};`);
      return "0";
    }
  }
  throw new Error(`emitter: no C form for ${expr.op}`);
}

function jsonOp(e: EmitterCore, expr: RuntimeExpr): string {
  const value = expr.args[0]!;
  switch (expr.op) {
    case "json.stringify":
    case "json.stringifyKeys": {
      const [code, space, keys] = e.operands(expr.args);
      const spaceType = expr.args[1]!.type;
      const spaceArg = spaceType.kind === "undefined" ? "tse_value_undefined()" : spaceType.kind === "number" ? `tse_value_number(${space})` : `tse_value_ref(${space})`;
      const result = `${cName(expr.op)}(ctx, ${slot(e, code!, value.type)}, ${e.context.descriptors.ref(value.type)}, ${spaceArg}${keys ? `, ${keys}` : ""})`;
      return e.temp(expr.type, expr.type.kind === "string" ? `tse_check_defined(ctx, ${result})` : result);
    }
    case "json.parse": {
      const text = e.expr(value);
      const out = e.newTemp();
      e.line(`${cType(expr.type)} ${out};`);
      e.line(`${cName(expr.op)}(ctx, ${text}, ${e.context.descriptors.ref(expr.type)}, ${e.context.literalChecks.ref(expr.literals)}, &${out});`);
      return out;
    }
    case "object.keys":
      return e.temp(expr.type, `${cName(expr.op)}(ctx, ${e.expr(value)})`);
    case "object.freeze": {
      // Shallow, in place: the same object, its descriptor swapped for a frozen copy (runtime-c/frozen.c).
      const object = e.operands(expr.args)[0]!;
      e.line(`${cName(expr.op)}(ctx, ${object});`);
      return object;
    }
    case "object.keyCount":
      return `((double)${e.wrap(e.expr(value))}->tse_keys[0])`;
    case "object.keyAt": {
      const [object, position] = e.operands(expr.args);
      return `((double)${e.wrap(object!)}->tse_keys[1 + (uint32_t)${e.wrap(position!)}])`;
    }
    case "object.hasKey": {
      const index = (expr.args[1] as Extract<Expr, { kind: "number" }>).value;
      const layout = (value.type as Extract<IrType, { kind: "object" }>).layout;
      const has = cName(expr.op);
      if (!isPolymorphic(layout)) return `${has}(${e.wrap(e.expr(value))}->tse_keys, ${index})`;
      // An object of another layout: whether it has the property of that name.
      const name = layout.fields[index]!.name;
      const result = e.newTemp();
      e.line(`bool ${result};`);
      dispatch(e, e.materialize(e.expr(value), value.type), concreteLayouts(layout), (own, self) => {
        const at = own.fields.findIndex((f) => f.name === name);
        e.line(`${result} = ${at < 0 ? "false" : own.kind === "record" ? `${has}(${self}->tse_keys, ${at})` : "true"};`);
      });
      return result;
    }
  }
  throw new Error(`emitter: no C form for ${expr.op}`);
}

function regexpOp(e: EmitterCore, expr: RuntimeExpr): string {
  const args = expr.args;
  if (expr.op === "regexp.new") return e.temp(expr.type, `${cName(expr.op)}(ctx, &${args[0]!.kind === "string" ? args[0]!.value : ""})`);
  const regexp = args[0];
  if ((expr.op === "regexp.test" || expr.op === "regexp.exec") && regexp?.kind === "runtime" && regexp.op === "regexp.new" && regexp.args[0]?.kind === "string") {
    // A literal's object used once by test/exec and never seen again (its lastIndex starts at 0 and
    // is lost): the runtime keeps it on the C stack instead of allocating one per call.
    return e.temp(expr.type, `${cName(expr.op)}_literal(ctx, &${regexp.args[0].value}, ${e.operands(args.slice(1)).join(", ")})`);
  }
  const codes = e.operands(args);
  switch (expr.op) {
    case "regexp.test":
    case "regexp.exec":
    case "regexp.setLastIndex":
    case "regexp.compile":
    case "regexpMatch.index":
    case "regexpMatch.input":
    case "regexpMatch.strings":
    case "regexpMatch.group":
      return e.temp(expr.type, `${cName(expr.op)}(ctx, ${codes.join(", ")})`);
    case "regexp.testDecoded":
      return e.temp(expr.type, `${cName(expr.op)}(ctx, ${codes[0]}, ${codes[1]}, ${args[2]!.type.kind === "undefined" ? "NULL" : codes[2]})`);
    case "regexp.lastIndex":
      return `${e.wrap(codes[0]!)}->last_index`;
    default:
      return e.temp(expr.type, `${cName(expr.op)}(${codes.join(", ")})`);
  }
}

/** `T | undefined` as T (a generic method's type argument); the type itself when it is no such union. */
const withoutUndefined = (type: IrType): IrType => singleHeapMember(type) ?? type;

/** An EnvoyHttpFilter method: its C function with the constants the API table gives, absent optional arguments as NULL. */
function envoyCall(e: EmitterCore, expr: RuntimeExpr): string {
  const method = apiMethod(expr.op.slice("envoy.".length));
  if (!method) throw new Error(`emitter: no EnvoyHttpFilter method for ${expr.op}`);
  // An absent optional number is a tse_value (undefined); other absent optionals are pointers.
  const absent = (i: number) => (method.params[i]!.type === "number" ? "tse_value_undefined()" : "NULL");
  const codes = e.operands(expr.args).map((code, i) => (method.params[i]?.optional && expr.args[i]!.kind === "undefined" ? absent(i) : code));
  // A generic method gets the descriptor of T: its argument's type, else the result without undefined.
  const typed = method.typeParams && method.params.findIndex((p) => method.typeParams!.some((t) => t.split(" ")[0] === p.type));
  const typeArgument = typed !== undefined && typed >= 0 ? expr.args[typed]!.type : withoutUndefined(expr.type);
  const typeArguments = method.typeParams ? [e.context.descriptors.ref(typeArgument), ...(method.literalChecks ? [e.context.literalChecks.ref(expr.literals)] : [])] : [];
  return emitCall(e, method.c.fn, ["ctx", ...(method.c.constants ?? []), ...typeArguments, ...codes], expr.type);
}
