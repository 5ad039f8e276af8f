/**
 * Map, Set and Record<string, T> (dict) operations as C: the runtime-c/collections.c and dict.c
 * calls with keys and values converted to and from tagged values, and the loops collecting a
 * collection's keys, values or entries into an array.
 */
import { IrType, representation, runtimeOp } from "../ir/index.js";
import type { Expr } from "../ir/index.js";
import type { EmitterCore } from "./c-core.js";
import { cType } from "./c-types.js";
import { convertCode, fromValue, nullishTag } from "./c-values.js";

type RuntimeExpr = Extract<Expr, { kind: "runtime" }>;

const elementOf = (type: IrType): IrType => (type as Extract<IrType, { kind: "array" }>).element;

/** Collects a Map's or Set's keys, values or entries into a new array, converting from tagged values. */
export function collect(e: EmitterCore, expr: RuntimeExpr): string {
  const source = e.expr(expr.args[0]!);
  const what = expr.op.slice("collect.".length);
  const descriptor = e.context.descriptors.ref(expr.type);
  const element = elementOf(expr.type);
  const array = e.temp(expr.type, `tse_array_new(ctx, ${descriptor}, sizeof(${cType(element)}), ${e.wrap(source)}->size)`);
  const i = e.newTemp();
  e.line(`for (uint32_t ${i} = 0; ${i} < ${e.wrap(source)}->count; ${i}++) {`);
  e.block(() => {
    e.line(`if (${e.wrap(source)}->deleted[${i}]) continue;`);
    const collection = expr.args[0]!.type as Extract<IrType, { kind: "map" | "set" }>;
    const keyType = collection.kind === "map" ? collection.key : collection.element;
    const valueType = collection.kind === "map" ? collection.value : collection.element;
    let item: string;
    if (what === "entries") {
      const layout = (element as Extract<IrType, { kind: "object" }>).layout;
      item = e.allocate(layout);
      e.line(`${item}->${layout.fields[0]!.cName} = ${fromValue(e, `${source}->keys[${i}]`, keyType)};`);
      e.line(`${item}->${layout.fields[1]!.cName} = ${fromValue(e, collection.kind === "map" ? `${source}->values[${i}]` : `${source}->keys[${i}]`, valueType)};`);
    } else {
      item = fromValue(e, what === "keys" || collection.kind === "set" ? `${source}->keys[${i}]` : `${source}->values[${i}]`, what === "keys" ? keyType : valueType);
    }
    e.line(`*(${cType(element)}*)tse_array_push_slot(ctx, ${array}, sizeof(${cType(element)})) = ${item};`);
  });
  e.line("}");
  return array;
}

export function mapOp(e: EmitterCore, expr: RuntimeExpr): string {
  const args = expr.args;
  const collection = args[0]?.type as Extract<IrType, { kind: "map" | "set" }> | undefined;
  const asValue = (code: string, type: IrType) => {
    const rep = representation(type);
    if (rep === "value") return code;
    if (rep === "f64") return `tse_value_number(${code})`;
    if (rep === "bool") return `tse_value_boolean(${code})`;
    if (rep === "unit") return type.kind === "null" ? "tse_value_null()" : "tse_value_undefined()";
    return type.kind === "union" ? `tse_value_from_ref(${code}, ${nullishTag(e, type)})` : `tse_value_ref(${code})`;
  };
  const fn = runtimeOp(expr.op)?.c ?? "";
  if (expr.op === "map.new") return e.temp(expr.type, `${fn}(ctx, ${e.context.descriptors.ref(expr.type)})`);
  const codes = e.operands(args);
  const [m, k, v] = codes;
  switch (expr.op) {
    case "map.get": {
      const value = `${fn}(${m}, ${asValue(k!, args[1]!.type)})`;
      return e.temp(expr.type, convertCode(e, value, expr.type, expr.type, false, false, true));
    }
    case "map.set": {
      const valueType = collection!.kind === "map" ? collection!.value : undefined;
      e.line(`${fn}(ctx, ${m}, ${asValue(k!, args[1]!.type)}, ${valueType ? asValue(v!, args[2]!.type) : "tse_value_undefined()"});`);
      return "0";
    }
    case "map.has":
    case "map.delete": // delete may throw (a module-level table's Set or Map is frozen)
      return e.temp(expr.type, `${fn}(${expr.op === "map.delete" ? "ctx, " : ""}${m}, ${asValue(k!, args[1]!.type)})`);
    case "map.clear":
      e.line(`${fn}(ctx, ${m});`);
      return "0";
    case "dict.delete": // a frozen dict's delete throws
      return e.temp(expr.type, `${fn}(ctx, ${m}, tse_value_ref(${k}))`);
    case "dict.in":
      return e.temp(expr.type, `${fn}(${m}, ${k})`);
  }
  throw new Error(`emitter: no C form for ${expr.op}`);
}

