/**
 * The JavaScript standard library as lowering sees it: Math, Number, String, Array, Map, Set,
 * JSON, Error and RegExp members become runtime operations (runtime-c) or loops in IR with
 * exactly JavaScript's order of effects.
 */
import { ts } from "ts-morph";

import { booleanType, displayType, errorType, Expr, Field, IrType, isNullish, isSubtype, LiteralCheck, Local, membersOf, nonNullish, nullType, numberType, opNamed, optionalOf, runtimeOp, sameType, Stmt, stringType, undefinedType, unionOf } from "../ir/index.js";
import { checkConfigType } from "./config-types.js";
import { LoweringError, unsupported } from "./errors.js";
import type { FunctionLowerer } from "./function.js";
import { expectedTypeNode, literalChecks } from "./literal-checks.js";
import { requireOwnLayout } from "./members.js";

type FunctionType = Extract<IrType, { kind: "function" }>;

const num = (value: number): Expr => ({ kind: "number", value, type: numberType });
const str = (value: string): Expr => ({ kind: "string", value, type: stringType });
const undef: Expr = { kind: "undefined", type: undefinedType };
const read = (local: Local): Expr => ({ kind: "local", local, type: local.type });
const rt = (op: string, args: Expr[], type: IrType): Expr => ({ kind: "runtime", op: opNamed(op), args, type });
const seq = (statements: Stmt[], result: Expr): Expr => ({ kind: "sequence", statements, result, type: result.type });
/** What exec and match return: RegExpExecArray | null. */
const matchOrNull: IrType = unionOf([{ kind: "regexpMatch" }, nullType]);
const bool = (value: boolean): Expr => ({ kind: "boolean", value, type: booleanType });

const MATH_CONSTANTS: Record<string, number> = {
  "Math.PI": Math.PI, "Math.E": Math.E, "Math.LN2": Math.LN2, "Math.LN10": Math.LN10, "Math.LOG2E": Math.LOG2E, "Math.LOG10E": Math.LOG10E,
  "Math.SQRT2": Math.SQRT2, "Math.SQRT1_2": Math.SQRT1_2, "Number.MAX_SAFE_INTEGER": Number.MAX_SAFE_INTEGER, "Number.MIN_SAFE_INTEGER": Number.MIN_SAFE_INTEGER,
  "Number.EPSILON": Number.EPSILON, "Number.MAX_VALUE": Number.MAX_VALUE, "Number.MIN_VALUE": Number.MIN_VALUE, "Number.NaN": NaN,
  "Number.POSITIVE_INFINITY": Infinity, "Number.NEGATIVE_INFINITY": -Infinity,
};

// ------------------------------------------------------------------ conversions

/** String(value), template literals and `+` with a string: ToString of each kind of value. */
export function toStringExpr(l: FunctionLowerer, expr: Expr, node: ts.Node): Expr {
  switch (expr.type.kind) {
    case "string":
      return expr;
    case "number":
      return rt("number.toString", [expr], stringType);
    case "boolean":
      return rt("boolean.toString", [expr], stringType);
    case "undefined":
    case "void":
      return seq([{ kind: "expr", expr }], str("undefined"));
    case "null":
      return seq([{ kind: "expr", expr }], str("null"));
    case "function":
      unsupported(node, "converting a function to a string", "functions have no source text once compiled");
    // falls through (unsupported throws)
    case "envoy":
      unsupported(node, "converting EnvoyHttpFilter to a string", "convert the values you read from it");
    // falls through
    default:
      if (membersOf(expr.type).some((m) => m.kind === "function")) unsupported(node, "converting a value that may be a function to a string", "narrow it first");
      return rt("value.toString", [expr], stringType);
  }
}

/**
 * A numeric argument; `fallback` is what the method uses when the argument is absent, which is
 * also what it does with `undefined` (the methods calling this treat both the same).
 */
function numberArg(l: FunctionLowerer, node: ts.Expression | undefined, fallback: number): Expr {
  if (!node) return num(fallback);
  const value = l.expr(node);
  if (value.type.kind === "undefined") return seq([{ kind: "expr", expr: value }], num(fallback));
  if (isOptionalNumber(value.type)) return { kind: "logical", op: "??", left: value, right: num(fallback), type: numberType };
  return l.coerce(value, numberType, node);
}

const isOptionalNumber = (type: IrType): boolean =>
  type.kind === "union" && membersOf(type).every((m) => m.kind === "number" || m.kind === "undefined" || m.kind === "void");

/**
 * A numeric argument whose absence means something no number does (an end that defaults to the
 * length, a limit): undefined (absent), a number, or number | undefined decided at run time.
 */
function optionalNumberArg(l: FunctionLowerer, node: ts.Expression | undefined): Expr {
  if (!node) return undef;
  const value = l.expr(node);
  if (value.kind === "undefined") return value;
  if (value.type.kind === "undefined" || isOptionalNumber(value.type)) return l.coerce(value, optionalOf(numberType), node);
  return l.coerce(value, numberType, node);
}

/** Number(value): ToNumber for the supported kinds. */
export function toNumberExpr(l: FunctionLowerer, expr: Expr, node: ts.Node): Expr {
  switch (expr.type.kind) {
    case "number":
      return expr;
    case "string":
      return rt("string.toNumber", [expr], numberType);
    case "boolean":
      return rt("boolean.toNumber", [expr], numberType);
    case "undefined":
      return seq([{ kind: "expr", expr }], num(NaN));
    case "null":
      return seq([{ kind: "expr", expr }], num(0));
    case "union": {
      // Each member converts as it would alone (undefined is NaN, null 0).
      if (expr.type.members.some((m) => !["undefined", "null", "number", "string", "boolean"].includes(m.kind))) break;
      const statements: Stmt[] = [];
      const value = read(hold(l, expr, statements, "value"));
      const [last, ...others] = [...expr.type.members].reverse();
      const convert = (member: IrType) => toNumberExpr(l, l.coerce(value, member, node), node);
      const result = others.reduce<Expr>((rest, member) => ({ kind: "conditional", condition: { kind: "is", value, member, type: booleanType }, whenTrue: convert(member), whenFalse: rest, type: numberType }), convert(last!));
      return seq(statements, result);
    }
  }
  unsupported(node, `Number() of ${displayType(expr.type)}`, "convert strings, booleans and numbers");
}

// ------------------------------------------------------------------ properties

/** A property of a built-in value, or a static one ("Math.PI") when `object` is undefined. */
export function lowerBuiltinProperty(l: FunctionLowerer, object: Expr | undefined, name: string, node: ts.Node): Expr | undefined {
  if (!object) {
    const constant = MATH_CONSTANTS[name];
    return constant === undefined ? undefined : num(constant);
  }
  const type = object.type;
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
        throw new LoweringError(node, "TSE2043", "the `groups` of a regular expression match are not supported", "read the group by its number: m[1] (named groups still count in the numbering, and $<name> works in replacement strings)");
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

// ------------------------------------------------------------------ calls

/** The type the resolved signature gives parameter `index` of `call` (instantiated generics). */
function parameterType(l: FunctionLowerer, call: ts.CallExpression | ts.NewExpression, index: number): IrType {
  const signature = l.checker.getResolvedSignature(call);
  const parameter = signature?.parameters[index];
  if (!parameter) unsupported(call, "this call", "check its arguments");
  return l.mapType(l.checker.getTypeOfSymbolAtLocation(parameter, call), call);
}

/**
 * A callback argument, as the function type the library declares for it (instantiated). Predicates
 * are declared to return `unknown` (any truthy value counts): they keep their own return type.
 */
function callbackArg(l: FunctionLowerer, call: ts.CallExpression, index: number, contextualReturn?: IrType): { value: Expr; type: FunctionType } {
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
    ? (l.typeOf(argument) as FunctionType).returns ?? booleanType
    : l.mapType(declaredReturn, argument));
  const type: FunctionType = { kind: "function", params, returns };
  return { value: l.coerce(l.expr(argument, type), type, argument), type };
}

/** Holds `value` in a new local so it is evaluated once. */
function hold(l: FunctionLowerer, value: Expr, statements: Stmt[], name: string): Local {
  const local = l.temp(value.type, name);
  statements.push({ kind: "let", local, init: value });
  return local;
}

/** `for (let i = 0; i < length; i++) body(i)`; `body` may break to the returned label. */
function indexLoop(l: FunctionLowerer, length: Expr, body: (index: Expr, label: string) => Stmt[]): Stmt {
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

const arrayLength = (array: Expr): Expr => rt("array.length", [array], numberType);
/** An element whose index is known to be in range. */
const arrayGet = (array: Expr, index: Expr, element: IrType): Expr => rt("array.get", [array, index], element);
const call = (callee: Expr, args: Expr[], type: IrType): Expr => ({ kind: "callValue", callee, args, type });
const lessThan = (a: Expr, b: Expr): Expr => ({ kind: "binary", op: "<", left: a, right: b, type: booleanType });

/**
 * Array methods taking a callback: the callback runs on each index below the length at the start
 * that is still below the current length (JavaScript skips the indices a callback removed).
 */
function arrayCallbackMethod(l: FunctionLowerer, node: ts.CallExpression, method: string, array: Expr, expected?: IrType): Expr | undefined {
  const type = array.type as Extract<IrType, { kind: "array" }>;
  const element = type.element;
  const statements: Stmt[] = [];
  const a = hold(l, array, statements, "array");
  // `const rs: Rec[] = xs.map((x) => ({ ... }))`: the context types what the callback returns.
  const mapContext = method === "map" ? mappedContext(l, node, expected) : undefined;
  // flatMap's callback is declared to return U | U[]: its own return type says which it returns.
  const flatReturn = method === "flatMap" && node.arguments[0] ? (l.typeOf(node.arguments[0]) as FunctionType).returns : undefined;
  const { value: callback } = callbackArg(l, node, 0, mapContext?.element ?? flatReturn);
  const f = hold(l, callback, statements, "callback");
  const length = hold(l, arrayLength(read(a)), statements, "length");
  const args = (i: Expr) => [arrayGet(read(a), i, element), i, read(a)];
  const fnType = f.type as FunctionType;
  const invoke = (i: Expr) => call(read(f), args(i).slice(0, Math.max(fnType.params.length, 0)), fnType.returns);
  const present = (i: Expr, then: Stmt[]): Stmt[] => [{ kind: "if", condition: lessThan(i, arrayLength(read(a))), then, otherwise: [] }];
  const truthy = (e: Expr) => l.truthy(e);

  switch (method) {
    case "forEach":
      statements.push(indexLoop(l, read(length), (i) => present(i, [{ kind: "expr", expr: invoke(i) }])));
      return seq(statements, undef);
    case "map": {
      // In an optional chain TypeScript's type of the call includes the chain's undefined.
      const resultType: IrType = mapContext ?? (node.flags & ts.NodeFlags.OptionalChain ? { kind: "array", element: fnType.returns } : l.typeOf(node));
      const result = hold(l, rt("array.new", [read(length)], resultType), statements, "mapped");
      const resultElement = (resultType as Extract<IrType, { kind: "array" }>).element;
      statements.push(
        indexLoop(l, read(length), (i) => [
          {
            kind: "if",
            condition: lessThan(i, arrayLength(read(a))),
            then: [{ kind: "expr", expr: rt("array.push", [read(result), l.coerce(invoke(i), resultElement, node)], numberType) }],
            otherwise: [{ kind: "expr", expr: rt("throw.TypeError", [str("array shrank during map(): compiled arrays cannot hold holes")], undefinedType) }],
          },
        ]),
      );
      return seq(statements, read(result));
    }
    case "filter": {
      // A type-predicate callback narrows the result's element type; it only claims so: checked.
      const resultType = node.flags & ts.NodeFlags.OptionalChain ? type : (l.typeOf(node) as Extract<IrType, { kind: "array" }>);
      const kept = (item: Expr): Expr => (sameType(item.type, resultType.element) ? item : { kind: "convert", value: item, type: resultType.element, checked: true });
      const result = hold(l, rt("array.new", [num(0)], resultType), statements, "filtered");
      statements.push(
        indexLoop(l, read(length), (i) =>
          present(i, [
            (() => {
              const item = l.temp(element, "item");
              return {
                kind: "block",
                body: [
                  { kind: "let", local: item, init: arrayGet(read(a), i, element) },
                  { kind: "if", condition: truthy(call(read(f), [read(item), i, read(a)].slice(0, fnType.params.length), fnType.returns)), then: [{ kind: "expr", expr: rt("array.push", [read(result), kept(read(item))], numberType) }], otherwise: [] },
                ],
              } as Stmt;
            })(),
          ]),
        ),
      );
      return seq(statements, read(result));
    }
    case "some":
    case "every": {
      const wanted = method === "some";
      const result = hold(l, bool(!wanted), statements, method);
      statements.push(
        indexLoop(l, read(length), (i, label) =>
          present(i, [
            {
              kind: "if",
              condition: wanted ? truthy(invoke(i)) : { kind: "unary", op: "!", operand: truthy(invoke(i)), type: booleanType },
              then: [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local: result }, value: bool(wanted), type: booleanType } }, { kind: "break", label }],
              otherwise: [],
            },
          ]),
        ),
      );
      return seq(statements, read(result));
    }
    case "find":
    case "findIndex":
    case "findLast":
    case "findLastIndex": {
      const wantIndex = method.endsWith("Index");
      const resultType = wantIndex ? numberType : optionalOf(element);
      const result = hold(l, wantIndex ? num(-1) : l.coerce(undef, resultType, node), statements, "found");
      const reverse = method.startsWith("findLast");
      const loop = indexLoop(l, read(length), (i, label) => {
        const position = reverse ? ({ kind: "binary", op: "-", left: { kind: "binary", op: "-", left: read(length), right: num(1), type: numberType }, right: i, type: numberType } as Expr) : i;
        const item = l.temp(element, "item");
        return [
          // find visits every index: one removed by the callback has no value to pass.
          { kind: "if", condition: lessThan(position, arrayLength(read(a))), then: [], otherwise: [{ kind: "expr", expr: rt("throw.TypeError", [str(`array shrank during ${method}(): compiled arrays cannot hold holes`)], undefinedType) }] },
          { kind: "let", local: item, init: arrayGet(read(a), position, element) },
          {
            kind: "if",
            condition: truthy(call(read(f), [read(item), position, read(a)].slice(0, fnType.params.length), fnType.returns)),
            then: [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local: result }, value: wantIndex ? position : l.coerce(read(item), resultType, node), type: resultType } }, { kind: "break", label }],
            otherwise: [],
          },
        ];
      });
      statements.push(loop);
      return seq(statements, read(result));
    }
    case "flatMap": {
      // Each callback result that is an array contributes its elements; anything else itself.
      const resultType = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
      const result = hold(l, rt("array.new", [num(0)], resultType), statements, "flattened");
      statements.push(indexLoop(l, read(length), (i) => present(i, appendFlattened(l, read(result), invoke(i), node))));
      return seq(statements, read(result));
    }
    case "reduce":
    case "reduceRight": {
      const accumulatorType = (fnType.params[0] ?? l.typeOf(node)) as IrType;
      const reverse = method === "reduceRight";
      const accumulator = l.temp(accumulatorType, "accumulator");
      const start = l.temp(numberType, "start");
      const initial = node.arguments[1];
      if (initial) {
        statements.push({ kind: "let", local: accumulator, init: l.coerce(l.expr(initial, accumulatorType), accumulatorType, initial) });
        statements.push({ kind: "let", local: start, init: num(0) });
      } else {
        statements.push({
          kind: "if",
          condition: { kind: "binary", op: "===", left: read(length), right: num(0), type: booleanType },
          then: [{ kind: "expr", expr: rt("throw.TypeError", [str("Reduce of empty array with no initial value")], undefinedType) }],
          otherwise: [],
        });
        const firstIndex = reverse ? ({ kind: "binary", op: "-", left: read(length), right: num(1), type: numberType } as Expr) : num(0);
        statements.push({ kind: "let", local: accumulator, init: l.coerce(arrayGet(read(a), firstIndex, element), accumulatorType, node) });
        statements.push({ kind: "let", local: start, init: num(1) });
      }
      const count: Expr = { kind: "binary", op: "-", left: read(length), right: read(start), type: numberType };
      statements.push(
        indexLoop(l, count, (k) => {
          const offset: Expr = { kind: "binary", op: "+", left: k, right: read(start), type: numberType };
          const position: Expr = reverse ? { kind: "binary", op: "-", left: { kind: "binary", op: "-", left: read(length), right: num(1), type: numberType }, right: offset, type: numberType } : offset;
          return present(position, [
            {
              kind: "expr",
              expr: {
                kind: "assign",
                target: { kind: "local", local: accumulator },
                value: l.coerce(call(read(f), [read(accumulator), arrayGet(read(a), position, element), position, read(a)].slice(0, fnType.params.length), fnType.returns), accumulatorType, node),
                type: accumulatorType,
              },
            },
          ]);
        }),
      );
      return seq(statements, read(accumulator));
    }
  }
  return undefined;
}

/** Appends `value` to `result` one level flattened (flat, flatMap): an array's elements, or the value itself. */
function appendFlattened(l: FunctionLowerer, result: Expr, value: Expr, node: ts.Node): Stmt[] {
  const element = (result.type as Extract<IrType, { kind: "array" }>).element;
  const statements: Stmt[] = [];
  const item = read(hold(l, value, statements, "item"));
  const arrays = membersOf(item.type).filter((m) => m.kind === "array");
  const others = membersOf(item.type).filter((m) => m.kind !== "array");
  const pushAll = (array: Expr): Stmt => ({ kind: "expr", expr: rt("array.pushAll", [result, l.coerce(array, result.type, node)], numberType) });
  const push = (one: Expr): Stmt => ({ kind: "expr", expr: rt("array.push", [result, l.coerce(one, element, node)], numberType) });
  if (arrays.length > 1) unsupported(node, `flattening ${displayType(item.type)}`, "flatten arrays of one element type");
  if (arrays.length === 0) return [...statements, push(item)];
  if (others.length === 0) return [...statements, pushAll(item)];
  const array = arrays[0]!;
  statements.push({ kind: "if", condition: { kind: "is", value: item, member: array, type: booleanType }, then: [pushAll(l.coerce(item, array, node))], otherwise: [push(l.coerce(item, unionOf(others), node))] });
  return statements;
}

/** The array type the context wants from `map`, when TypeScript's own result type does not fit it. */
function mappedContext(l: FunctionLowerer, node: ts.CallExpression, expected: IrType | undefined): Extract<IrType, { kind: "array" }> | undefined {
  const wanted = expected && membersOf(expected).find((m): m is Extract<IrType, { kind: "array" }> => m.kind === "array");
  if (!wanted || node.flags & ts.NodeFlags.OptionalChain) return undefined;
  try {
    return isSubtype(l.typeOf(node), wanted) ? undefined : wanted;
  } catch {
    return wanted;
  }
}

/** Array methods. */
function arrayMethod(l: FunctionLowerer, node: ts.CallExpression, method: string, array: Expr, expected?: IrType): Expr | undefined {
  const type = array.type as Extract<IrType, { kind: "array" }>;
  const element = type.element;
  const args = node.arguments;
  const withCallback = ["forEach", "map", "flatMap", "filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "reduce", "reduceRight"].includes(method);
  if (withCallback) return arrayCallbackMethod(l, node, method, array, expected);
  const optionalNumber = (index: number): Expr => optionalNumberArg(l, args[index]);
  switch (method) {
    case "push": {
      const statements: Stmt[] = [];
      const a = hold(l, array, statements, "array");
      const values = args.map((arg) => {
        if (ts.isSpreadElement(arg)) return { spread: l.spreadSource(arg.expression, element) };
        return l.coerce(l.expr(arg, element), element, arg);
      });
      // All arguments are evaluated before any is pushed.
      const held = values.map((v, i) => ("spread" in v ? { spread: read(hold(l, v.spread, statements, `spread${i}`)) } : read(hold(l, v, statements, `pushed${i}`))));
      for (const value of held) {
        statements.push({ kind: "expr", expr: "spread" in value ? rt("array.pushAll", [read(a), value.spread], numberType) : rt("array.push", [read(a), value], numberType) });
      }
      return seq(statements, arrayLength(read(a)));
    }
    case "pop":
    case "shift":
      return rt(`array.${method}`, [array], optionalOf(element));
    case "unshift": {
      if (args.some(ts.isSpreadElement)) {
        // unshift(...items) inserts all items at 0, as splice(0, 0, ...items) does.
        const statements: Stmt[] = [];
        const a = hold(l, array, statements, "array");
        const inserted: Expr = { kind: "arrayLiteral", elements: args.map((arg) => (ts.isSpreadElement(arg) ? { spread: l.spreadSource(arg.expression, element) } : l.coerce(l.expr(arg, element), element, arg))), type };
        statements.push({ kind: "expr", expr: rt("array.splice", [read(a), num(0), num(0), inserted], type) });
        return seq(statements, arrayLength(read(a)));
      }
      return rt("array.unshift", [array, ...args.map((a) => l.coerce(l.expr(a, element), element, a))], numberType);
    }
    case "at":
      return rt("array.at", [array, numberArg(l, args[0], 0)], optionalOf(element));
    case "slice":
      return rt("array.slice", [array, optionalNumber(0), optionalNumber(1)], type);
    case "splice": {
      const items = args.slice(2).map((a) => (ts.isSpreadElement(a) ? { spread: l.spreadSource(a.expression, element) } : l.coerce(l.expr(a, element), element, a)));
      const inserted: Expr = { kind: "arrayLiteral", elements: items, type };
      // splice() deletes nothing, splice(s) deletes the rest; an explicit undefined counts as 0 in both places.
      return rt("array.splice", [array, args[0] ? numberArg(l, args[0], 0) : undef, args[1] ? numberArg(l, args[1], 0) : undef, inserted], type);
    }
    case "concat": {
      const statements: Stmt[] = [];
      const a = hold(l, array, statements, "array");
      const arrayOf = (value: Expr, node: ts.Node) => (value.type.kind === "array" ? { spread: l.coerce(value, type, node) } : l.coerce(value, element, node));
      if (!args.some(ts.isSpreadElement)) {
        const parts = args.map((arg) => {
          // concat spreads arrays: an array literal argument is an array of the receiver's type.
          const value = l.expr(arg, ts.isArrayLiteralExpression(arg) ? type : undefined);
          return arrayOf(value, arg);
        });
        return seq(statements, { kind: "arrayLiteral", elements: [{ spread: read(a) }, ...parts], type });
      }
      // concat(...items): every argument is evaluated (a spread iterated) before any is appended;
      // each item that is an array contributes its elements.
      const held = args.map((arg, i) => {
        if (!ts.isSpreadElement(arg)) return { spread: false, local: hold(l, l.expr(arg, ts.isArrayLiteralExpression(arg) ? type : undefined), statements, `arg${i}`), node: arg as ts.Node };
        const items = l.iterated(arg.expression);
        const copy: Expr = { kind: "arrayLiteral", elements: [{ spread: items }], type: items.type };
        return { spread: true, local: hold(l, copy, statements, `spread${i}`), node: arg as ts.Node };
      });
      const result = hold(l, { kind: "arrayLiteral", elements: [{ spread: read(a) }], type }, statements, "concatenated");
      const append = (value: Expr, node: ts.Node): Stmt => {
        const part = arrayOf(value, node);
        return { kind: "expr", expr: "spread" in part ? rt("array.pushAll", [read(result), part.spread], numberType) : rt("array.push", [read(result), part], numberType) };
      };
      for (const part of held) {
        if (!part.spread) statements.push(append(read(part.local), part.node));
        else {
          const itemType = (part.local.type as Extract<IrType, { kind: "array" }>).element;
          statements.push(indexLoop(l, arrayLength(read(part.local)), (i) => [append(arrayGet(read(part.local), i, itemType), part.node)]));
        }
      }
      return seq(statements, read(result));
    }
    case "flat": {
      const depth = args[0];
      if (depth && !(ts.isNumericLiteral(depth) && depth.text === "1")) unsupported(depth, "flat() with a depth other than 1", "call flat() once per level");
      const resultType = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
      const statements: Stmt[] = [];
      const source = hold(l, array, statements, "array");
      const result = hold(l, rt("array.new", [num(0)], resultType), statements, "flattened");
      statements.push(indexLoop(l, arrayLength(read(source)), (i) => appendFlattened(l, read(result), arrayGet(read(source), i, element), node)));
      return seq(statements, read(result));
    }
    case "reverse":
      return rt("array.reverse", [array], type);
    case "toReversed":
    case "toSorted":
    case "toSpliced":
    case "with":
      return copyingMethod(l, node, method, array);
    case "fill":
      return rt("array.fill", [array, l.coerce(l.expr(args[0]!, element), element, args[0]!), optionalNumber(1), optionalNumber(2)], type);
    case "join": {
      const separator = args[0] ? l.coerce(l.expr(args[0]), optionalOf(stringType), args[0]) : undef;
      return rt("array.join", [array, separator], stringType);
    }
    case "toString":
      return rt("array.join", [array, undef], stringType);
    case "includes":
    case "indexOf":
    case "lastIndexOf": {
      const statements: Stmt[] = [];
      const a = hold(l, array, statements, "array");
      const searched = args[0] ? l.expr(args[0], element) : undef;
      const target = hold(l, isSubtype(searched.type, element) ? l.coerce(searched, element, node) : searched, statements, "searched");
      const from = args[1] ? numberArg(l, args[1], 0) : method === "lastIndexOf" ? num(Infinity) : num(0);
      return seq(statements, rt(`array.${method}`, [read(a), read(target), from], method === "includes" ? booleanType : numberType));
    }
    case "sort": {
      if (args[0]) {
        const { value: comparator } = callbackArg(l, node, 0);
        const wanted: FunctionType = { kind: "function", params: [element, element], returns: numberType };
        return rt("array.sort", [array, l.coerce(comparator, wanted, args[0])], type);
      }
      return rt("array.sortDefault", [array], type);
    }
    case "keys":
    case "values":
    case "entries":
      unsupported(node, `array.${method}() outside for...of`, "iterate the array directly, or with an index");
  }
  return undefined;
}

/**
 * ES2023's copying methods: the arguments are evaluated first, then a copy of the array is changed
 * as reverse, sort, splice or an element assignment would change it, and returned.
 */
function copyingMethod(l: FunctionLowerer, node: ts.CallExpression, method: string, array: Expr): Expr {
  const type = array.type as Extract<IrType, { kind: "array" }>;
  const element = type.element;
  const args = node.arguments;
  const statements: Stmt[] = [];
  const a = hold(l, array, statements, "array");
  // Absent arguments stay literal undefined (the runtime operations tell absent from given).
  const held = (value: Expr, name: string): Expr => (value.kind === "undefined" ? value : read(hold(l, value, statements, name)));
  let change: (copy: Expr) => Expr;
  switch (method) {
    case "toReversed":
      change = (copy) => rt("array.reverse", [copy], type);
      break;
    case "toSorted": {
      if (!args[0]) {
        change = (copy) => rt("array.sortDefault", [copy], type);
        break;
      }
      const { value: comparator } = callbackArg(l, node, 0);
      const compare = held(l.coerce(comparator, { kind: "function", params: [element, element], returns: numberType }, args[0]), "comparator");
      change = (copy) => rt("array.sort", [copy, compare], type);
      break;
    }
    case "toSpliced": {
      const start = held(args[0] ? numberArg(l, args[0], 0) : undef, "start");
      const count = held(args[1] ? numberArg(l, args[1], 0) : undef, "count");
      const items = args.slice(2).map((arg) => (ts.isSpreadElement(arg) ? { spread: l.spreadSource(arg.expression, element) } : l.coerce(l.expr(arg, element), element, arg)));
      const inserted = held({ kind: "arrayLiteral", elements: items, type }, "inserted");
      change = (copy) => rt("array.splice", [copy, start, count, inserted], type);
      break;
    }
    default: {
      const index = held(numberArg(l, args[0], 0), "index");
      const value = held(args[1] ? l.coerce(l.expr(args[1], element), element, args[1]) : l.coerce(undef, element, node), "value");
      change = (copy) => rt("array.with", [copy, index, value], type);
    }
  }
  const copy = hold(l, rt("array.slice", [read(a), undef, undef], type), statements, "copy");
  statements.push({ kind: "expr", expr: change(read(copy)) });
  return seq(statements, read(copy));
}

function stringMethod(l: FunctionLowerer, node: ts.CallExpression, method: string, s: Expr): Expr | undefined {
  const args = node.arguments;
  const stringArg = (i: number): Expr => (args[i] ? l.coerce(l.expr(args[i]!), stringType, args[i]!) : str("undefined"));
  const optionalNumber = (i: number): Expr => optionalNumberArg(l, args[i]);
  const regexpArg = (i: number): Expr | undefined => {
    const arg = args[i];
    if (!arg) return undefined;
    const value = l.expr(arg);
    return value.type.kind === "regexp" ? value : undefined;
  };
  switch (method) {
    case "charAt":
      return rt("string.charAt", [s, numberArg(l, args[0], 0)], stringType);
    case "charCodeAt":
      return rt("string.charCodeAt", [s, numberArg(l, args[0], 0)], numberType);
    case "codePointAt":
      return rt("string.codePointAt", [s, numberArg(l, args[0], 0)], optionalOf(numberType));
    case "at":
      return rt("string.at", [s, numberArg(l, args[0], 0)], optionalOf(stringType));
    case "indexOf":
      return rt("string.indexOf", [s, stringArg(0), numberArg(l, args[1], 0)], numberType);
    case "lastIndexOf":
      return rt("string.lastIndexOf", [s, stringArg(0), numberArg(l, args[1], NaN)], numberType);
    case "includes":
    case "startsWith":
      if (regexpArg(0)) unsupported(node, `${method} with a RegExp`, "use regexp.test(string)");
      return rt(`string.${method}`, [s, stringArg(0), numberArg(l, args[1], 0)], booleanType);
    case "endsWith":
      return rt("string.endsWith", [s, stringArg(0), optionalNumber(1)], booleanType);
    case "slice":
    case "substring":
      return rt(`string.${method}`, [s, numberArg(l, args[0], 0), optionalNumber(1)], stringType);
    case "toLowerCase":
    case "toUpperCase":
    case "trim":
    case "trimStart":
    case "trimEnd":
    case "toLocaleLowerCase":
    case "toLocaleUpperCase":
      if (method.startsWith("toLocale")) unsupported(node, method, "use toLowerCase/toUpperCase (locale-independent)");
      return rt(`string.${method}`, [s], stringType);
    case "padStart":
    case "padEnd":
      return rt(`string.${method}`, [s, numberArg(l, args[0], 0), args[1] ? l.coerce(l.expr(args[1]), optionalOf(stringType), args[1]) : undef], stringType);
    case "repeat":
      return rt("string.repeat", [s, numberArg(l, args[0], 0)], stringType);
    case "concat":
      return rt("string.build", [s, ...args.map((a) => toStringExpr(l, l.expr(a), a))], stringType);
    case "toString":
    case "valueOf":
      return s;
    case "split": {
      const regexp = regexpArg(0);
      if (regexp) return rt("string.splitRegexp", [s, regexp, optionalNumber(1)], { kind: "array", element: stringType });
      const separator = args[0] ? l.coerce(l.expr(args[0]), optionalOf(stringType), args[0]) : undef;
      return rt("string.split", [s, separator, optionalNumber(1)], { kind: "array", element: stringType });
    }
    case "replace":
    case "replaceAll": {
      const pattern = l.expr(args[0]!);
      const replacementNode = args[1]!;
      const replacementType = l.typeOf(replacementNode);
      if (pattern.type.kind === "regexp") {
        if (replacementType.kind === "function") {
          const groupCount = checkReplacer(l, args[0]!, replacementNode, replacementType);
          const fn = l.coerce(l.expr(replacementNode, replacementType), replacementType, replacementNode);
          return rt(`string.${method}RegexpFn`, [s, pattern, fn, num(groupCount)], stringType);
        }
        return rt(`string.${method}Regexp`, [s, pattern, l.coerce(l.expr(replacementNode), stringType, replacementNode)], stringType);
      }
      const patternString = l.coerce(pattern, stringType, args[0]!);
      if (replacementType.kind === "function") {
        const wanted: FunctionType = { kind: "function", params: [stringType, numberType, stringType], returns: stringType };
        const fn = l.expr(replacementNode, wanted);
        return rt(`string.${method}Fn`, [s, patternString, l.coerce(fn, wanted, replacementNode)], stringType);
      }
      return rt(`string.${method}`, [s, patternString, l.coerce(l.expr(replacementNode), stringType, replacementNode)], stringType);
    }
    case "match": {
      const regexp = regexpArg(0);
      if (!regexp) unsupported(node, "match with a string pattern", "pass a regular expression literal");
      return rt("string.match", [s, regexp], matchOrNull);
    }
    case "search": {
      const regexp = regexpArg(0);
      if (!regexp) unsupported(node, "search with a string pattern", "pass a regular expression literal");
      return rt("string.search", [s, regexp], numberType);
    }
    case "localeCompare":
    case "normalize":
    case "matchAll":
      unsupported(node, `string.${method}`, "see docs/language.md for the supported string methods");
  }
  return undefined;
}

/**
 * A replacer function for a RegExp receives (match, p1..pn, offset, input[, groups]): what each
 * parameter gets depends on the literal's group count, so its parameters are checked against it.
 * Returns the group count.
 */
function checkReplacer(l: FunctionLowerer, patternNode: ts.Expression, replacerNode: ts.Expression, type: FunctionType): number {
  const reject = (message: string, hint: string): never => {
    throw new LoweringError(replacerNode, "TSE2043", message, hint);
  };
  const literal = l.regexLiteralOf(patternNode);
  if (!literal) {
    if (type.params.length <= 1) return 0;
    reject("a replacer function with parameters after the match needs the regular expression literal at the call", "pass the literal (or a const holding it) to replace, so its groups are known");
  }
  const regex = l.regexInfo(literal!);
  const n = regex.groups.length;
  const isString = (t: IrType) => t.kind === "string";
  const isOptionalString = (t: IrType) => isString(t) || (t.kind === "union" && t.members.every((m) => m.kind === "string" || m.kind === "undefined"));
  type.params.forEach((param, i) => {
    const what = i === 0 ? "the matched text" : i <= n ? `capture group ${i}` : i === n + 1 ? "the match's offset" : i === n + 2 ? "the input string" : "the named groups object";
    if (i > n + 2) reject(`replacer parameter ${i + 1} would receive ${what}, which is not supported`, `declare at most ${n + 3} parameters: (match, ${n > 0 ? "p1..pn, " : ""}offset, input)`);
    if (i === 0 || i === n + 2) {
      if (!isString(param)) reject(`replacer parameter ${i + 1} receives ${what}, a string, but is declared ${displayType(param)}`, "declare it `string`");
    } else if (i === n + 1) {
      if (param.kind !== "number") reject(`replacer parameter ${i + 1} receives ${what}, a number, but is declared ${displayType(param)}`, `the regular expression has ${n} capture group${n === 1 ? "" : "s"}; declare it \`number\``);
    } else if (!isOptionalString(param)) {
      reject(`replacer parameter ${i + 1} receives ${what}, a string or undefined, but is declared ${displayType(param)}`, `the regular expression has ${n} capture group${n === 1 ? "" : "s"}; declare it \`string | undefined\``);
    } else if (isString(param) && !regex.groups[i - 1]!.alwaysSet) {
      reject(`capture group ${i} may not take part in a match, so replacer parameter ${i + 1} can be undefined`, "declare it `string | undefined`");
    }
  });
  return n;
}

function mapMethod(l: FunctionLowerer, node: ts.CallExpression, method: string, map: Expr): Expr | undefined {
  const type = map.type as Extract<IrType, { kind: "map" | "set" }>;
  const args = node.arguments;
  const keyType = type.kind === "map" ? type.key : type.element;
  const key = () => l.coerce(l.expr(args[0]!, keyType), keyType, args[0]!);
  switch (method) {
    case "get":
      if (type.kind !== "map") return undefined;
      return rt("map.get", [map, key()], optionalOf(type.value));
    case "set": {
      if (type.kind !== "map") return undefined;
      const statements: Stmt[] = [];
      const m = hold(l, map, statements, "map");
      const k = hold(l, key(), statements, "key");
      const v = hold(l, l.coerce(l.expr(args[1]!, type.value), type.value, args[1]!), statements, "value");
      statements.push({ kind: "expr", expr: rt("map.set", [read(m), read(k), read(v)], undefinedType) });
      return seq(statements, read(m));
    }
    case "add": {
      if (type.kind !== "set") return undefined;
      const statements: Stmt[] = [];
      const m = hold(l, map, statements, "set");
      statements.push({ kind: "expr", expr: rt("map.set", [read(m), key(), undef], undefinedType) });
      return seq(statements, read(m));
    }
    case "has":
      return rt("map.has", [map, key()], booleanType);
    case "delete":
      return rt("map.delete", [map, key()], booleanType);
    case "clear":
      return rt("map.clear", [map], undefinedType);
    case "forEach": {
      const statements: Stmt[] = [];
      const m = hold(l, map, statements, "map");
      const { value: callback } = callbackArg(l, node, 0);
      const f = hold(l, callback, statements, "callback");
      const fnType = f.type as FunctionType;
      const valueType = type.kind === "map" ? type.value : type.element;
      const entry = l.temp(l.host.types.tupleOf([keyType, valueType]), "entry");
      const layout = (entry.type as Extract<IrType, { kind: "object" }>).layout;
      const part = (i: number, type: IrType): Expr => ({ kind: "field", object: read(entry), layout, field: layout.fields[i]!, type });
      const label = l.newLabel();
      statements.push({
        kind: "forOfCollection",
        label,
        source: read(m),
        what: "entries",
        element: entry,
        body: [
          {
            kind: "expr",
            expr: call(
              read(f),
              [part(1, valueType), part(0, keyType), read(m)].slice(0, fnType.params.length),
              fnType.returns,
            ),
          },
        ],
      });
      return seq(statements, undef);
    }
    case "keys":
    case "values":
    case "entries":
      unsupported(node, `${method}() outside for...of, spread or Array.from`, `iterate it directly: for (const x of m.${method}())`);
  }
  return undefined;
}

/** Calls on values of library types, and static library functions (`name` = "Math.max"). */
export function lowerBuiltinCall(l: FunctionLowerer, node: ts.CallExpression, name: string, receiver: Expr | undefined, expected?: IrType): Expr | undefined {
  if (receiver) {
    if (receiver.type.kind === "object" && receiver.type.layout.kind === "tuple" && (name === "join" || name === "toString")) {
      // Tuples are arrays in JavaScript; only their string form is offered here.
      const separator = name === "join" && node.arguments[0] ? l.coerce(l.expr(node.arguments[0]), optionalOf(stringType), node.arguments[0]) : undef;
      return rt("tuple.join", [receiver, separator], stringType);
    }
    switch (receiver.type.kind) {
      case "array":
        return arrayMethod(l, node, name, receiver, expected);
      case "string":
        return stringMethod(l, node, name, receiver);
      case "number":
        if (name === "toFixed") return rt("number.toFixed", [receiver, numberArg(l, node.arguments[0], 0)], stringType);
        if (name === "toString") return node.arguments[0] ? rt("number.toStringRadix", [receiver, numberArg(l, node.arguments[0], 10)], stringType) : rt("number.toString", [receiver], stringType);
        if (name === "toPrecision") return rt("number.toPrecision", [receiver, optionalNumberArg(l, node.arguments[0])], stringType);
        if (name === "toExponential") return rt("number.toExponential", [receiver, optionalNumberArg(l, node.arguments[0])], stringType);
        if (name === "valueOf") return receiver;
        return undefined;
      case "boolean":
        if (name === "toString") return rt("boolean.toString", [receiver], stringType);
        if (name === "valueOf") return receiver;
        return undefined;
      case "map":
      case "set":
        return mapMethod(l, node, name, receiver);
      case "error":
        if (name === "toString") return rt("value.toString", [receiver], stringType);
        return undefined;
      case "regexpMatch":
        // TypeScript types the elements string; unmatched groups are undefined. join prints those
        // as ""; other methods get the array only when no element is undefined (TypeError otherwise).
        if (name === "join" || name === "toString") {
          return arrayMethod(l, node, name, { kind: "convert", value: receiver, type: { kind: "array", element: optionalOf(stringType) }, checked: false });
        }
        return arrayMethod(l, node, name, rt("regexpMatch.strings", [receiver], { kind: "array", element: stringType }));
      case "regexp":
        if (name === "test") return rt("regexp.test", [receiver, l.coerce(l.expr(node.arguments[0]!), stringType, node.arguments[0]!)], booleanType);
        if (name === "exec") return rt("regexp.exec", [receiver, l.coerce(l.expr(node.arguments[0]!), stringType, node.arguments[0]!)], matchOrNull);
        return undefined;
      case "function":
        if (["call", "apply", "bind"].includes(name)) unsupported(node, `function.${name}`, "call the function directly");
        return undefined;
      default:
        return undefined;
    }
  }
  const args = node.arguments;
  const first = (): Expr => l.expr(args[0]!);
  // Variadic numbers: the arguments, or with a spread among them one number[] of them all.
  const numbers = (): Expr[] => {
    const list = args.map((a) => (ts.isSpreadElement(a) ? { spread: l.spreadSource(a.expression, numberType) } : l.coerce(l.expr(a), numberType, a)));
    return args.some(ts.isSpreadElement) ? [{ kind: "arrayLiteral", elements: list, type: { kind: "array", element: numberType } }] : (list as Expr[]);
  };
  if (name.startsWith("Math.")) {
    const fn = name.slice(5);
    // Math functions of one number: the runtime-op table has each (with its C function).
    const unary = runtimeOp(`math.${fn}`);
    if (unary && unary.pure && unary.params.length === 1) return rt(`math.${fn}`, [numberArg(l, args[0], NaN)], numberType);
    if (fn === "max" || fn === "min" || fn === "hypot") return rt(`math.${fn}`, numbers(), numberType);
    if (fn === "pow") return { kind: "binary", op: "**", left: numberArg(l, args[0], NaN), right: numberArg(l, args[1], NaN), type: numberType };
    if (fn === "atan2" || fn === "imul") return rt(`math.${fn}`, [numberArg(l, args[0], NaN), numberArg(l, args[1], NaN)], numberType);
    if (fn === "random") return rt("math.random", [], numberType);
    return undefined;
  }
  switch (name) {
    case "String":
      return args[0] ? toStringExpr(l, first(), args[0]) : str("");
    case "Number":
      return args[0] ? toNumberExpr(l, first(), args[0]) : num(0);
    case "Boolean":
      return args[0] ? l.truthy(first()) : bool(false);
    case "parseInt":
    case "Number.parseInt":
      return rt("parseInt", [toStringExpr(l, first(), args[0]!), args[1] ? numberArg(l, args[1], NaN) : num(NaN)], numberType);
    case "parseFloat":
    case "Number.parseFloat":
      return rt("parseFloat", [toStringExpr(l, first(), args[0]!)], numberType);
    case "isNaN":
    case "isFinite":
      return rt(`number.${name}`, [toNumberExpr(l, first(), args[0]!)], booleanType);
    case "Number.isNaN":
    case "Number.isFinite":
    case "Number.isInteger":
    case "Number.isSafeInteger": {
      const value = first();
      if (value.type.kind !== "number") return seq([{ kind: "expr", expr: value }], bool(false));
      return rt(`number.${name.slice(7)}`, [value], booleanType);
    }
    case "String.fromCharCode":
    case "String.fromCodePoint":
      return rt(`string.${name.slice(7)}`, numbers(), stringType);
    case "Array.isArray": {
      const value = first();
      return { kind: "is", value, member: { kind: "array", element: undefinedType }, type: booleanType };
    }
    case "Array.from": {
      const source = args[0]!;
      const resultType = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
      if (args[1]) {
        const array = l.iterated(source);
        const statements: Stmt[] = [];
        const held = hold(l, array, statements, "source");
        const mapped = arrayMethodMap(l, node, read(held), resultType);
        return seq(statements, mapped);
      }
      return { kind: "arrayLiteral", elements: [{ spread: l.spreadSource(source, resultType.element) }], type: resultType };
    }
    case "Array.of":
      return undefined;
    case "JSON.stringify": {
      if (args[1] && args[1].kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isIdentifier(args[1]) && args[1].text === "undefined")) unsupported(args[1], "a JSON.stringify replacer", "build the object you want to print");
      const value = first();
      const space = args[2] ? l.expr(args[2]) : undef;
      if (space.type.kind !== "number" && space.type.kind !== "string" && space.type.kind !== "undefined") unsupported(args[2]!, "this JSON.stringify space", "pass a number or a string");
      // undefined (and functions) stringify to undefined, whatever TypeScript's declaration says.
      const mayBeUndefined = membersOf(value.type).some((m) => m.kind === "undefined" || m.kind === "void" || m.kind === "function");
      return rt("json.stringify", [value, space], mayBeUndefined ? optionalOf(stringType) : stringType);
    }
    case "JSON.parse": {
      const target = expected && expected.kind !== "void" ? expected : undefined;
      if (!target || target.kind === "union" && membersOf(target).every((m) => isNullish(m))) {
        unsupported(node, "JSON.parse without a declared result type", "declare it: const value: MyType = JSON.parse(text)");
      }
      checkConfigType(target, node, false, "JSON.parse result");
      const literals = jsonParseLiterals(l, node, target);
      l.host.recordJsonParse(node, target, literals);
      return { kind: "runtime", op: "json.parse", args: [l.coerce(first(), stringType, args[0]!)], type: target, ...(literals ? { literals } : {}) };
    }
    case "Object.keys":
      return rt("object.keys", [first()], { kind: "array", element: stringType });
    case "Object.values":
    case "Object.entries":
      return objectValues(l, node, name === "Object.entries");
  }
  void unionOf;
  return undefined;
}

/** The literal checks of JSON.parse's result: from the type TypeScript expects there. */
function jsonParseLiterals(l: FunctionLowerer, node: ts.CallExpression, target: IrType): LiteralCheck[] | undefined {
  const declared = l.checker.getContextualType(node);
  if (!declared || !sameType(l.mapType(declared, node), target)) {
    unsupported(node, "JSON.parse whose result type TypeScript does not know here", "declare it: const value: MyType = JSON.parse(text)");
  }
  return literalChecks(declared, target, l.checker, node, "JSON.parse result", expectedTypeNode(node));
}

/**
 * `Object.values(record)` / `Object.entries(record)`: the properties the record has, in its order
 * (as Object.keys), each value converted to the element type TypeScript gives the result.
 */
function objectValues(l: FunctionLowerer, node: ts.CallExpression, entries: boolean): Expr {
  const method = entries ? "Object.entries" : "Object.values";
  const argument = node.arguments[0]!;
  const declared = l.checker.getTypeAtLocation(node);
  const [item] = l.checker.getTypeArguments(declared as ts.TypeReference);
  const valueType = item && entries ? l.checker.getTypeArguments(item as ts.TypeReference)[1] : item;
  if (!valueType || valueType.getFlags() & ts.TypeFlags.Any) {
    unsupported(node, `${method} of ${l.checker.typeToString(l.checker.getTypeAtLocation(argument))}, whose values TypeScript types as any`, "declare the object with a type alias of an object type (type Limits = { rps: number; burst: number }), whose values TypeScript can type, or use a Map");
  }
  const resultType = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
  const statements: Stmt[] = [];
  const source = hold(l, l.expr(argument), statements, "record");
  const type = source.type;
  if (type.kind !== "object" || type.layout.kind !== "record") unsupported(argument, `${method} of ${displayType(type)}`, "pass an object of an interface or object type");
  const layout = type.layout;
  requireOwnLayout(l, layout, argument, `${method} of`, false);
  const element = resultType.element;
  const pair = entries && element.kind === "object" ? element.layout : undefined;
  const value = (field: Field): Expr => {
    let current: Expr = { kind: "field", object: read(source), layout, field, type: field.type };
    // TypeScript types an optional property's value without undefined here: a present undefined is checked.
    const wanted = pair ? pair.fields[1]!.type : element;
    if (field.optional && !isSubtype(undefinedType, wanted)) current = { kind: "convert", value: current, type: nonNullish(field.type), checked: true };
    if (!pair) return l.coerce(current, element, node);
    return { kind: "objectLiteral", layout: pair, fields: [{ field: pair.fields[0]!, value: str(field.name) }, { field: pair.fields[1]!, value: l.coerce(current, pair.fields[1]!.type, node) }], keys: [], type: element };
  };
  const result = hold(l, rt("array.new", [num(0)], resultType), statements, entries ? "entries" : "values");
  const index = l.temp(numberType, "key");
  const label = l.newLabel();
  const cases = layout.fields.map((field, i) => ({
    test: { kind: "binary", op: "===", left: read(index), right: num(i), type: booleanType } as Expr,
    body: [{ kind: "expr", expr: rt("array.push", [read(result), value(field)], numberType) } as Stmt, { kind: "break", label } as Stmt],
  }));
  statements.push(
    indexLoop(l, rt("object.keyCount", [read(source)], numberType), (i) => [
      { kind: "let", local: index, init: rt("object.keyAt", [read(source), i], numberType) },
      { kind: "switch", label, discriminant: read(index), cases },
    ]),
  );
  return seq(statements, read(result));
}

/**
 * A new array of `element` holding the elements of `source` converted one by one: spreading a
 * `string[]` into a `(string | number)[]`, whose elements have another representation.
 */
export function convertedCopy(l: FunctionLowerer, source: Expr, element: IrType, node: ts.Node): Expr {
  const sourceElement = (source.type as Extract<IrType, { kind: "array" }>).element;
  const resultType: IrType = { kind: "array", element };
  const statements: Stmt[] = [];
  const a = hold(l, source, statements, "source");
  const result = hold(l, rt("array.new", [arrayLength(read(a))], resultType), statements, "copy");
  statements.push(indexLoop(l, arrayLength(read(a)), (i) => [{ kind: "expr", expr: rt("array.push", [read(result), l.coerce(arrayGet(read(a), i, sourceElement), element, node)], numberType) }]));
  return seq(statements, read(result));
}

/** `Array.from(source, mapFn)`: map over the collected elements. */
function arrayMethodMap(l: FunctionLowerer, node: ts.CallExpression, source: Expr, resultType: Extract<IrType, { kind: "array" }>): Expr {
  const statements: Stmt[] = [];
  const { value: callback } = callbackArg(l, node, 1);
  const f = hold(l, callback, statements, "callback");
  const fnType = f.type as FunctionType;
  const length = hold(l, arrayLength(source), statements, "length");
  const result = hold(l, rt("array.new", [read(length)], resultType), statements, "mapped");
  const element = (source.type as Extract<IrType, { kind: "array" }>).element;
  statements.push(indexLoop(l, read(length), (i) => [{ kind: "expr", expr: rt("array.push", [read(result), l.coerce(call(read(f), [arrayGet(source, i, element), i].slice(0, fnType.params.length), fnType.returns), resultType.element, node)], numberType) }]));
  return seq(statements, read(result));
}

/** `new Map(...)`, `new Set(...)`, `new RegExp` (rejected), `new Array` (rejected). */
export function lowerBuiltinNew(l: FunctionLowerer, node: ts.NewExpression, name: string, expected?: IrType): Expr | undefined {
  const args = node.arguments ?? [];
  if (name === "Map" || name === "Set") {
    // `const m: Map<K, V> = new Map()`: the declared type gives what TypeScript leaves as any.
    const kind = name === "Map" ? "map" : "set";
    const type = (expected && membersOf(expected).find((m) => m.kind === kind)) ?? l.typeOf(node);
    const statements: Stmt[] = [];
    const created = hold(l, rt("map.new", [], type), statements, name === "Map" ? "map" : "set");
    if (args[0]) {
      const source = args[0];
      const elementType = type.kind === "map" ? l.host.types.tupleOf([type.key, type.value]) : (type as Extract<IrType, { kind: "set" }>).element;
      const array = hold(l, l.spreadSource(source, elementType), statements, "entries");
      statements.push(
        indexLoop(l, arrayLength(read(array)), (i) => {
          const item = arrayGet(read(array), i, elementType);
          if (type.kind === "map") {
            const pair = l.temp(elementType, "pair");
            const layout = (elementType as Extract<IrType, { kind: "object" }>).layout;
            return [
              { kind: "let", local: pair, init: item },
              { kind: "expr", expr: rt("map.set", [read(created), { kind: "field", object: read(pair), layout, field: layout.fields[0]!, type: type.key }, { kind: "field", object: read(pair), layout, field: layout.fields[1]!, type: type.value }], undefinedType) },
            ];
          }
          return [{ kind: "expr", expr: rt("map.set", [read(created), item, undef], undefinedType) }];
        }),
      );
    }
    return seq(statements, read(created));
  }
  if (name === "Array") {
    if (args.length === 0) {
      const type = expected && membersOf(expected).find((m) => m.kind === "array");
      return { kind: "arrayLiteral", elements: [], type: type ?? l.typeOf(node) };
    }
    unsupported(node, "new Array(...) with arguments", "compiled arrays cannot have holes: write an array literal ([] or [a, b]) and push in a loop");
  }
  if (name === "RegExp") unsupported(node, "new RegExp(...)", "use a regular expression literal, compiled at build time");
  if (name === "Date") unsupported(node, "Date", "use the request's attributes (AttributeId.RequestTime) for timestamps");
  void errorType;
  return undefined;
}
