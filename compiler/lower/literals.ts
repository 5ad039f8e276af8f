/**
 * Literals: object and array literals (spreads, shorthand, overridden properties) and template strings.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { booleanType, compatible, displayType, Expr, IrType, isNullish, isSubtype, KeyStep, membersOf, nonNullish, numberType, Stmt, stringType, undefinedType, unionOf } from "../ir/index.js";
import type { LowerContext } from "./context.js";
import { dictLiteral, isDict } from "./dicts.js";
import { unsupported } from "./errors.js";
import { methodValue, requireOwnLayout } from "./members.js";

export function template(ctx: LowerContext, node: ts.TemplateExpression): Expr {
  const parts: Expr[] = [];
  if (node.head.text) parts.push({ kind: "string", value: node.head.text, type: stringType });
  for (const span of node.templateSpans) {
    parts.push(ctx.toStringExpr(ctx.expr(span.expression), span.expression));
    if (span.literal.text) parts.push({ kind: "string", value: span.literal.text, type: stringType });
  }
  if (parts.length === 0) return { kind: "string", value: "", type: stringType };
  if (parts.length === 1) return parts[0]!;
  return { kind: "runtime", op: "string.build", args: parts, type: stringType };
}

export function objectLiteral(ctx: LowerContext, node: ts.ObjectLiteralExpression, expected?: IrType): Expr {
  const dict = expected && membersOf(expected).find(isDict);
  if (dict) return dictLiteral(ctx, node, dict);
  const candidates = expected ? membersOf(expected).filter((m) => m.kind === "object" && m.layout.kind === "record") : [];
  // The literal's own (anonymous) type only when the context gives none: it would be a layout of its own.
  const type = candidates.length === 1 ? candidates[0]! : (() => {
    const own = ctx.typeOf(node);
    return candidates.find((c) => compatible(c, own) || isSubtype(own, c)) ?? own;
  })();
  if (type.kind !== "object" || type.layout.kind === "tuple") unsupported(node, "this object literal", "declare its type as an interface");
  if (type.layout.kind === "class") unsupported(node, "an object literal typed as a class", "construct class instances with `new`");
  const layout = type.layout;
  const values = new Map<string, Expr>();
  const keys: KeyStep[] = [];
  const statements: Stmt[] = [];
  const hasSpread = node.properties.some(ts.isSpreadAssignment);
  node.properties.forEach((property, position) => {
    if (ts.isSpreadAssignment(property)) {
      // Spread copies the source's properties; evaluated once, in order.
      const source = ctx.expr(property.expression);
      // Spreading undefined or null copies nothing.
      const objectType = nonNullish(source.type);
      if (objectType.kind !== "object" || objectType.layout.kind === "tuple") unsupported(property, `spreading a ${displayType(source.type)} into an object`, "spread objects of interface types");
      const holder = ctx.temp(source.type, "spread");
      statements.push({ kind: "let", local: holder, init: source });
      const held: Expr = { kind: "local", local: holder, type: source.type };
      const nullable = membersOf(source.type).some(isNullish);
      const defined: Expr | undefined = nullable ? { kind: "unary", op: "!", operand: ctx.isNullishTest(held), type: booleanType } : undefined;
      const read = nullable ? ctx.coerce(held, objectType, property) : held;
      const sourceLayout = objectType.layout;
      requireOwnLayout(ctx, sourceLayout, property, "spreading");
      // JavaScript copies only the own enumerable properties (not `message`, `name` only once assigned).
      if (sourceLayout.errorKind !== undefined) unsupported(property, "spreading an Error subclass's object", "build the object you want: { status: e.status, message: e.message }");
      const dropped = sourceLayout.fields.filter((f) => !f.name.startsWith("#") && !layout.fields.some((g) => g.name === f.name));
      if (dropped.length > 0) {
        unsupported(property, `spreading ${sourceLayout.displayName} into ${layout.displayName}, which lacks ${dropped.map((f) => `\`${f.name}\``).join(", ")}`, "declare the result with every property of the spread object (JSON.stringify and Object.keys see them all)");
      }
      const overridden = overriddenAfter(ctx, node, position);
      sourceLayout.fields.forEach((from, index) => {
        // A later property sets it whatever the spread had: only its place in the order counts.
        if (overridden.has(from.name) || from.name.startsWith("#")) return; // #private fields are not copied
        const field = layout.fields.find((f) => f.name === from.name)!;
        let fieldRead: Expr = { kind: "field", object: read, layout: sourceLayout, field: from, type: from.type };
        // Copied only when present: TypeScript takes a present optional property to hold its type (not undefined).
        if (from.optional && !isSubtype(undefinedType, field.type) && membersOf(from.type).some((m) => m.kind === "undefined")) {
          fieldRead = { kind: "convert", value: fieldRead, type: unionOf(membersOf(from.type).filter((m) => m.kind !== "undefined")), checked: true };
        }
        const value = ctx.copiedProperty(fieldRead, sourceLayout, from, layout, field, property);
        const valueHolder = ctx.temp(field.type, "spread_value");
        // An absent property does not overwrite; one present with undefined does.
        const hasKey: Expr | undefined = from.optional && sourceLayout.kind === "record" ? { kind: "runtime", op: "object.hasKey", args: [read, { kind: "number", value: index, type: numberType }], type: booleanType } : undefined;
        const present = defined && hasKey ? ({ kind: "logical", op: "&&", left: defined, right: hasKey, type: booleanType } as Expr) : (defined ?? hasKey);
        if (present) {
          const previous = values.get(field.name) ?? ctx.coerce({ kind: "undefined", type: undefinedType }, field.type, property);
          statements.push({ kind: "let", local: valueHolder, init: { kind: "conditional", condition: present, whenTrue: value, whenFalse: previous, type: field.type } });
        } else {
          statements.push({ kind: "let", local: valueHolder, init: value });
        }
        values.set(field.name, { kind: "local", local: valueHolder, type: field.type });
      });
      keys.push({ kind: "spread", source: read, exclude: [], ...(defined ? { when: defined } : {}) });
      return;
    }
    if (ts.isAccessor(property)) unsupported(property, "a getter or setter in an object literal", "use a property, or a method");
    const name = property.name;
    if (!name || (!ts.isIdentifier(name) && !ts.isStringLiteral(name) && !ts.isNumericLiteral(name))) unsupported(property, "a computed property name", "name the property");
    const field = layout.fields.find((f) => f.name === name.text);
    if (!field) unsupported(property, `property \`${name.text}\` not in ${layout.displayName}`, "remove it or add it to the type");
    const valueNode = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isMethodDeclaration(property) ? property : (property as ts.PropertyAssignment).initializer;
    let value: Expr;
    if (field.method) value = methodValue(ctx, valueNode, field, layout);
    else if (ts.isMethodDeclaration(valueNode)) value = ctx.coerce(ctx.lambda(valueNode, membersOf(field.type).find((m) => m.kind === "function") as Extract<IrType, { kind: "function" }> | undefined), field.type, valueNode);
    else value = ctx.coerce(ts.isShorthandPropertyAssignment(property) ? shorthandValue(ctx, property) : ctx.expr(valueNode, field.type), field.type, valueNode);
    if (hasSpread) {
      // Evaluate now, in source order: a later spread must not reorder side effects.
      const holder = ctx.temp(field.type, field.name);
      statements.push({ kind: "let", local: holder, init: value });
      values.set(field.name, { kind: "local", local: holder, type: field.type });
    } else {
      values.set(field.name, value);
    }
    keys.push({ kind: "define", field });
  });
  for (const field of layout.fields) {
    if (!values.has(field.name) && !isSubtype(undefinedType, field.type)) {
      unsupported(node, `an object literal missing \`${field.name}\``, "set every required property");
    }
  }
  const fields = [...values].map(([name, value]) => ({ field: layout.fields.find((f) => f.name === name)!, value }));
  const literal: Expr = { kind: "objectLiteral", layout, fields, keys, type };
  return statements.length ? { kind: "sequence", statements, result: literal, type } : literal;
}

/** Properties the literal sets after `position` whatever came before: plain ones, and those a later spread always has. */
function overriddenAfter(ctx: LowerContext, node: ts.ObjectLiteralExpression, position: number): Set<string> {
  const names = new Set<string>();
  for (const later of node.properties.slice(position + 1)) {
    if (ts.isSpreadAssignment(later)) {
      const type = ctx.checker.getTypeAtLocation(later.expression);
      if (type.isUnion() && type.types.some((t) => t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void))) continue;
      for (const p of ctx.checker.getPropertiesOfType(type)) if (!(p.flags & ts.SymbolFlags.Optional)) names.add(p.getName());
    } else if (later.name && (ts.isIdentifier(later.name) || ts.isStringLiteral(later.name) || ts.isNumericLiteral(later.name))) {
      names.add(later.name.text);
    }
  }
  return names;
}

function shorthandValue(ctx: LowerContext, property: ts.ShorthandPropertyAssignment): Expr {
  const symbol = ctx.checker.getShorthandAssignmentValueSymbol(property);
  const local = symbol && ctx.scope.get(symbol);
  if (local) return ctx.coerce({ kind: "local", local, type: local.type }, ctx.typeOf(property.name), property);
  return ctx.expr(property.name);
}

export function arrayLiteral(ctx: LowerContext, node: ts.ArrayLiteralExpression, expected?: IrType): Expr {
  const candidates = expected ? membersOf(expected).filter((m) => m.kind === "array" || (m.kind === "object" && m.layout.kind === "tuple")) : [];
  const type = candidates.length === 1 ? candidates[0]! : ctx.typeOf(node);
  if (type.kind === "object" && type.layout.kind === "tuple") {
    const layout = type.layout;
    if (node.elements.some(ts.isSpreadElement) || node.elements.length !== layout.fields.length) unsupported(node, "a tuple literal of the wrong shape", `write ${layout.fields.length} elements`);
    const fields = layout.fields.map((field, i) => ({ field, value: ctx.coerce(ctx.expr(node.elements[i]!, field.type), field.type, node.elements[i]!) }));
    return { kind: "objectLiteral", layout, fields, keys: [], type };
  }
  if (type.kind !== "array") unsupported(node, "this array literal", "declare its type");
  const element = type.element;
  const elements = node.elements.map((e) => (ts.isSpreadElement(e) ? { spread: ctx.spreadSource(e.expression, element) } : ctx.coerce(ctx.expr(e, element), element, e)));
  return { kind: "arrayLiteral", elements, type };
}
