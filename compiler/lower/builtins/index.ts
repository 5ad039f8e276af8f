/**
 * The JavaScript standard library as lowering sees it: Math, Number, String, Array, Map, Set,
 * JSON, Error, RegExp, Uint8Array and the text codecs' members become runtime operations (runtime-c) or loops in IR with
 * exactly JavaScript's order of effects. One table, keyed like "Array.prototype.push",
 * "Math.abs" or "JSON.parse", holds every library call; each library fills its part in its file.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, Expr, IrType, membersOf, numberType, optionalOf, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { LoweringError, unsupported } from "../errors.js";
import { ARRAY_BUILTINS } from "./array.js";
export { newArrayFilled } from "./array.js";
import { BYTES_BUILTINS, bytesProperty, newBytesOrCodec } from "./bytes.js";
import type { BuiltinTable } from "./common.js";
import { num, rt } from "./common.js";
import { DATE_BUILTINS, newDate } from "./date.js";
import { JSON_BUILTINS } from "./json.js";
import { MAP_SET_BUILTINS, newMapOrSet } from "./map-set.js";
import { MATH_BUILTINS, MATH_CONSTANTS } from "./math.js";
import { NUMBER_BUILTINS, NUMBER_CONSTANTS } from "./number.js";
import { OBJECT_BUILTINS } from "./object.js";
import { newRegExp, REGEXP_BUILTINS } from "./regexp.js";
import { STRING_BUILTINS } from "./string.js";
import { URI_BUILTINS } from "./uri.js";
import { CATALOGUE, diag, formatMessage } from "../../diagnostics/catalogue.js";

export { convertedCopy, toNumberExpr, toStringExpr } from "./conversions.js";
export { builtinFunctionValue } from "./function-values.js";

export const BUILTIN_CALLS: BuiltinTable = {
  ...MATH_BUILTINS,
  ...NUMBER_BUILTINS,
  ...STRING_BUILTINS,
  ...ARRAY_BUILTINS,
  ...MAP_SET_BUILTINS,
  ...JSON_BUILTINS,
  ...REGEXP_BUILTINS,
  ...OBJECT_BUILTINS,
  ...BYTES_BUILTINS,
  ...URI_BUILTINS,
  ...DATE_BUILTINS,
};

/** The library that owns methods of values of each type ("Array" for Array.prototype.*). */
const PROTOTYPE_OWNERS: Partial<Record<IrType["kind"], string>> = {
  array: "Array",
  string: "String",
  number: "Number",
  boolean: "Boolean",
  map: "Map",
  set: "Set",
  error: "Error",
  regexpMatch: "RegExpMatchArray",
  regexp: "RegExp",
  function: "Function",
  bytes: "Uint8Array",
  textEncoder: "TextEncoder",
  textDecoder: "TextDecoder",
  date: "Date",
};

/** The table key of a call: "Array.prototype.push" for a method, the name itself for a static function. */
export function builtinKey(receiver: Expr | undefined, name: string): string | undefined {
  if (!receiver) return name;
  const type = receiver.type;
  if (type.kind === "object" && type.layout.kind === "tuple") return `Tuple.prototype.${name}`;
  const owner = PROTOTYPE_OWNERS[type.kind];
  return owner && `${owner}.prototype.${name}`;
}

/** A property of a built-in value, or a static one ("Math.PI") when `object` is undefined. */
export function lowerBuiltinProperty(l: LowerContext, object: Expr | undefined, name: string, node: ts.Node): Expr | undefined {
  if (!object) {
    const constant = MATH_CONSTANTS[name] ?? NUMBER_CONSTANTS[name];
    return constant === undefined ? undefined : num(constant);
  }
  const type = object.type;
  const bytes = bytesProperty(object, name);
  if (bytes) return bytes;
  switch (type.kind) {
    case "string":
      if (name === "length") return rt("string.length", [object], numberType);
      break;
    case "array":
      if (name === "length") return rt("array.length", [object], numberType);
      break;
    case "regexpMatch":
      if (name === "length") return rt("array.length", [{ kind: "convert", value: object, type: { kind: "array", element: optionalOf(stringType) }, checked: false }], numberType);
      if (name === "index") return rt("regexpMatch.index", [object], numberType);
      if (name === "input") return rt("regexpMatch.input", [object], stringType);
      if (name === "groups") {
        throw new LoweringError(node, diag.TSE2043, formatMessage(diag.TSE2043), CATALOGUE.TSE2043.hint);
      }
      break;
    case "map":
    case "set":
      if (name === "size") return rt("map.size", [object], numberType);
      break;
    case "error":
      if (name === "message" || name === "name") return rt(`error.${name}`, [object], stringType);
      if (name === "stack") unsupported(node, "error.stack", "compiled code has no JavaScript stack; log the message");
      break;
    case "regexp":
      if (name === "lastIndex") return rt("regexp.lastIndex", [object], numberType);
      if (name === "source" || name === "flags") return rt(`regexp.${name}`, [object], stringType);
      if (["global", "sticky", "ignoreCase", "multiline", "dotAll", "unicode"].includes(name)) return rt(`regexp.${name}`, [object], booleanType);
      break;
  }
  return undefined;
}

/** Calls on values of library types, and static library functions (`name` = "Math.max"). */
export function lowerBuiltinCall(l: LowerContext, node: ts.CallExpression, name: string, receiver: Expr | undefined, expected?: IrType): Expr | undefined {
  const key = builtinKey(receiver, name);
  // hasOwn: a name like "constructor" must not find Object.prototype's members.
  const lowering = key !== undefined && Object.hasOwn(BUILTIN_CALLS, key) ? BUILTIN_CALLS[key] : undefined;
  return lowering?.(l, { node, name, receiver, expected });
}

/** `new Map(...)`, `new Set(...)`, `new RegExp(...)`, `new Array` (rejected). */
export function lowerBuiltinNew(l: LowerContext, node: ts.NewExpression, name: string, expected?: IrType): Expr | undefined {
  const args = node.arguments ?? [];
  if (name === "Map" || name === "Set") {
    return newMapOrSet(l, node, name, expected);
  }
  if (name === "Array") {
    if (args.length === 0) {
      const type = expected && membersOf(expected).find((m) => m.kind === "array");
      return { kind: "arrayLiteral", elements: [], type: type ?? l.typeOf(node) };
    }
    unsupported(node, "new Array(...) with arguments", "compiled arrays cannot have holes: write an array literal ([] or [a, b]) and push in a loop");
  }
  if (name === "RegExp") return newRegExp(l, node);
  const bytes = newBytesOrCodec(l, node, name);
  if (bytes) return bytes;
  if (name === "Date") return newDate(l, node);
  return undefined;
}
