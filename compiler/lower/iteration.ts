/**
 * Iteration: for and for...of loops, spread and Array.from sources, Map/Set/string/array views.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { booleanType, displayType, Expr, IrType, isSubtype, Local, numberType, opNamed, optionalOf, Stmt, stringType, unionOf } from "../ir/index.js";
import { convertedCopy } from "./builtins/index.js";
import type { IterationKind, LowerContext } from "./context.js";
import { isDict } from "./dicts.js";
import { unsupported } from "./errors.js";

export function forStatement(ctx: LowerContext, node: ts.ForStatement): Stmt[] {
  const prologue: Stmt[] = [];
  const renew: Local[] = [];
  if (node.initializer) {
    if (ts.isVariableDeclarationList(node.initializer)) {
      prologue.push(...ctx.variableDeclarations(node.initializer));
      // `let` bindings captured by closures are fresh in each iteration.
      for (const declaration of node.initializer.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const local = ctx.scope.get(ctx.checker.getSymbolAtLocation(declaration.name)!);
        if (local?.cell) renew.push(local);
      }
    } else {
      prologue.push({ kind: "expr", expr: ctx.expr(node.initializer) });
    }
  }
  const block = ctx.loop(
    node,
    (label) => ({
      kind: "loop",
      label,
      condition: node.condition ? ctx.condition(node.condition) : undefined,
      body: ctx.statements([node.statement]),
      update: node.incrementor ? [{ kind: "expr", expr: ctx.expr(node.incrementor) }] : [],
      testFirst: true,
      renew,
    }),
    prologue,
  );
  return [{ kind: "block", body: block }];
}

/** The variable each step of a for...of or for...in binds (or the targets it assigns), and the statements binding it. */
function loopElement(ctx: LowerContext, initializer: ts.ForInitializer, elementType: IrType): { element: Local; prologue: Stmt[]; declared: boolean } {
  const loop = ts.isForInStatement(initializer.parent) ? "for...in" : "for...of";
  if (ts.isVariableDeclarationList(initializer) && initializer.declarations.length !== 1) unsupported(initializer, `${loop} declaring several variables`, `declare one: ${loop === "for...in" ? "for (const key in object)" : "for (const x of xs)"}`);
  const declaration = ts.isVariableDeclarationList(initializer) ? initializer.declarations[0]! : undefined;
  if (!declaration) {
    // `for (x of xs)`, `for ([a, b] of pairs)`: each element is assigned to existing targets.
    const element = ctx.declareLocal("element", elementType);
    return { element, prologue: ctx.assignPattern(initializer as ts.Expression, { kind: "local", local: element, type: elementType }), declared: false };
  }
  if (ts.isIdentifier(declaration.name)) {
    return { element: ctx.declareLocal(declaration.name.text, elementType, ctx.checker.getSymbolAtLocation(declaration.name)), prologue: [], declared: true };
  }
  const element = ctx.declareLocal("element", elementType);
  return { element, prologue: ctx.destructure(declaration.name, { kind: "local", local: element, type: elementType }), declared: false };
}

/**
 * `for (const key in object)`: the object's own enumerable keys, which for compiled objects are
 * Object.keys (a class's methods live on its prototype and are not enumerable); taken when the loop
 * starts, as V8 does, so a property added in the loop is not visited.
 */
export function forInStatement(ctx: LowerContext, node: ts.ForInStatement): Stmt[] {
  const object = ctx.expr(node.expression);
  // A dict's keys, taken when the loop starts, in property order.
  const dictKeys: Expr | undefined = isDict(object.type) ? { kind: "runtime", op: opNamed("collect.keys"), args: [object], type: { kind: "array", element: stringType } } : undefined;
  if (!dictKeys && (object.type.kind !== "object" || object.type.layout.kind === "tuple")) {
    const instead = object.type.kind === "array" || object.type.kind === "object" ? "for (let i = 0; i < xs.length; i++), or for (const [i, x] of xs.entries())" : object.type.kind === "map" ? "for (const [key, value] of map)" : "iterate an object's keys, or use for...of";
    unsupported(node.expression, `\`for...in\` over ${displayType(object.type)}`, instead);
  }
  const keys: Expr = dictKeys ?? { kind: "runtime", op: opNamed("object.keys"), args: [object], type: { kind: "array", element: stringType } };
  const label = ctx.newLabel();
  ctx.targets.push({ label, tsLabel: ctx.takePendingLabel(), kind: "loop" });
  try {
    const { element, prologue } = loopElement(ctx, node.initializer, stringType);
    return [{ kind: "forOf", label, array: keys, element, body: [...prologue, ...ctx.statements([node.statement])] }];
  } finally {
    ctx.targets.pop();
  }
}

export function forOfStatement(ctx: LowerContext, node: ts.ForOfStatement): Stmt[] {
  if (node.awaitModifier) unsupported(node, "`for await`", "iterate synchronously");
  const { source, what, elementType } = iterationSource(ctx, node.expression);
  const label = ctx.newLabel();
  ctx.targets.push({ label, tsLabel: ctx.takePendingLabel(), kind: "loop" });
  try {
    const { element, prologue, declared } = loopElement(ctx, node.initializer, elementType);
    // TypeScript types a match's elements `string`, but a group that took no part is undefined:
    // where the variable is used as a string, that is checked (TypeError), as match methods do.
    if (declared && source.kind === "convert" && source.value.type.kind === "regexpMatch") element.claimed = true;
    const body = [...prologue, ...ctx.statements([node.statement])];
    if (what === "arrayKeys" || what === "arrayEntries") {
      // The element is bound afresh each step; the declared name binds to it through `element`.
      const step = ctx.temp(elementType, "step");
      return [{ kind: "block", body: arrayViewLoop(ctx, source, what, step, [{ kind: "let", local: element, init: { kind: "local", local: step, type: elementType } }, ...body], label, node) }];
    }
    if (what === "bytes") return [{ kind: "block", body: bytesLoop(ctx, source, element, body, label) }];
    if (what === "array") return [{ kind: "forOf", label, array: source, element, body }];
    return [{ kind: "forOfCollection", label, source, what, element, body }];
  } finally {
    ctx.targets.pop();
  }
}

/** What for...of (and spread) iterate: arrays, strings (by code point), maps, sets and their views. */
function iterationSource(ctx: LowerContext, node: ts.Expression, expected?: IrType): { source: Expr; what: IterationKind; elementType: IrType } {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 0) {
    const method = node.expression.name.text;
    if (method === "keys" || method === "values" || method === "entries") {
      const receiver = ctx.expr(node.expression.expression);
      if (receiver.type.kind === "map" || receiver.type.kind === "set") {
        const key = receiver.type.kind === "map" ? receiver.type.key : receiver.type.element;
        const value = receiver.type.kind === "map" ? receiver.type.value : receiver.type.element;
        const elementType = method === "keys" ? key : method === "values" ? value : pairType(ctx, key, value, node);
        return { source: receiver, what: method, elementType };
      }
      if (receiver.type.kind === "array") {
        if (method === "values") return { source: receiver, what: "array", elementType: receiver.type.element };
        return { source: receiver, what: method === "keys" ? "arrayKeys" : "arrayEntries", elementType: method === "keys" ? numberType : pairType(ctx, numberType, receiver.type.element, node) };
      }
    }
  }
  const source = iterable(ctx, node, expected);
  const type = source.type;
  if (type.kind === "array") return { source, what: "array", elementType: type.element };
  if (type.kind === "string") return { source, what: "chars", elementType: stringType };
  if (type.kind === "map") return { source, what: "entries", elementType: pairType(ctx, type.key, type.value, node) };
  if (type.kind === "set") return { source, what: "values", elementType: type.element };
  if (type.kind === "bytes") return { source, what: "bytes", elementType: numberType };
  if (type.kind === "regexpMatch") return { source: { kind: "convert", value: source, type: { kind: "array", element: optionalOf(stringType) }, checked: false }, what: "array", elementType: optionalOf(stringType) };
  unsupported(node, `iterating a ${displayType(type)}`, "iterate arrays, strings, Maps and Sets");
}

/** An iterated expression; a tuple is iterated as the array it is in JavaScript. */
function iterable(ctx: LowerContext, node: ts.Expression, expected?: IrType): Expr {
  // An array literal takes the element type the context expects (`new Map<K, V>([[k, {...}]])`).
  if (expected && ts.isArrayLiteralExpression(node)) return ctx.expr(node, expected);
  const own = ctx.typeOf(node);
  if (own.kind !== "object" || own.layout.kind !== "tuple") return ctx.expr(node, expected);
  const element = unionOf(own.layout.fields.map((f) => f.type));
  const asArray: IrType = { kind: "array", element };
  if (ts.isArrayLiteralExpression(node)) return ctx.expr(node, asArray);
  const tuple = ctx.expr(node);
  const holder = ctx.temp(tuple.type, "tuple");
  const read: Expr = { kind: "local", local: holder, type: tuple.type };
  const layout = own.layout;
  return {
    kind: "sequence",
    statements: [{ kind: "let", local: holder, init: tuple }],
    result: { kind: "arrayLiteral", elements: layout.fields.map((field) => ctx.coerce({ kind: "field", object: read, layout, field, type: field.type }, element, node)), type: asArray },
    type: asArray,
  };
}

/** The [key, value] tuple type of map entries. */
function pairType(ctx: LowerContext, key: IrType, value: IrType, node: ts.Node): IrType {
  const tuple = ctx.checker.getTypeAtLocation(node);
  const iterated = ctx.checker.getTypeArguments(tuple as ts.TypeReference)[0];
  if (iterated && ctx.checker.isTupleType(iterated)) return ctx.mapType(iterated, node);
  return ctx.host.types.tupleOf([key, value]);
}

/** The array a spread `...x` contributes (arrays as is; strings, Sets, Maps converted). */
export function spreadSource(ctx: LowerContext, node: ts.Expression, element: IrType): Expr {
  // An array literal is built with the wanted element type (new Map<K, V>([[k, v], ...])).
  if (ts.isArrayLiteralExpression(node)) return ctx.expr(node, { kind: "array", element });
  const asArray = iterated(ctx, node, element);
  const target: IrType = { kind: "array", element };
  const elementType = (asArray.type as Extract<IrType, { kind: "array" }>).element;
  // Class instances spread into an array of an interface type: the copy holds the same objects.
  if (!isSubtype(elementType, element)) ctx.host.implementations.register(elementType, element, node);
  // Elements of another representation are converted one by one (the spread copies anyway).
  if (!isSubtype(asArray.type, target) && !isSubtype(target, asArray.type) && isSubtype(elementType, element)) return convertedCopy(ctx, asArray, element, node);
  return ctx.coerce(asArray, target, node);
}

/** What `...node` iterates, as an array of the elements' own type (`element`: what the context expects). */
export function iterated(ctx: LowerContext, node: ts.Expression, element?: IrType): Expr {
  const { source, what, elementType } = iterationSource(ctx, node, element && { kind: "array", element });
  const type: IrType = { kind: "array", element: elementType };
  if (what === "arrayKeys" || what === "arrayEntries") {
    const result = ctx.temp(type, "collected");
    const item = ctx.temp(elementType, "item");
    const push: Stmt = { kind: "expr", expr: { kind: "runtime", op: "array.push", args: [{ kind: "local", local: result, type }, { kind: "local", local: item, type: elementType }], type: numberType } };
    const statements: Stmt[] = [{ kind: "let", local: result, init: { kind: "arrayLiteral", elements: [], type } }, ...arrayViewLoop(ctx, source, what, item, [push], ctx.newLabel(), node)];
    return { kind: "sequence", statements, result: { kind: "local", local: result, type }, type };
  }
  if (what === "bytes") return { kind: "runtime", op: "bytes.toArray", args: [source], type };
  return what === "array" ? source : { kind: "runtime", op: opNamed(`collect.${what}`), args: [source], type };
}

/** `for (const b of bytes)`: each element read when its step comes, as the array iterator does. */
function bytesLoop(ctx: LowerContext, bytes: Expr, element: Local, body: Stmt[], label: string): Stmt[] {
  return stepLoop(ctx, bytes, "bytes.length", label, (view, i) => [{ kind: "let", local: element, init: { kind: "runtime", op: "bytes.read", args: [view, i], type: numberType } }, ...body]);
}

/** Steps an index over `source` (held once), reading its length at each step; `body` gets the held source and the index. */
function stepLoop(ctx: LowerContext, source: Expr, length: "array.length" | "bytes.length", label: string, body: (view: Expr, i: Expr) => Stmt[]): Stmt[] {
  const held = ctx.temp(source.type, "iterated");
  const index = ctx.temp(numberType, "index");
  const view: Expr = { kind: "local", local: held, type: source.type };
  const i: Expr = { kind: "local", local: index, type: numberType };
  return [
    { kind: "let", local: held, init: source },
    { kind: "let", local: index, init: { kind: "number", value: 0, type: numberType } },
    {
      kind: "loop",
      label,
      condition: { kind: "binary", op: "<", left: i, right: { kind: "runtime", op: length, args: [view], type: numberType }, type: booleanType },
      body: body(view, i),
      update: [{ kind: "expr", expr: { kind: "compound", target: { kind: "local", local: index }, op: "+", value: { kind: "number", value: 1, type: numberType }, returnOld: false, type: numberType } }],
      testFirst: true,
      renew: [],
    },
  ];
}

/**
 * `for (const i of xs.keys())`, `for (const [i, x] of xs.entries())`: the array iterator reads
 * the length at each step, as for...of over the array does.
 */
function arrayViewLoop(ctx: LowerContext, array: Expr, what: "arrayKeys" | "arrayEntries", element: Local, body: Stmt[], label: string, node: ts.Node): Stmt[] {
  const elementType = (array.type as Extract<IrType, { kind: "array" }>).element;
  return stepLoop(ctx, array, "array.length", label, (arrayRead, i) => {
    let value: Expr = i;
    if (what === "arrayEntries") {
      const layout = (element.type as Extract<IrType, { kind: "object" }>).layout;
      const item: Expr = { kind: "runtime", op: "array.get", args: [arrayRead, i], type: elementType };
      value = { kind: "objectLiteral", layout, fields: [{ field: layout.fields[0]!, value: i }, { field: layout.fields[1]!, value: ctx.coerce(item, layout.fields[1]!.type, node) }], keys: [], type: element.type };
    }
    return [{ kind: "let", local: element, init: value }, ...body];
  });
}
