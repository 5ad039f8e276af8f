/**
 * JSON.stringify and JSON.parse (parse needs a declared result type: it decodes into exactly that).
 */
import { ts } from "../../ts-morph.js";
import { Expr, IrType, isNullish, layoutsOf, LiteralCheck, membersOf, numberType, optionalOf, sameType, Stmt, stringType } from "../../ir/index.js";
import { checkConfigType } from "../config-types.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import { expectedTypeNode, literalChecks } from "../literal-checks.js";
import type { BuiltinTable } from "./common.js";
import { arrayGet, arrayLength, hold, indexLoop, read, rt, seq, undef } from "./common.js";
import { toStringExpr } from "./conversions.js";

/** The literal checks of JSON.parse's result: from the type TypeScript expects there. */
function jsonParseLiterals(l: LowerContext, node: ts.CallExpression, target: IrType): LiteralCheck[] | undefined {
  const declared = l.checker.getContextualType(node);
  if (!declared || !sameType(l.mapType(declared, node), target)) {
    unsupported(node, "JSON.parse whose result type TypeScript does not know here", "declare it: const value: MyType = JSON.parse(text)");
  }
  return literalChecks(declared, target, l.checker, node, "JSON.parse result", expectedTypeNode(node));
}

/** Whether the value's toJSON, as its type declares one, may return undefined. */
function toJsonMayReturnUndefined(l: LowerContext, node: ts.Expression): boolean {
  const type = l.checker.getTypeAtLocation(node);
  const undefinedLike = ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  return (type.isUnion() ? type.types : [type]).some((part) => {
    const member = part.getProperty("toJSON");
    if (!member) return false;
    const memberType = l.checker.getNonNullableType(l.checker.getTypeOfSymbolAtLocation(member, node));
    return memberType.getCallSignatures().some((signature) => {
      const returns = signature.getReturnType();
      return (returns.isUnion() ? returns.types : [returns]).some((r) => (r.flags & undefinedLike) !== 0);
    });
  });
}

/**
 * A replacer array's keys as strings (numbers converted, as JSON.stringify does); undefined for
 * `undefined` or `null` (no replacer). A replacer function is rejected.
 */
function replacerKeys(l: LowerContext, node: ts.Expression): Expr | undefined {
  const replacer = l.expr(node);
  if (replacer.type.kind === "undefined" || replacer.type.kind === "null") return undefined;
  if (replacer.type.kind !== "array" || !membersOf(replacer.type.element).every((m) => m.kind === "string" || m.kind === "number")) {
    unsupported(node, "a JSON.stringify replacer other than an array of keys", "pass the keys to keep (JSON.stringify(value, [\"id\", \"name\"])), or build the object you want to print");
  }
  if (replacer.type.element.kind === "string") return replacer;
  const statements: Stmt[] = [];
  const source = hold(l, replacer, statements, "replacer");
  const element = replacer.type.element;
  const keys = hold(l, rt("array.new", [arrayLength(read(source))], { kind: "array", element: stringType }), statements, "keys");
  statements.push(indexLoop(l, arrayLength(read(source)), (i) => [{ kind: "expr", expr: rt("array.push", [read(keys), toStringExpr(l, arrayGet(read(source), i, element), node)], numberType) }]));
  return seq(statements, read(keys));
}

export const JSON_BUILTINS: BuiltinTable = {
  "JSON.stringify": (l, { node }) => {
    const args = node.arguments;
    const value = l.expr(args[0]!);
    const keys = args[1] ? replacerKeys(l, args[1]) : undefined;
    if (holdsBytes(value.type)) unsupported(args[0]!, "JSON.stringify of a Uint8Array", "stringify Array.from(bytes), or base64 text: btoa(String.fromCharCode(...bytes))");
    if (holdsErrorSubclass(value.type)) unsupported(args[0]!, "JSON.stringify of an Error subclass's object", "stringify the properties you want: JSON.stringify({ status: e.status, message: e.message })");
    const space = args[2] ? l.expr(args[2]) : undef;
    if (space.type.kind !== "number" && space.type.kind !== "string" && space.type.kind !== "undefined") unsupported(args[2]!, "this JSON.stringify space", "pass a number or a string");
    // undefined (and functions) stringify to undefined, whatever TypeScript's declaration says; so
    // does an object whose toJSON returns undefined.
    const mayBeUndefined = membersOf(value.type).some((m) => m.kind === "undefined" || m.kind === "void" || m.kind === "function") || toJsonMayReturnUndefined(l, args[0]!);
    const type = mayBeUndefined ? optionalOf(stringType) : stringType;
    return keys ? rt("json.stringifyKeys", [value, space, keys], type) : rt("json.stringify", [value, space], type);
  },
  "JSON.parse": (l, { node, expected }) => {
    const target = expected && expected.kind !== "void" ? expected : undefined;
    if (!target || target.kind === "union" && membersOf(target).every((m) => isNullish(m))) {
      unsupported(node, "JSON.parse without a declared result type", "declare it: const value: MyType = JSON.parse(text)");
    }
    checkConfigType(target, node, false, "JSON.parse result");
    const literals = jsonParseLiterals(l, node, target);
    l.host.recordJsonParse(node, target, literals);
    return { kind: "runtime", op: "json.parse", args: [l.coerce(l.expr(node.arguments[0]!), stringType, node.arguments[0]!)], type: target, ...(literals ? { literals } : {}) };
  },
};

/** Whether a value of `type` may hold a Uint8Array JSON.stringify reaches (JavaScript writes one as {"0": ...}; Maps and Sets write {}). */
function holdsBytes(type: IrType): boolean {
  return holds(type, (t) => t.kind === "bytes");
}

/**
 * Whether a value of `type` may hold an object of an Error subclass JSON.stringify reaches: the
 * runtime writes an Error as {} and JavaScript writes the subclass's own properties.
 */
function holdsErrorSubclass(type: IrType): boolean {
  return holds(type, (t) => t.kind === "object" && t.layout.errorKind !== undefined);
}

function holds(type: IrType, wanted: (type: IrType) => boolean, seen = new Set<IrType>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  if (wanted(type)) return true;
  switch (type.kind) {
    case "array":
      return holds(type.element, wanted, seen);
    case "union":
      return type.members.some((m) => holds(m, wanted, seen));
    case "object":
      return layoutsOf(type).some((layout) => layout.fields.some((f) => !f.method && holds(f.type, wanted, seen)));
    default:
      return false;
  }
}
