/**
 * JSON.stringify and JSON.parse (parse needs a declared result type: it decodes into exactly that).
 */
import { ts } from "ts-morph";
import { IrType, isNullish, layoutsOf, LiteralCheck, membersOf, optionalOf, sameType, stringType } from "../../ir/index.js";
import { checkConfigType } from "../config-types.js";
import type { LowerContext } from "../context.js";
import { unsupported } from "../errors.js";
import { expectedTypeNode, literalChecks } from "../literal-checks.js";
import type { BuiltinTable } from "./common.js";
import { rt, undef } from "./common.js";

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

export const JSON_BUILTINS: BuiltinTable = {
  "JSON.stringify": (l, { node }) => {
    const args = node.arguments;
    if (args[1] && args[1].kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isIdentifier(args[1]) && args[1].text === "undefined")) unsupported(args[1], "a JSON.stringify replacer", "build the object you want to print");
    const value = l.expr(args[0]!);
    if (holdsBytes(value.type)) unsupported(args[0]!, "JSON.stringify of a Uint8Array", "stringify Array.from(bytes), or base64 text: btoa(String.fromCharCode(...bytes))");
    if (holdsErrorSubclass(value.type)) unsupported(args[0]!, "JSON.stringify of an Error subclass's object", "stringify the properties you want: JSON.stringify({ status: e.status, message: e.message })");
    const space = args[2] ? l.expr(args[2]) : undef;
    if (space.type.kind !== "number" && space.type.kind !== "string" && space.type.kind !== "undefined") unsupported(args[2]!, "this JSON.stringify space", "pass a number or a string");
    // undefined (and functions) stringify to undefined, whatever TypeScript's declaration says; so
    // does an object whose toJSON returns undefined.
    const mayBeUndefined = membersOf(value.type).some((m) => m.kind === "undefined" || m.kind === "void" || m.kind === "function") || toJsonMayReturnUndefined(l, args[0]!);
    return rt("json.stringify", [value, space], mayBeUndefined ? optionalOf(stringType) : stringType);
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
