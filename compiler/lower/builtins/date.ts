/**
 * Date: `new Date(ms | string | Date)`, `new Date()`, Date.parse, Date.UTC, getTime/valueOf,
 * setTime, the UTC getters, toISOString, toUTCString, toString (runtime-c/date.c). The module
 * runs in UTC: the local-time methods are rejected (TSE1050) so that a filter says what it means,
 * and so are the setters and the other forms with no compiled meaning (TSE1051).
 */
import { ts } from "../../ts-morph.js";
import { displayType, Expr, IrType, numberType, stringType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { LoweringError } from "../errors.js";
import { CATALOGUE, diag, formatMessage } from "../../diagnostics/catalogue.js";
import type { BuiltinLowering, BuiltinTable } from "./common.js";
import { num, rt } from "./common.js";
import { toNumberExpr } from "./conversions.js";

const dateType: IrType = { kind: "date" };

/** getUTC* and the TSE_DATE_* field each reads (runtime-c/tse.h). */
const UTC_FIELDS = ["FullYear", "Month", "Date", "Day", "Hours", "Minutes", "Seconds", "Milliseconds"];

/** The local-time methods and what to write instead. */
const LOCAL_TIME: Record<string, string> = {
  ...Object.fromEntries(UTC_FIELDS.flatMap((f) => [[`get${f}`, `getUTC${f}()`], [`set${f}`, "setTime(Date.UTC(...))"]])),
  getYear: "getUTCFullYear()",
  setYear: "setTime(Date.UTC(...))",
  getTimezoneOffset: "nothing: the offset is always 0",
  toDateString: "toUTCString() or toISOString().slice(0, 10)",
  toTimeString: "toUTCString() or toISOString()",
  toLocaleString: "toISOString() or toUTCString()",
  toLocaleDateString: "toISOString().slice(0, 10)",
  toLocaleTimeString: "toISOString().slice(11, 19)",
};

function dateError(node: ts.Node, code: typeof diag.TSE1050 | typeof diag.TSE1051, params: Record<string, string>, hint: string): never {
  throw new LoweringError(node, code, formatMessage(code, params), hint || CATALOGUE[code].hint);
}

/** A number argument as Date's functions convert it: absent is `fallback`, undefined NaN. */
function numberArgument(l: LowerContext, node: ts.Expression | undefined, fallback: number): Expr {
  if (!node) return num(fallback);
  const value = l.expr(node);
  return value.type.kind === "number" ? value : toNumberExpr(l, value, node);
}

/** `new Date(...)`: now, a time value, a string to parse, or another Date's time value. */
export function newDate(l: LowerContext, node: ts.NewExpression): Expr {
  const args = node.arguments ?? [];
  if (args.length === 0) return rt("date.new", [rt("date.now", [], numberType)], dateType);
  if (args.length > 1) dateError(node, diag.TSE1051, { what: "`new Date(year, month, ...)` (local time)" }, "the module runs in UTC: write new Date(Date.UTC(year, month, ...))");
  const value = l.expr(args[0]!);
  switch (value.type.kind) {
    case "number":
      return rt("date.new", [value], dateType);
    case "string":
      return rt("date.new", [rt("date.parse", [value], numberType)], dateType);
    case "date":
      return rt("date.new", [rt("date.getTime", [value], numberType)], dateType);
  }
  dateError(args[0]!, diag.TSE1051, { what: `\`new Date\` of ${value.type.kind === "union" ? "a union" : displayType(value.type)}` }, "pass a number (milliseconds), a string or a Date; narrow a union first");
}

const method =
  (op: string, type: IrType): BuiltinLowering =>
  (l, { receiver }) =>
    rt(op, [receiver!], type);

const rejectedMethods: BuiltinTable = Object.fromEntries(
  Object.entries(LOCAL_TIME).map(([name, instead]) => [`Date.prototype.${name}`, (l, { node }) => dateError(node, diag.TSE1050, { name }, `the module runs in UTC: write ${instead}`)]),
);

const SETTERS_UTC = ["setUTCFullYear", "setUTCMonth", "setUTCDate", "setUTCHours", "setUTCMinutes", "setUTCSeconds", "setUTCMilliseconds"];

export const DATE_BUILTINS: BuiltinTable = {
  ...rejectedMethods,
  ...Object.fromEntries(SETTERS_UTC.map((name) => [`Date.prototype.${name}`, (l: LowerContext, { node }: { node: ts.CallExpression }) => dateError(node, diag.TSE1051, { what: `\`${name}\`` }, "compute the time value and call d.setTime(Date.UTC(...)), or make a new Date")])),
  ...Object.fromEntries(UTC_FIELDS.map((field, i) => [`Date.prototype.getUTC${field}`, (l: LowerContext, { receiver }: { receiver: Expr | undefined }) => rt("date.field", [receiver!, num(i)], numberType)])),
  "Date.prototype.getTime": method("date.getTime", numberType),
  "Date.prototype.valueOf": method("date.getTime", numberType),
  "Date.prototype.toISOString": method("date.toISOString", stringType),
  "Date.prototype.toUTCString": method("date.toUTCString", stringType),
  "Date.prototype.toString": method("date.toString", stringType),
  "Date.prototype.toJSON": (l, { node }) => dateError(node, diag.TSE1051, { what: "`toJSON()`" }, "it returns null for an invalid date, which its type does not say: write toISOString() (RangeError when invalid) or JSON.stringify(date)"),
  "Date.prototype.setTime": (l, { node, receiver }) => rt("date.setTime", [receiver!, numberArgument(l, node.arguments[0], NaN)], numberType),
  "Date.parse": (l, { node }) => {
    const text = node.arguments[0];
    const value = text ? l.expr(text) : undefined;
    if (!value || value.type.kind !== "string") dateError(node, diag.TSE1051, { what: "`Date.parse` of something other than a string" }, "pass a string");
    return rt("date.parse", [value], numberType);
  },
  "Date.UTC": (l, { node }) => {
    const a = node.arguments;
    return rt("date.utc", [numberArgument(l, a[0], NaN), numberArgument(l, a[1], 0), numberArgument(l, a[2], 1), numberArgument(l, a[3], 0), numberArgument(l, a[4], 0), numberArgument(l, a[5], 0), numberArgument(l, a[6], 0)], numberType);
  },
  Date: (l, { node }) => dateError(node, diag.TSE1051, { what: "`Date()` called as a function (local time)" }, "write new Date().toString(), or new Date().toISOString()"),
};
