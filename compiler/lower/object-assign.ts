/**
 * `Object.assign(target, ...sources)`: into a Record (dicts.ts), or into a plain object of an
 * interface or object-literal type, whose layout is fixed: every property a source copies must be
 * declared by the target's type.
 */
import { ts } from "../ts-morph.js";
import { displayType, Expr, Field, isArrayIndexKey, Layout, nonNullish, Stmt } from "../ir/index.js";
import { hold, read, seq } from "./builtins/common.js";
import type { LowerContext } from "./context.js";
import { dictAssign, isDictTsType } from "./dicts.js";
import { unsupported } from "./errors.js";
import { fieldTarget, requireOwnLayout } from "./members.js";

const SPREAD_HINT = "build a new object of a declared type instead: const merged: Options = { ...defaults, ...overrides }";

/** One property a source copies: the target's field and, when the copy happens, its value. */
interface Copy {
  field: Field;
  value: () => Expr;
}

/**
 * Every argument is evaluated first (an object literal source's values with it), then each
 * source's properties are written to the target in the source's property order (integer-like keys
 * first, as JavaScript orders them), each as `target.p = v` is (a frozen target throws V8's
 * TypeError, a missing optional property is added at the end); the value is the target.
 */
export function objectAssign(ctx: LowerContext, node: ts.CallExpression): Expr {
  const [first, ...rest] = node.arguments;
  if (!first || isDictTsType(ctx.checker, ctx.checker.getTypeAtLocation(first))) return dictAssign(ctx, node);
  const statements: Stmt[] = [];
  const target = ctx.expr(first);
  const type = target.type;
  if (type.kind !== "object" || type.layout.kind !== "record") {
    unsupported(first, `Object.assign into ${displayType(type)}`, `Object.assign copies into a Record<string, T> or a plain object of an interface type; ${SPREAD_HINT}`);
  }
  const layout = type.layout;
  rejectIntersectionVariable(ctx, node, displayType(type));
  const held = hold(ctx, target, statements, "target");
  const sources = rest.map((argument) => sourceCopies(ctx, argument, layout, statements));
  sources.forEach((copies, i) => {
    for (const { field, value } of copies) {
      const lvalue = fieldTarget(ctx, { kind: "field", object: read(held), layout, field, type: field.type }, rest[i]!);
      statements.push({ kind: "expr", expr: { kind: "assign", target: lvalue, value: value(), type: field.type } });
    }
  });
  return seq(statements, read(held));
}

/** TypeScript types the result as an intersection (target & sources), which has no layout. */
export function rejectIntersectionVariable(ctx: LowerContext, node: ts.CallExpression, targetType: string): void {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && !parent.type) {
    unsupported(parent.name, "a variable of Object.assign's intersection type", `declare its type (const merged: ${targetType} = Object.assign(...)), or use the target`);
  }
}

/** The target's field a source's property `name` is copied into, or a located diagnostic. */
function targetField(layout: Layout, name: string, at: ts.Node): Field {
  const field = layout.fields.find((f) => f.name === name && !f.method);
  if (!field) unsupported(at, `Object.assign of property \`${name}\`, which ${layout.displayName} does not declare`, `declare \`${name}\` in the target's type, or ${SPREAD_HINT}`);
  return field;
}

/** JavaScript's property order for names known at compile time: integer-like keys first, ascending. */
function inPropertyOrder<T extends { name: string }>(items: T[]): T[] {
  const index = items.filter((i) => isArrayIndexKey(i.name)).sort((a, b) => Number(a.name) - Number(b.name));
  return [...index, ...items.filter((i) => !isArrayIndexKey(i.name))];
}

/** A source's copies; evaluates the argument (a literal's values too) into `statements`. */
function sourceCopies(ctx: LowerContext, argument: ts.Expression, layout: Layout, statements: Stmt[]): Copy[] {
  if (ts.isSpreadElement(argument)) unsupported(argument, "a spread argument to Object.assign", "pass each source as its own argument");
  let inner: ts.Expression = argument;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (ts.isObjectLiteralExpression(inner)) {
    const copies = inner.properties.map((property) => {
      const name = property.name;
      const named = name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name));
      if (!named || !(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) {
        unsupported(property, "this property in an Object.assign source", "write plain properties (name: value), or set the fields one by one");
      }
      const key = ts.isNumericLiteral(name) ? String(Number(name.text)) : name.text;
      const field = targetField(layout, key, property);
      const initializer = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      const value = hold(ctx, ctx.coerce(ctx.expr(initializer, field.type), field.type, initializer), statements, "assigned");
      return { name: key, field, value: () => read(value) };
    });
    return inPropertyOrder(copies);
  }
  const source = ctx.expr(argument);
  const type = nonNullish(source.type);
  if (type !== source.type || type.kind !== "object" || type.layout.kind !== "record") {
    unsupported(argument, `Object.assign from ${displayType(source.type)} into ${layout.displayName}`, `pass an object literal or a (non-optional) object of an interface type; ${SPREAD_HINT}`);
  }
  const from = type.layout;
  requireOwnLayout(ctx, from, argument, "copying");
  // An optional property's place in the order is known only at run time.
  const optional = from.fields.find((f) => f.optional || f.method);
  if (optional) unsupported(argument, `Object.assign from ${from.displayName}, whose property \`${optional.name}\` is ${optional.method ? "a method" : "optional"}`, SPREAD_HINT);
  const held = hold(ctx, source, statements, "source");
  // Read when the copy happens, as JavaScript does (an earlier source may have written to it).
  return inPropertyOrder(from.fields.map((f) => {
    const field = targetField(layout, f.name, argument);
    return { name: f.name, field, value: () => ctx.copiedProperty({ kind: "field", object: read(held), layout: from, field: f, type: f.type }, from, f, layout, field, argument) };
  }));
}
