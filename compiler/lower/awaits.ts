/**
 * `await` statements: each a suspension point of an async function's state machine (docs/async.md).
 * compiler/subset.ts has rejected every other place an `await` may stand; the forms left are
 * `await e;`, `const v = await e;`, `x = await e;` and `return await e;`.
 */
import { ts } from "../ts-morph.js";
import { diag } from "../diagnostics/catalogue.js";
import { Expr, IrType, numberType, Stmt, stringType, undefinedType, voidType } from "../ir/index.js";
import { apiExportName } from "./api.js";
import type { LowerContext } from "./context.js";
import { LoweringError } from "./errors.js";
import { calloutArgs, type Awaited } from "./callout-request.js";
import { httpStreamAwait } from "./http-streams.js";
import { awaitedCalls, isAsyncDeclaration, zeroValue } from "./ir-helpers.js";

const skipParentheses = (node: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node);

/** The `await` a statement of one of the forms above holds, if any. */
function awaitIn(node: ts.Statement): ts.AwaitExpression | undefined {
  let value: ts.Expression | undefined;
  if (ts.isExpressionStatement(node)) {
    const expression = skipParentheses(node.expression);
    const assigned = ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    value = assigned ? expression.right : expression;
  } else if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
    value = node.declarationList.declarations[0]!.initializer;
  } else if (ts.isReturnStatement(node)) {
    value = node.expression;
  }
  const inner = value && skipParentheses(value);
  return inner && ts.isAwaitExpression(inner) ? inner : undefined;
}

export function awaitStatement(ctx: LowerContext, node: ts.Statement): Stmt[] | undefined {
  const awaitNode = awaitIn(node);
  if (!awaitNode) return undefined;
  const site = ctx.siteOf(node);
  const awaited = awaitedOperation(ctx, awaitNode);
  // `await e;`: nothing keeps the value.
  if (ts.isExpressionStatement(node) && skipParentheses(node.expression) === awaitNode) {
    // A streamed callout's read settles in its result (it throws a reset, consumes the text): evaluated all the same.
    const settle: Stmt[] = awaited.result && awaited.settlesInResult ? [{ kind: "expr", expr: awaited.result(awaited.type()) }] : [];
    return [...awaited.before, { kind: "await", operation: awaited.operation, site }, ...settle];
  }
  const declaration = ts.isVariableStatement(node) ? node.declarationList.declarations[0]! : undefined;
  const symbol = declaration && ts.isIdentifier(declaration.name) ? ctx.checker.getSymbolAtLocation(declaration.name) : undefined;
  if (declaration && ts.isIdentifier(declaration.name) && awaited.result && !(symbol && (ctx.cells.has(symbol) || ctx.scope.has(symbol)))) {
    // `const v = await sleep(ms)` / `await envoy.httpCallout(...)`: decoded straight into v where the function resumes.
    const type = ctx.mapType(ctx.checker.getTypeAtLocation(declaration.name), declaration.type ?? declaration.name);
    const local = ctx.declareLocal(declaration.name.text, type, symbol);
    return [...awaited.before, { kind: "let", local, init: zeroValue(type, declaration) }, { kind: "await", operation: awaited.operation, target: local, result: awaited.result(type), site }];
  }
  // Otherwise the value waits in a temporary that stands for the `await` in the statement, lowered as usual.
  const awaitedType = awaited.type();
  const type = awaitedType.kind === "void" ? undefinedType : awaitedType;
  const holder = ctx.temp(type, "awaited");
  const out: Stmt[] = [...awaited.before, { kind: "let", local: holder, init: zeroValue(type, awaitNode) }];
  const hasValue = awaitedType.kind !== "void";
  out.push({ kind: "await", operation: awaited.operation, ...(hasValue ? { target: holder } : {}), ...(hasValue && awaited.result ? { result: awaited.result(type) } : {}), site });
  ctx.overrides.set(awaitNode, { kind: "local", local: holder, type });
  try {
    if (ts.isVariableStatement(node)) out.push(...ctx.variableDeclarations(node.declarationList));
    else if (ts.isReturnStatement(node)) out.push({ kind: "return", value: ctx.returnValue(node.expression!) });
    else out.push({ kind: "expr", expr: ctx.expr((node as ts.ExpressionStatement).expression) });
  } finally {
    ctx.overrides.delete(awaitNode);
  }
  return out;
}


/** What an `await` waits for: `sleep(ms)`, `envoy.httpCallout(cluster, request)` or an async function of the filter's. */
function awaitedOperation(ctx: LowerContext, node: ts.AwaitExpression): Awaited {
  const operand = skipParentheses(node.expression);
  const site = ctx.siteOf(node);
  if (ts.isCallExpression(operand) && ts.isIdentifier(operand.expression) && apiExportName(operand.expression, ctx.checker) === "sleep" && operand.arguments.length === 1) {
    const ms = ctx.coerce(ctx.expr(operand.arguments[0]!, numberType), numberType, operand.arguments[0]!);
    return { before: [], operation: { kind: "runtime", op: "async.sleep", args: [ms], type: voidType, site }, type: () => voidType };
  }
  if (ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression) && operand.expression.name.text === "httpCallout" && operand.arguments.length === 2) {
    const receiver = ctx.expr(operand.expression.expression);
    if (receiver.type.kind === "envoy") return httpCallout(ctx, operand, site, () => ctx.typeOf(node));
  }
  if (ts.isCallExpression(operand) && isPromiseAll(ctx, operand)) return promiseAll(ctx, node, operand, site);
  const streamed = httpStreamAwait(ctx, node, operand);
  if (streamed) return streamed;
  if (ts.isCallExpression(operand)) {
    const declaration = ctx.checker.getResolvedSignature(operand)?.declaration;
    if (declaration && isAsyncDeclaration(declaration) && (ts.isMethodDeclaration(declaration) || ts.isFunctionDeclaration(declaration))) {
      awaitedCalls.add(operand);
      const call = ctx.expr(operand);
      if (call.kind !== "call") {
        throw new LoweringError(operand, diag.TSE1071, `awaiting \`${operand.expression.getText().slice(0, 40)}(...)\`, whose method is chosen at run time`, "await a method of the class itself or a module-level async function (a direct call); async methods are not dispatched through subclasses or interfaces");
      }
      return { before: [], operation: { ...call, site }, type: () => call.type };
    }
  }
  throw new LoweringError(operand, diag.TSE1030, `awaiting \`${operand.getText().slice(0, 40)}\``, "await `sleep(ms)`, `envoy.httpCallout(cluster, request)` or an async method or function of your filter (docs/async.md)");
}

/** `envoy.httpCallout(cluster, request)`: the request's fields as the operation's arguments, absent ones defaulted. */
function httpCallout(ctx: LowerContext, call: ts.CallExpression, site: ReturnType<LowerContext["siteOf"]>, responseType: () => IrType): Awaited {
  const { before, args } = calloutArgs(ctx, call);
  const result = (type: IrType): Expr => ({ kind: "runtime", op: "json.parse", args: [{ kind: "runtime", op: "async.result", args: [], type: stringType }], type, site });
  return { before, operation: { kind: "runtime", op: "async.httpCallout", args, type: voidType, site }, type: responseType, result };
}

function isPromiseAll(ctx: LowerContext, call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "all" && ts.isIdentifier(callee.expression) && callee.expression.text === "Promise" && ctx.isGlobal(callee.expression);
}

/**
 * `await Promise.all([...])` over sleeps and callouts: each starts in order as one group
 * (runtime-c/async.c), all pending at once; the function resumes when the last is done, with the
 * results in order, or at the first rejection.
 */
function promiseAll(ctx: LowerContext, node: ts.AwaitExpression, call: ts.CallExpression, site: ReturnType<LowerContext["siteOf"]>): Awaited {
  const [list] = call.arguments;
  if (call.arguments.length !== 1 || !list || !ts.isArrayLiteralExpression(list) || list.elements.length === 0 || list.elements.some(ts.isSpreadElement)) {
    throw new LoweringError(list ?? call, diag.TSE1072, "`Promise.all` of something other than an array literal of its elements", "write the elements in the call: `await Promise.all([envoy.httpCallout(...), sleep(ms)])`");
  }
  const number = (value: number): Expr => ({ kind: "number", value, type: numberType });
  const before: Stmt[] = [{ kind: "expr", expr: { kind: "runtime", op: "async.groupBegin", args: [number(list.elements.length)], type: voidType, site } }];
  const callouts: boolean[] = [];
  for (const element of list.elements) {
    const operand = skipParentheses(element);
    const isSleep = ts.isCallExpression(operand) && ts.isIdentifier(operand.expression) && apiExportName(operand.expression, ctx.checker) === "sleep" && operand.arguments.length === 1;
    const isCallout = ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression) && operand.expression.name.text === "httpCallout" && operand.arguments.length === 2 && ctx.typeOf(operand.expression.expression).kind === "envoy";
    if (!isSleep && !isCallout) {
      throw new LoweringError(element, diag.TSE1072, `\`Promise.all\` over \`${element.getText().slice(0, 40)}\``, "only `sleep(ms)` and `envoy.httpCallout(cluster, request)` run concurrently; await the filter's own async functions one after another");
    }
    const started = isSleep
      ? { before: [], operation: { kind: "runtime", op: "async.sleep", args: [ctx.coerce(ctx.expr(operand.arguments[0]!, numberType), numberType, operand.arguments[0]!)], type: voidType, site } as Expr }
      : httpCallout(ctx, operand, site, () => voidType);
    before.push(...started.before, { kind: "expr", expr: started.operation });
    callouts.push(isCallout);
  }
  // Element i of the result: its callout's response decoded, or undefined for a sleep.
  const elementValue = (i: number, type: IrType): Expr =>
    callouts[i]
      ? { kind: "runtime", op: "json.parse", args: [{ kind: "runtime", op: "async.groupResult", args: [number(i)], type: stringType }], type, site }
      : ctx.coerce({ kind: "undefined", type: undefinedType }, type, list.elements[i]!);
  const result = (type: IrType): Expr => {
    if (type.kind === "object" && type.layout.kind === "tuple") {
      const fields = type.layout.fields.map((field, i) => ({ field, value: elementValue(i, field.type) }));
      return { kind: "objectLiteral", layout: type.layout, fields, keys: [], type };
    }
    if (type.kind !== "array") throw new LoweringError(node, diag.TSE1072, "the result of this `Promise.all`", "await it as a statement, or destructure a tuple of callout responses");
    return { kind: "arrayLiteral", elements: callouts.map((_, i) => elementValue(i, type.element)), type };
  };
  return { before, operation: { kind: "runtime", op: "async.groupEnd", args: [], type: voidType, site }, type: () => ctx.typeOf(node), result };
}
