/**
 * Members of object types in function bodies: method calls on values of interface types (and unions
 * of object types) dispatched on the object's layout, optional methods (`o.m?.()`, `if (o.m)`),
 * the closures stored in method fields, and what reads and writes through values other layouts
 * may be behind need (checked once every implementer is known, see interfaces.ts).
 */
import { ts } from "../ts-morph.js";

import { booleanType, compatible, concreteLayouts, displayType, Expr, Field, IrType, isPolymorphicLayout, isSubtype, Layout, LValue, membersOf, methodSignature, optionalOf, sameType, undefinedType } from "../ir/index.js";
import { LoweringError, unsupported } from "./errors.js";
import type { LowerContext } from "./context.js";
import { diag } from "../diagnostics/catalogue.js";

type FunctionType = Extract<IrType, { kind: "function" }>;

/**
 * The closure stored in a method field (receiver first): a method, function expression or arrow
 * function written there, or any other function value adapted to ignore the receiver.
 */
export function methodValue(l: LowerContext, node: ts.Expression | ts.MethodDeclaration, field: Field, layout: Layout): Expr {
  const signature = methodSignature(field)!;
  const receiver: IrType = { kind: "object", layout };
  let value: Expr;
  if (ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    value = l.lambda(node, signature, receiver);
  } else {
    const given = l.expr(node, signature);
    if (!membersOf(given.type).some((m) => m.kind === "function")) return l.coerce(given, field.type, node);
    value = l.adaptFunction(l.coerce(given, signature, node), { ...signature, params: [receiver, ...signature.params] }, node, 1);
  }
  return l.coerce(value, field.type, node);
}

/** `o.m(args)` where `m` is a method of o's record type, or of every member of a union of object types. */
export function methodCall(l: LowerContext, node: ts.CallExpression, receiver: Expr, name: string): Expr | undefined {
  const signature = methodOf(l, receiver.type, name, node);
  if (!signature) return undefined;
  return { kind: "methodCall", object: receiver, name, args: l.args(node, signature.params), type: signature.returns };
}

/**
 * The signature of method `name` on values of `type`: a record's method; for a union of object
 * types, the one every member has alike (a class method, a method, a function-typed property).
 */
export function methodOf(l: LowerContext, type: IrType, name: string, node: ts.Node): FunctionType | undefined {
  const members = membersOf(type);
  if (members.some((m) => m.kind !== "object")) return undefined;
  // Function-typed properties of records alone are read and called as values.
  const plain = (m: IrType) => m.kind === "object" && m.layout.fields.some((f) => f.name === name && !f.method);
  if (members.every(plain)) return undefined;
  const signatures = (members as Extract<IrType, { kind: "object" }>[]).map((m) => {
    const field = m.layout.fields.find((f) => f.name === name);
    if (field) return field.method || members.length > 1 ? methodSignature(field) : undefined;
    return members.length > 1 ? classMethodSignature(l, m.layout, name, node) : undefined;
  });
  if (signatures.some((s) => !s)) return undefined;
  const [first, ...others] = signatures as FunctionType[];
  if (others.some((s) => !sameType(s, first!))) unsupported(node, `calling \`${name}\` on ${displayType(type)}, whose members declare it differently`, "give the method the same signature in each, or narrow the value first");
  return first;
}

/** A class's method `name` (instantiated for the layout, so dispatch can call it) as a signature. */
export function classMethodSignature(l: LowerContext, layout: Layout, name: string, node: ts.Node): FunctionType | undefined {
  const declaration = l.host.classes.findMethod(layout, name);
  if (!declaration) return undefined;
  if (declaration.typeParameters?.length) unsupported(node, `calling the generic method \`${name}\` here`, "call it on a value of the class's own type");
  const method = l.host.methodFor(declaration, layout);
  if (method.restIndex !== undefined) unsupported(node, `calling \`${name}\`, which takes a rest parameter, here`, "call it on a value of the class's own type");
  return { kind: "function", params: method.params.map((p) => p.type), returns: method.returnType };
}

/** `o.m` naming a method (of an interface, an object type or a class): called or tested, not read. */
export function methodReference(l: LowerContext, node: ts.Expression): ts.PropertyAccessExpression | undefined {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const declarations = l.checker.getSymbolAtLocation(node.name)?.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => ts.isMethodSignature(d) || ts.isMethodDeclaration(d)) ? node : undefined;
}

/** `if (o.m)`, `typeof o.m`, `o.m !== undefined`: whether the object has the (optional) method. */
export function methodPresence(l: LowerContext, node: ts.Expression): Expr | undefined {
  const reference = methodReference(l, node);
  if (!reference || reference.questionDotToken) return undefined;
  const receiver = l.expr(reference.expression);
  const name = reference.name.text;
  if (membersOf(receiver.type).some((m) => m.kind !== "object")) unsupported(node, `testing the method \`${name}\` of a value that may not be an object`, "check the value first");
  // Class methods exist whatever is called: instantiate them so the test knows.
  for (const member of membersOf(receiver.type)) if (member.kind === "object") classMethodSignature(l, member.layout, name, node);
  return { kind: "hasMethod", object: receiver, name, type: booleanType };
}

/** `o.m?.(args)` for a method `m`: undefined when the object lacks it (the arguments are not evaluated). */
export function optionalMethodCall(l: LowerContext, top: ts.Expression, call: ts.CallExpression, reference: ts.PropertyAccessExpression, expected?: IrType): Expr {
  const receiver = l.expr(reference.expression);
  const name = reference.name.text;
  const holder = l.temp(receiver.type, "receiver");
  const read: Expr = { kind: "local", local: holder, type: receiver.type };
  const signature = methodOf(l, read.type, name, call) ?? (read.type.kind === "object" ? classMethodSignature(l, read.type.layout, name, call) : undefined);
  if (!signature) unsupported(call, `calling \`${name}\` on ${displayType(read.type)}`, "call methods of objects");
  for (const member of membersOf(read.type)) if (member.kind === "object") classMethodSignature(l, member.layout, name, call);
  l.overrides.set(call, { kind: "methodCall", object: read, name, args: l.args(call, signature.params), type: signature.returns });
  try {
    const declared = l.typeOf(top);
    const type = optionalOf(declared);
    const rest = l.coerce(l.expr(top, expected), type, top);
    const chain: Expr = {
      kind: "sequence",
      statements: [{ kind: "let", local: holder, init: receiver }],
      result: { kind: "conditional", condition: { kind: "hasMethod", object: read, name, type: booleanType }, whenTrue: rest, whenFalse: l.coerce({ kind: "undefined", type: undefinedType }, type, top), type },
      type,
    };
    return l.coerce(chain, declared, top);
  } finally {
    l.overrides.delete(call);
  }
}

/**
 * A field as an assignment target. Through a record type other layouts implement, each of them
 * must have the property, able to hold what is stored (checked once all implementers are known).
 */
export function fieldTarget(l: LowerContext, read: Extract<Expr, { kind: "field" }>, node: ts.Node): LValue {
  const { layout, field } = read;
  if (layout.kind === "record") {
    l.host.afterLowering(node, () => {
      for (const other of concreteLayouts(layout)) {
        if (other === layout) continue;
        const own = other.fields.find((f) => f.name === field.name);
        if (own && !own.method && (isSubtype(field.type, own.type) || compatible(field.type, own.type))) continue;
        throw new LoweringError(
          node,
          diag.TSE2020,
          `assigning \`${field.name}\` through ${layout.displayName}, whose values include ${other.displayName}, which ${own ? `cannot hold every ${displayType(field.type)} there` : "lacks the property (JavaScript would add it)"}`,
          own ? `declare ${field.name} with the same type in ${other.displayName} and ${layout.displayName}` : `declare ${field.name} in ${other.displayName}, or assign it through the ${other.displayName} itself`,
        );
      }
    });
  }
  return { kind: "field", object: read.object, layout, field };
}

/** `o.m === undefined`, `o.m != null` and the like for a method `m`: whether the object lacks it. */
export function methodComparison(l: LowerContext, node: ts.BinaryExpression): Expr | undefined {
  const S = ts.SyntaxKind;
  const op = node.operatorToken.kind;
  if (op !== S.EqualsEqualsEqualsToken && op !== S.ExclamationEqualsEqualsToken && op !== S.EqualsEqualsToken && op !== S.ExclamationEqualsToken) return undefined;
  const isUndefined = (e: ts.Expression) => ts.isIdentifier(e) && e.text === "undefined" && l.isGlobal(e);
  const isNull = (e: ts.Expression) => e.kind === S.NullKeyword;
  const [reference, other] = methodReference(l, node.left) ? [node.left, node.right] : methodReference(l, node.right) ? [node.right, node.left] : [];
  if (!reference || !other || (!isUndefined(other) && !isNull(other))) return undefined;
  const presence = methodPresence(l, reference);
  if (!presence) return undefined;
  const negated = op === S.ExclamationEqualsEqualsToken || op === S.ExclamationEqualsToken;
  // A method is a function or absent (undefined): never null.
  if (isNull(other) && (op === S.EqualsEqualsEqualsToken || op === S.ExclamationEqualsEqualsToken)) {
    return { kind: "sequence", statements: [{ kind: "expr", expr: presence }], result: { kind: "boolean", value: negated, type: booleanType }, type: booleanType };
  }
  return negated ? presence : { kind: "unary", op: "!", operand: presence, type: booleanType };
}

/**
 * What copies a record's own properties (spread, rest; `anyLayout` false: Object.entries, which
 * reads them by its layout) needs each object it may be to have no properties but the type's:
 * checked once every implementer is known.
 */
export function requireOwnLayout(l: LowerContext, layout: Layout, node: ts.Node, what: string, anyLayout = true): void {
  if (layout.kind !== "record") return;
  l.host.afterLowering(node, () => {
    if (!isPolymorphicLayout(layout)) return;
    const names = new Set(layout.fields.map((f) => f.name));
    const others = concreteLayouts(layout).filter((other) => other.fields.some((f) => !names.has(f.name)) || (!anyLayout && other !== layout && !(layout.aliases ?? []).includes(other)));
    if (others.length === 0) return;
    unsupported(
      node,
      `${what} a value of ${layout.displayName}, which may be a ${others.map((other) => other.displayName).join(" or ")}${anyLayout ? ` (whose own properties ${layout.displayName} lacks would be copied too)` : ""}`,
      "build the object you want from its properties ({ a: x.a, b: x.b })",
    );
  });
}
