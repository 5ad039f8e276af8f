/**
 * What the library lowerings share: IR shorthands, argument conversion, callback arguments,
 * index loops, and the shape of one entry of the builtin table (index.ts).
 */
import { ts } from "../../ts-morph.js";
import { booleanType, Expr, IrType, Local, membersOf, nullType, numberType, opNamed, optionalOf, Stmt, stringType, undefinedType, unionOf } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";

/** One library call being lowered: `name` is the method or the static function ("Math.max"). */
export interface BuiltinCall {
  node: ts.CallExpression;
  name: string;
  /** The value a method is called on; absent for static functions. */
  receiver: Expr | undefined;
  /** What the context expects the call to produce (declared types decide generic results). */
  expected: IrType | undefined;
}

/** Lowers one library call; undefined when this library does not handle it after all. */
export type BuiltinLowering = (l: LowerContext, call: BuiltinCall) => Expr | undefined;

/** Library members keyed like "Array.prototype.push", "Math.abs", "JSON.parse". */
export type BuiltinTable = Record<string, BuiltinLowering>;

export type FunctionType = Extract<IrType, { kind: "function" }>;

export const num = (value: number): Expr => ({ kind: "number", value, type: numberType });

export const str = (value: string): Expr => ({ kind: "string", value, type: stringType });

export const undef: Expr = { kind: "undefined", type: undefinedType };

export const read = (local: Local): Expr => ({ kind: "local", local, type: local.type });

export const rt = (op: string, args: Expr[], type: IrType): Expr => ({ kind: "runtime", op: opNamed(op), args, type });

export const seq = (statements: Stmt[], result: Expr): Expr => ({ kind: "sequence", statements, result, type: result.type });

/** What exec and match return: RegExpExecArray | null. */
export const matchOrNull: IrType = unionOf([{ kind: "regexpMatch" }, nullType]);

export const bool = (value: boolean): Expr => ({ kind: "boolean", value, type: booleanType });

/**
 * A numeric argument; `fallback` is what the method uses when the argument is absent, which is
 * also what it does with `undefined` (the methods calling this treat both the same).
 */
export function numberArg(l: LowerContext, node: ts.Expression | undefined, fallback: number): Expr {
  if (!node) return num(fallback);
  const value = l.expr(node);
  if (value.type.kind === "undefined") return seq([{ kind: "expr", expr: value }], num(fallback));
  if (isOptionalNumber(value.type)) return { kind: "logical", op: "??", left: value, right: num(fallback), type: numberType };
  return l.coerce(value, numberType, node);
}

export const isOptionalNumber = (type: IrType): boolean =>
  type.kind === "union" && membersOf(type).every((m) => m.kind === "number" || m.kind === "undefined" || m.kind === "void");

/**
 * A numeric argument whose absence means something no number does (an end that defaults to the
 * length, a limit): undefined (absent), a number, or number | undefined decided at run time.
 */
export function optionalNumberArg(l: LowerContext, node: ts.Expression | undefined): Expr {
  if (!node) return undef;
  const value = l.expr(node);
  if (value.kind === "undefined") return value;
  if (value.type.kind === "undefined" || isOptionalNumber(value.type)) return l.coerce(value, optionalOf(numberType), node);
  return l.coerce(value, numberType, node);
}

/** The type the resolved signature gives parameter `index` of `call` (instantiated generics). */
export function parameterType(l: LowerContext, call: ts.CallExpression | ts.NewExpression, index: number): IrType {
  const signature = l.checker.getResolvedSignature(call);
  const parameter = signature?.parameters[index];
  if (!parameter) unsupported(call, "this call", "check its arguments");
  return l.mapType(l.checker.getTypeOfSymbolAtLocation(parameter, call), call);
}

/**
 * A callback argument, as the function type the library declares for it (instantiated). Predicates
 * are declared to return `unknown` (any truthy value counts): they keep their own return type.
 */
export function callbackArg(l: LowerContext, call: ts.CallExpression, index: number, contextualReturn?: IrType): { value: Expr; type: FunctionType } {
  const argument = call.arguments[index];
  if (!argument) unsupported(call, "this call without its callback", "pass a function");
  const parameter = l.checker.getResolvedSignature(call)?.parameters[index];
  if (!parameter) unsupported(call, "this call", "check its arguments");
  const declared = l.checker.getNonNullableType(l.checker.getTypeOfSymbolAtLocation(parameter, call));
  const [signature] = declared.getCallSignatures();
  if (!signature) unsupported(argument, "this callback", "pass a function");
  const params = signature.getParameters().map((p) => l.mapType(l.checker.getTypeOfSymbolAtLocation(p, call), argument));
  const declaredReturn = signature.getReturnType();
  const returns = contextualReturn ?? (declaredReturn.getFlags() & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)
    ? builtinValueResult(l, argument) ?? (l.typeOf(argument) as FunctionType).returns ?? booleanType
    : l.mapType(declaredReturn, argument));
  const type: FunctionType = { kind: "function", params, returns };
  return { value: l.coerce(l.expr(argument, type), type, argument), type };
}

/** Library functions usable as values (function-values.ts), and what each returns. */
export const BUILTIN_VALUE_RESULTS: Record<string, IrType> = {
  Number: numberType, String: stringType, Boolean: booleanType, parseInt: numberType, parseFloat: numberType, isNaN: booleanType, isFinite: booleanType,
  encodeURIComponent: stringType, encodeURI: stringType, decodeURIComponent: stringType, decodeURI: stringType,
};

/** The library name of `parseInt` or `Number.isFinite` written as a value; undefined for other expressions. */
export function builtinValueName(l: LowerContext, node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return l.isGlobal(node) ? node.text : undefined;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && l.isGlobal(node.expression)) return `${node.expression.text}.${node.name.text}`;
  return undefined;
}

/** What a library function used as a value returns; undefined for other expressions. */
export function builtinValueResult(l: LowerContext, node: ts.Expression): IrType | undefined {
  const name = builtinValueName(l, node);
  if (name === undefined) return undefined;
  if (Object.hasOwn(BUILTIN_VALUE_RESULTS, name)) return BUILTIN_VALUE_RESULTS[name];
  if (name.startsWith("Number.is")) return booleanType;
  return name.startsWith("Math.") || name.startsWith("Number.parse") ? numberType : undefined;
}

/** Holds `value` in a new local so it is evaluated once. */
export function hold(l: LowerContext, value: Expr, statements: Stmt[], name: string): Local {
  const local = l.temp(value.type, name);
  statements.push({ kind: "let", local, init: value });
  return local;
}

/** `for (let i = 0; i < length; i++) body(i)`; `body` may break to the returned label. */
export function indexLoop(l: LowerContext, length: Expr, body: (index: Expr, label: string) => Stmt[]): Stmt {
  const index = l.temp(numberType, "i");
  const label = l.newLabel();
  const i = read(index);
  return {
    kind: "block",
    body: [
      { kind: "let", local: index, init: num(0) },
      {
        kind: "loop",
        label,
        condition: { kind: "binary", op: "<", left: i, right: length, type: booleanType },
        body: body(i, label),
        update: [{ kind: "expr", expr: { kind: "compound", target: { kind: "local", local: index }, op: "+", value: num(1), returnOld: false, type: numberType } }],
        testFirst: true,
        renew: [],
      },
    ],
  };
}

export const arrayLength = (array: Expr): Expr => rt("array.length", [array], numberType);

/** An element whose index is known to be in range. */
export const arrayGet = (array: Expr, index: Expr, element: IrType): Expr => rt("array.get", [array, index], element);

export const call = (callee: Expr, args: Expr[], type: IrType): Expr => ({ kind: "callValue", callee, args, type });

export const lessThan = (a: Expr, b: Expr): Expr => ({ kind: "binary", op: "<", left: a, right: b, type: booleanType });
