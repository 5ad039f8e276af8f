/**
 * Array methods (Array.prototype.*, with their callbacks' exact order of effects), Array.isArray,
 * Array.from, and a tuple's join/toString.
 */
import { ts } from "../../ts-morph.js";
import { booleanType, displayType, Expr, IrType, isSubtype, membersOf, numberType, optionalOf, sameType, Stmt, stringType, undefinedType, unionOf } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { arrayGet, arrayLength, bool, call, callbackArg, FunctionType, hold, indexLoop, lessThan, num, numberArg, optionalNumberArg, read, rt, seq, str, undef } from "./common.js";

/**
 * Array methods taking a callback: the callback runs on each index below the length at the start
 * that is still below the current length (JavaScript skips the indices a callback removed).
 */
function arrayCallbackMethod(l: LowerContext, node: ts.CallExpression, method: string, array: Expr, expected?: IrType): Expr | undefined {
  const type = array.type as Extract<IrType, { kind: "array" }>;
  const element = type.element;
  const statements: Stmt[] = [];
  const a = hold(l, array, statements, "array");
  // `const rs: Rec[] = xs.map((x) => ({ ... }))`: the context types what the callback returns.
  const mapContext = method === "map" ? mappedContext(l, node, expected) : undefined;
  // flatMap's callback is declared to return U | U[]: its own return type says which it returns.
  const flatReturn = method === "flatMap" && node.arguments[0] ? (l.typeOf(node.arguments[0]) as FunctionType).returns : undefined;
  const { value: callback } = callbackArg(l, node, 0, mapContext?.element ?? flatReturn);
  // A closure made here (an arrow literal) is only called by the loops below: no arena object.
  const f = hold(l, callback.kind === "closure" ? { ...callback, stack: true } : callback, statements, "callback");
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
function appendFlattened(l: LowerContext, result: Expr, value: Expr, node: ts.Node): Stmt[] {
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
function mappedContext(l: LowerContext, node: ts.CallExpression, expected: IrType | undefined): Extract<IrType, { kind: "array" }> | undefined {
  const wanted = expected && membersOf(expected).find((m): m is Extract<IrType, { kind: "array" }> => m.kind === "array");
  if (!wanted || node.flags & ts.NodeFlags.OptionalChain) return undefined;
  try {
    return isSubtype(l.typeOf(node), wanted) ? undefined : wanted;
  } catch {
    return wanted;
  }
}

/** Array methods. */
export function arrayMethod(l: LowerContext, node: ts.CallExpression, method: string, array: Expr, expected?: IrType): Expr | undefined {
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
function copyingMethod(l: LowerContext, node: ts.CallExpression, method: string, array: Expr): Expr {
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

/** `Array.from(source, mapFn)`: map over the collected elements. */
function arrayMethodMap(l: LowerContext, node: ts.CallExpression, source: Expr, resultType: Extract<IrType, { kind: "array" }>): Expr {
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

const MAX_ARRAY_LENGTH = 4294967295;
const and = (left: Expr, right: Expr): Expr => ({ kind: "logical", op: "&&", left, right, type: booleanType });
const compare = (op: "<=" | ">=" | "===", left: Expr, right: Expr): Expr => ({ kind: "binary", op, left, right, type: booleanType });
const invalidLength = (condition: Expr): Stmt => ({ kind: "if", condition, then: [], otherwise: [{ kind: "expr", expr: rt("throw.RangeError", [str("Invalid array length")], undefinedType) }] });

/** `length` copies of `value` (both held in locals), as a new array of `type`. */
function repeated(l: LowerContext, statements: Stmt[], length: Expr, value: (i: Expr) => Expr, type: Extract<IrType, { kind: "array" }>, node: ts.Node): Expr {
  const result = hold(l, rt("array.new", [num(0)], type), statements, "made");
  statements.push(indexLoop(l, length, (i) => [{ kind: "expr", expr: rt("array.push", [read(result), l.coerce(value(i), type.element, node)], numberType) }]));
  return seq(statements, read(result));
}

/**
 * `Array.from({ length: n }, (_, i) => f(i))`: the length converted as ToLength (NaN and negatives
 * are 0), past 2^32 - 1 `RangeError: Invalid array length`; the callback gets undefined and the index.
 */
function arrayFromLength(l: LowerContext, node: ts.CallExpression, source: ts.ObjectLiteralExpression): Expr {
  const [property] = source.properties;
  if (source.properties.length !== 1 || !property || !ts.isPropertyAssignment(property) || property.name.getText() !== "length") {
    unsupported(source, "Array.from of an array-like object", "Array.from({ length: n }, (_, i) => ...) with only `length`, or an array");
  }
  const callback = node.arguments[1];
  if (!callback) unsupported(node, "Array.from({ length }) without a function", "pass one: Array.from({ length: n }, () => value), or new Array(n).fill(value)");
  const type = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
  const statements: Stmt[] = [];
  const n = hold(l, l.coerce(l.expr(property.initializer, numberType), numberType, property.initializer), statements, "length");
  const positive = compare(">=", read(n), num(0));
  const length = hold(l, { kind: "conditional", condition: positive, whenTrue: rt("math.trunc", [read(n)], numberType), whenFalse: num(0), type: numberType }, statements, "count");
  statements.push(invalidLength(compare("<=", read(length), num(MAX_ARRAY_LENGTH))));
  const fnType: FunctionType = { kind: "function", params: [undefinedType, numberType], returns: type.element };
  const f = hold(l, l.coerce(l.expr(callback, fnType), fnType, callback), statements, "callback");
  const own = f.type as FunctionType;
  return repeated(l, statements, read(length), (i) => call(read(f), [undef, i].slice(0, own.params.length), own.returns), type, node);
}

/**
 * `new Array(n).fill(value)`: n must be a valid length (`RangeError: Invalid array length`, as
 * `new Array(-1)`); filled whole, the array has no holes. Undefined for any other use of `new Array(n)`.
 */
export function newArrayFilled(l: LowerContext, node: ts.CallExpression, expected: IrType | undefined): Expr | undefined {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "fill" || !ts.isNewExpression(callee.expression)) return undefined;
  const made = callee.expression;
  if (!ts.isIdentifier(made.expression) || made.expression.text !== "Array" || !l.isGlobal(made.expression) || made.arguments?.length !== 1) return undefined;
  if (node.arguments.length !== 1) unsupported(node, "fill with a range on new Array(n)", "fill the whole array: new Array(n).fill(value) (compiled arrays cannot hold holes)");
  const given = made.typeArguments?.[0] ? l.mapType(l.checker.getTypeFromTypeNode(made.typeArguments[0]), made) : undefined;
  const context = expected && (membersOf(expected).find((m) => m.kind === "array") as Extract<IrType, { kind: "array" }> | undefined);
  const value = node.arguments[0]!;
  const element = given ?? context?.element ?? l.mapType(l.checker.getBaseTypeOfLiteralType(l.checker.getTypeAtLocation(value)), value);
  const type: Extract<IrType, { kind: "array" }> = { kind: "array", element };
  const statements: Stmt[] = [];
  const lengthNode = made.arguments[0]!;
  const n = hold(l, l.expr(lengthNode, numberType), statements, "length");
  if (n.type.kind !== "number") unsupported(lengthNode, "new Array(x) of a value that is not a number", "write an array literal: [x]");
  statements.push(invalidLength(and(and(compare(">=", read(n), num(0)), compare("<=", read(n), num(MAX_ARRAY_LENGTH))), compare("===", rt("math.trunc", [read(n)], numberType), read(n)))));
  const filled = hold(l, l.coerce(l.expr(value, element), element, value), statements, "value");
  return repeated(l, statements, read(n), () => read(filled), type, node);
}

/** Every Array.prototype method lowered here; arrayMethod picks the lowering by name. */
export const ARRAY_METHODS = ["forEach", "map", "flatMap", "filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "reduce", "reduceRight", "push", "pop", "shift", "unshift", "at", "slice", "splice", "concat", "flat", "reverse", "toReversed", "toSorted", "toSpliced", "with", "fill", "join", "toString", "includes", "indexOf", "lastIndexOf", "sort", "keys", "values", "entries"];

export const ARRAY_BUILTINS: BuiltinTable = {
  ...Object.fromEntries(ARRAY_METHODS.map((method) => [`Array.prototype.${method}`, (l: LowerContext, c: BuiltinCall) => arrayMethod(l, c.node, method, c.receiver!, c.expected)])),
  // Tuples are arrays in JavaScript; only their string form is offered here.
  ...Object.fromEntries(["join", "toString"].map((method) => [`Tuple.prototype.${method}`, (l: LowerContext, { node, name, receiver }: BuiltinCall) => {
    const separator = name === "join" && node.arguments[0] ? l.coerce(l.expr(node.arguments[0]), optionalOf(stringType), node.arguments[0]) : undef;
    return rt("tuple.join", [receiver!, separator], stringType);
  }])),
  "Array.isArray": (l, { node }) => {
    const value = l.expr(node.arguments[0]!);
    return { kind: "is", value, member: { kind: "array", element: undefinedType }, type: booleanType };
  },
  "Array.from": (l, { node }) => {
    const source = node.arguments[0]!;
    if (ts.isObjectLiteralExpression(source)) return arrayFromLength(l, node, source);
    const resultType = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
    if (node.arguments[1]) {
      const array = l.iterated(source);
      const statements: Stmt[] = [];
      const held = hold(l, array, statements, "source");
      const mapped = arrayMethodMap(l, node, read(held), resultType);
      return seq(statements, mapped);
    }
    return { kind: "arrayLiteral", elements: [{ spread: l.spreadSource(source, resultType.element) }], type: resultType };
  },
  "Array.of": (l, { node }) => {
    const type = l.typeOf(node) as Extract<IrType, { kind: "array" }>;
    const elements = node.arguments.map((a) => (ts.isSpreadElement(a) ? { spread: l.spreadSource(a.expression, type.element) } : l.coerce(l.expr(a, type.element), type.element, a)));
    return { kind: "arrayLiteral", elements, type };
  },
};

