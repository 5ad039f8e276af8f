/**
 * Destructuring: binding patterns in declarations and parameters, and assignment patterns.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { booleanType, Expr, Field, IrType, Layout, numberType, opNamed, Stmt, stringType, undefinedType, unionOf } from "../ir/index.js";
import type { LowerContext } from "./context.js";
import { LoweringError, unsupported } from "./errors.js";
import { requireOwnLayout } from "./members.js";
import { diag } from "../diagnostics/catalogue.js";

/** `const [a, b] = source` / `const { x, y = 1, ...rest } = source`, source already evaluated. */
export function destructure(ctx: LowerContext, pattern: ts.BindingName, source: Expr): Stmt[] {
  if (ts.isIdentifier(pattern)) {
    const early = ctx.initializePredeclared(ctx.checker.getSymbolAtLocation(pattern), () => source);
    if (early) return early;
    const declared = ctx.typeOf(pattern);
    // A rest element TypeScript typed as a tuple (from a literal) is the array it is at run time.
    const type = declared.kind === "object" && declared.layout.kind === "tuple" && source.type.kind === "array" ? source.type : declared;
    const local = ctx.declareLocal(pattern.text, type, ctx.checker.getSymbolAtLocation(pattern));
    return [{ kind: "let", local, init: ctx.coerce(source, type, pattern) }];
  }
  const out: Stmt[] = [];
  if (ts.isArrayBindingPattern(pattern)) source = iteratedSource(source);
  const holder = source.kind === "local" ? source : (() => {
    const local = ctx.temp(source.type, "destructured");
    out.push({ kind: "let", local, init: source });
    return { kind: "local", local, type: source.type } as Expr;
  })();
  pattern.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element)) return;
    let part: Expr;
    if (element.dotDotDotToken) {
      part = ts.isArrayBindingPattern(pattern) ? restOfArray(ctx, holder, index, element) : restOfObject(ctx, holder, pattern, element);
    } else if (ts.isArrayBindingPattern(pattern)) {
      part = ctx.indexed(holder, { kind: "number", value: index, type: numberType }, element, index);
    } else {
      const name = element.propertyName ?? element.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) unsupported(element, "a computed key in destructuring", "name the property");
      part = ctx.property(holder, name.text, element);
    }
    if (element.initializer) {
      const target = ctx.typeOf(element.name);
      part = withDefault(ctx, part, element.initializer, target);
    }
    out.push(...destructure(ctx, element.name, part));
  });
  return out;
}

function withDefault(ctx: LowerContext, value: Expr, initializer: ts.Expression, target: IrType): Expr {
  if (value.type.kind === "undefined") {
    return { kind: "sequence", statements: [{ kind: "expr", expr: value }], result: ctx.coerce(ctx.expr(initializer, target), target, initializer), type: target };
  }
  const holder = ctx.temp(value.type, "maybe");
  const read: Expr = { kind: "local", local: holder, type: value.type };
  return {
    kind: "sequence",
    statements: [{ kind: "let", local: holder, init: value }],
    result: {
      kind: "conditional",
      condition: { kind: "is", value: read, member: undefinedType, type: booleanType },
      whenTrue: ctx.coerce(ctx.expr(initializer, target), target, initializer),
      whenFalse: ctx.coerce(read, target, initializer),
      type: target,
    },
    type: target,
  };
}

/** An array pattern iterates its source: a string by code points (`const [first, ...rest] = "😀ab"`). */
function iteratedSource(source: Expr): Expr {
  if (source.type.kind !== "string") return source;
  return { kind: "runtime", op: opNamed("collect.chars"), args: [source], type: { kind: "array", element: stringType } };
}

function restOfArray(ctx: LowerContext, source: Expr, from: number, node: ts.Node): Expr {
  if (source.type.kind !== "array") unsupported(node, "a rest element over a tuple", "index the elements (t[1], t[2]), or give the value an array type (string[]) where it is declared");
  return { kind: "runtime", op: "array.slice", args: [source, { kind: "number", value: from, type: numberType }, { kind: "undefined", type: undefinedType }], type: source.type };
}

function restOfObject(ctx: LowerContext, source: Expr, pattern: ts.ObjectBindingPattern, element: ts.BindingElement): Expr {
  const taken = pattern.elements.filter((e) => !e.dotDotDotToken).map((e) => (e.propertyName ?? e.name).getText());
  return restObject(ctx, source, taken, ctx.typeOf(element.name), element);
}

/**
 * A property copied from a `from` object into a new `to` object (spread, rest). A method goes with
 * its closure, whose `this` becomes the new object: it must be a value of the source's type.
 */
export function copiedProperty(ctx: LowerContext, value: Expr, from: Layout, source: Field, to: Layout, target: Field, node: ts.Node): Expr {
  try {
    return ctx.coerce(value, target.type, node);
  } catch (error) {
    if (!(error instanceof LoweringError) || !source.method || from === to) throw error;
    throw new LoweringError(
      node,
      diag.TSE2020,
      `copying the method \`${source.name}\` of ${from.displayName} into ${to.displayName}: its \`this\` would be the new object, which is not of type ${from.displayName} (${error.message})`,
      `give the new object the type ${from.displayName}, or copy the properties you need by name`,
    );
  }
}

/** The object a rest property (`...rest`) gets: the source's properties other than `taken`, in the source's order. */
function restObject(ctx: LowerContext, source: Expr, taken: string[], type: IrType, node: ts.Node): Expr {
  if (type.kind !== "object" || type.layout.kind !== "record" || source.type.kind !== "object") unsupported(node, "this rest property", "name the properties");
  const layout = type.layout;
  requireOwnLayout(ctx, source.type.layout, node, "a rest property of");
  const remaining = source.type.layout.fields.filter((f) => !taken.includes(f.name) && !f.name.startsWith("#"));
  const extra = remaining.filter((f) => !layout.fields.some((g) => g.name === f.name));
  if (extra.length > 0) {
    unsupported(node, `a rest property of type ${layout.displayName}, which lacks ${extra.map((f) => `\`${f.name}\``).join(", ")} of the rest`, "declare the rest variable with every remaining property (JSON.stringify and Object.keys see them all)");
  }
  const sourceLayout = source.type.layout;
  return {
    kind: "objectLiteral",
    layout,
    // Read as fields: a method an object literal has is its own property, copied like the others.
    fields: remaining.map((from) => {
      const field = layout.fields.find((f) => f.name === from.name)!;
      return { field, value: copiedProperty(ctx, { kind: "field", object: source, layout: sourceLayout, field: from, type: from.type }, sourceLayout, from, layout, field, node) };
    }),
    keys: [{ kind: "spread", source, exclude: taken }],
    type,
  };
}

/** `[a, b] = [b, a]`, `({ x, y = 0 } = point)`: the right side first, then each target in order. Its value is the right side. */
export function destructuringAssignment(ctx: LowerContext, pattern: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression, right: ts.Expression): Expr {
  // A rest element takes an array: a literal on the right is one, not the tuple TypeScript sees.
  let wanted: IrType | undefined;
  if (ts.isArrayLiteralExpression(pattern) && pattern.elements.some(ts.isSpreadElement) && ts.isArrayLiteralExpression(right) && !right.elements.some(ts.isSpreadElement)) {
    const own = ctx.typeOf(right);
    if (own.kind === "object" && own.layout.kind === "tuple") wanted = { kind: "array", element: unionOf(own.layout.fields.map((f) => f.type)) };
  }
  const value = ctx.expr(right, wanted);
  const holder = ctx.temp(value.type, "assigned");
  const read: Expr = { kind: "local", local: holder, type: value.type };
  return { kind: "sequence", statements: [{ kind: "let", local: holder, init: value }, ...assignPattern(ctx, pattern, read)], result: read, type: value.type };
}

export function assignPattern(ctx: LowerContext, pattern: ts.Expression, source: Expr): Stmt[] {
  if (ts.isArrayLiteralExpression(pattern) || ts.isObjectLiteralExpression(pattern)) {
    if (ts.isArrayLiteralExpression(pattern)) source = iteratedSource(source);
    const holder = ctx.temp(source.type, "destructured");
    const read: Expr = { kind: "local", local: holder, type: source.type };
    const out: Stmt[] = [{ kind: "let", local: holder, init: source }];
    if (ts.isArrayLiteralExpression(pattern)) {
      pattern.elements.forEach((element, index) => {
        if (ts.isOmittedExpression(element)) return;
        if (ts.isSpreadElement(element)) {
          out.push(...assignPattern(ctx, element.expression, restOfArray(ctx, read, index, element)));
          return;
        }
        out.push(...assignTarget(ctx, element, ctx.indexed(read, { kind: "number", value: index, type: numberType }, element, index)));
      });
      return out;
    }
    const taken = pattern.properties.filter((p) => !ts.isSpreadAssignment(p)).map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : ""));
    for (const property of pattern.properties) {
      if (ts.isSpreadAssignment(property)) {
        out.push(...assignPattern(ctx, property.expression, restObject(ctx, read, taken, ctx.typeOf(property.expression), property)));
        continue;
      }
      if (ts.isShorthandPropertyAssignment(property)) {
        // `{ x } = p` assigns the variable x (the name is also the property's).
        const part = ctx.property(read, property.name.text, property);
        const initializer = property.objectAssignmentInitializer;
        const symbol = ctx.checker.getShorthandAssignmentValueSymbol(property);
        const local = symbol && ctx.scope.get(symbol);
        if (!local) unsupported(property, `assigning to \`${property.name.text}\``, "assign to local variables and fields");
        const value = initializer ? withDefault(ctx, part, initializer, local.type) : part;
        out.push({ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value: ctx.coerce(value, local.type, property), type: local.type } });
      } else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        out.push(...assignTarget(ctx, property.initializer, ctx.property(read, property.name.text, property)));
      } else {
        unsupported(property, "this destructuring target", "name the properties");
      }
    }
    return out;
  }
  const target = ctx.lvalue(pattern);
  const type = ctx.targetType(target);
  return [{ kind: "expr", expr: { kind: "assign", target, value: ctx.coerce(source, type, pattern), type } }];
}

/** One element of a destructuring assignment: a target, a nested pattern, or either with `= default`. */
function assignTarget(ctx: LowerContext, element: ts.Expression, part: Expr): Stmt[] {
  if (ts.isBinaryExpression(element) && element.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return assignPattern(ctx, element.left, withDefault(ctx, part, element.right, ctx.typeOf(element.left)));
  }
  return assignPattern(ctx, element, part);
}
