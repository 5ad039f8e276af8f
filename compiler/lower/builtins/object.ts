/**
 * Object.keys/values/entries of records, an Error's toString, and the Function.prototype
 * methods that are rejected (call, apply, bind).
 */
import { ts } from "../../ts-morph.js";
import { booleanType, displayType, Expr, Field, IrType, isSubtype, membersOf, nonNullish, numberType, Stmt, stringType, undefinedType } from "../../ir/index.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import { dictFromEntries, isDict } from "../dicts.js";
import { objectAssign } from "../object-assign.js";
import { requireOwnLayout } from "../members.js";
import type { BuiltinCall, BuiltinTable } from "./common.js";
import { hold, indexLoop, num, read, rt, seq, str } from "./common.js";

/**
 * `Object.values(record)` / `Object.entries(record)`: the properties the record has, in its order
 * (as Object.keys), each value converted to the element type TypeScript gives the result.
 */
function objectValues(l: LowerContext, node: ts.CallExpression, entries: boolean): Expr {
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
  if (isDict(type)) return seq(statements, l.coerce(rt(entries ? "collect.entries" : "collect.values", [read(source)], entries ? { kind: "array", element: l.host.types.tupleOf([stringType, type.value]) } : { kind: "array", element: type.value }), resultType, node));
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

const mayBeNumber = (type: IrType): boolean => membersOf(type).some((m) => m.kind === "number");
const binary = (op: "===" | "!==" | "/", left: Expr, right: Expr): Expr => ({ kind: "binary", op, left, right, type: op === "/" ? numberType : booleanType });
const logical = (op: "&&" | "||", left: Expr, right: Expr): Expr => ({ kind: "logical", op, left, right, type: booleanType });

/** `Object.is(a, b)`: SameValue, `===` except that NaN is NaN and 0 is not -0. */
function objectIs(l: LowerContext, node: ts.CallExpression): Expr {
  const [first, second] = node.arguments;
  if (!first || !second) unsupported(node, "Object.is with fewer than two arguments", "pass the two values");
  const statements: Stmt[] = [];
  const a = read(hold(l, l.expr(first), statements, "a"));
  const b = read(hold(l, l.expr(second), statements, "b"));
  if (a.type.kind === "number" && b.type.kind === "number") {
    const same = logical("||", binary("!==", a, num(0)), binary("===", binary("/", num(1), a), binary("/", num(1), b)));
    const bothNaN = logical("&&", binary("!==", a, a), binary("!==", b, b));
    return seq(statements, { kind: "conditional", condition: binary("===", a, b), whenTrue: same, whenFalse: bothNaN, type: booleanType });
  }
  if (mayBeNumber(a.type) || mayBeNumber(b.type)) unsupported(node, "Object.is of a value that may or may not be a number", "narrow both to number first (typeof x === \"number\"), or compare with ===");
  return seq(statements, l.equality(a, b, node, false, true));
}

/** `Object.hasOwn(object, key)`: the key is among the object's own properties (as Object.keys lists them). */
function objectHasOwn(l: LowerContext, node: ts.CallExpression): Expr {
  const [first, second] = node.arguments;
  if (!first || !second) unsupported(node, "Object.hasOwn with fewer than two arguments", "pass the object and the key");
  const statements: Stmt[] = [];
  const object = hold(l, l.expr(first), statements, "object");
  const type = object.type;
  if (isDict(type)) return seq(statements, rt("map.has", [read(object), l.toStringExpr(l.expr(second), second)], booleanType));
  if (type.kind !== "object" || type.layout.kind === "tuple") {
    unsupported(first, `Object.hasOwn of ${displayType(type)}`, "pass an object; for an array compare the index with its length, for a Map call map.has(key)");
  }
  const key = l.toStringExpr(l.expr(second), second);
  return seq(statements, rt("array.includes", [rt("object.keys", [read(object)], { kind: "array", element: stringType }), key, num(0)], booleanType));
}

/**
 * `Object.freeze(value)`: the same value, shallowly frozen; later writes to it throw V8's TypeError.
 * Primitives come back as they are; a Map or Set freezes nothing JavaScript lets a program see.
 */
function objectFreeze(l: LowerContext, node: ts.CallExpression): Expr {
  const argument = node.arguments[0];
  if (!argument) unsupported(node, "Object.freeze without an argument", "pass the object to freeze");
  const value = l.expr(argument);
  const type = value.type;
  if (["number", "string", "boolean", "undefined", "null", "map", "set"].includes(type.kind) && !isDict(type)) return value;
  if (type.kind === "object") type.layout.freezable = true;
  else if (type.kind !== "array" && type.kind !== "regexp" && !isDict(type)) unsupported(argument, `Object.freeze of ${displayType(type)}`, "freeze an object, an array or a tuple of a known type (narrow a union first)");
  return rt("object.freeze", [value], type);
}

export const OBJECT_BUILTINS: BuiltinTable = {
  "Object.keys": (l, { node }) => {
    const value = l.expr(node.arguments[0]!);
    // The runtime has an Error's properties as none; JavaScript lists a subclass's own ones.
    if (value.type.kind === "object" && value.type.layout.errorKind !== undefined) unsupported(node.arguments[0]!, "Object.keys of an Error subclass's object", "list the properties you want");
    if (isDict(value.type)) return rt("collect.keys", [value], { kind: "array", element: stringType });
    return rt("object.keys", [value], { kind: "array", element: stringType });
  },
  "Object.values": (l, { node }) => objectValues(l, node, false),
  "Object.entries": (l, { node }) => objectValues(l, node, true),
  "Object.is": (l, { node }) => objectIs(l, node),
  "Object.freeze": (l, { node }) => objectFreeze(l, node),
  "Object.hasOwn": (l, { node }) => objectHasOwn(l, node),
  "Object.fromEntries": (l, { node }) => dictFromEntries(l, node),
  "Object.assign": (l, { node }) => objectAssign(l, node),
  "Error.prototype.toString": (l, { receiver }) => rt("value.toString", [receiver!], stringType),
  ...Object.fromEntries(["call", "apply", "bind"].map((method) => [`Function.prototype.${method}`, (l: LowerContext, { node }: BuiltinCall) => unsupported(node, `function.${method}`, "call the function directly")])),
};

