/**
 * Calls: arguments (spreads, rest parameters), calls of functions, methods and values, Envoy API
 * and log calls, and `new`. Library calls go to builtins/.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { httpStreamCall } from "./http-streams.js";
import { ts } from "../ts-morph.js";
import { displayType, errorType, Expr, IrType, numberType, optionalOf, stringType, undefinedType, voidType } from "../ir/index.js";
import { apiExportName, envoyMethodOp, logLevel } from "./api.js";
import { FILTER_KINDS, kindOfHandle } from "../api/kinds.js";
import { lowerBuiltinCall, lowerBuiltinNew, newArrayFilled } from "./builtins/index.js";
import type { LowerContext } from "./context.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { LoweringError, unsupported } from "./errors.js";
import { typeArgumentsAt } from "./generics.js";
import { awaitedCalls, ERROR_CONSTRUCTORS, isAsyncDeclaration } from "./ir-helpers.js";
import { methodCall } from "./members.js";
import { perRouteCallType, requirePerRouteTypeArgument } from "./per-route.js";
import { checkSnapshotType, SNAPSHOT_METHODS } from "./snapshots.js";
import { backgroundTaskOf } from "./background-tasks.js";
import { Substitution } from "./types.js";

/** Arguments for parameters `params` (with a rest parameter at `restIndex`). */
export function args(ctx: LowerContext, call: ts.CallExpression | ts.NewExpression, params: IrType[], restIndex?: number): Expr[] {
  const given = call.arguments ?? [];
  const out: Expr[] = [];
  params.forEach((param, i) => {
    if (i === restIndex) {
      const element = (param as Extract<IrType, { kind: "array" }>).element;
      const rest = given.slice(i).map((a) => (ts.isSpreadElement(a) ? { spread: ctx.spreadSource(a.expression, element) } : ctx.coerce(ctx.expr(a, element), element, a)));
      out.push({ kind: "arrayLiteral", elements: rest, type: param });
      return;
    }
    const argument = given[i];
    if (argument && ts.isSpreadElement(argument)) unsupported(argument, "spreading into fixed parameters", "pass the arguments one by one, or take a rest parameter");
    out.push(argument ? ctx.coerce(ctx.expr(argument, param), param, argument) : ctx.coerce({ kind: "undefined", type: undefinedType }, param, call));
  });
  return out;
}

export function call(ctx: LowerContext, node: ts.CallExpression, expected?: IrType): Expr {
  const callee = node.expression;
  // `f?.(x)`, `o.f?.(x)`: the optional chain has already evaluated the callee.
  const evaluated = ctx.overrides.get(callee);
  if (evaluated) return callValue(ctx, node, evaluated);
  if (callee.kind === ts.SyntaxKind.SuperKeyword) return ctx.host.classes.superCall(ctx, node);
  // Any call of an async function or method (static, super, on an instance) outside an await.
  const target = ctx.checker.getResolvedSignature(node)?.declaration;
  if (target && isAsyncDeclaration(target)) notAwaited(node, callee.getText().slice(0, 40));
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.SuperKeyword) return ctx.host.classes.superMethodCall(ctx, node, callee.name.text);
  if (ts.isPropertyAccessExpression(callee)) {
    const receiverName = apiExportName(callee.expression, ctx.checker);
    if (receiverName === "log") return logCall(ctx, node, callee.name.text);
    const global = ts.isIdentifier(callee.expression) && ctx.isGlobal(callee.expression) ? callee.expression.text : undefined;
    if (global) {
      const builtin = lowerBuiltinCall(ctx, node, `${global}.${callee.name.text}`, undefined, expected);
      if (builtin) return builtin;
      if (["Math", "JSON", "Object", "Number", "Array", "String", "Date", "Promise", "console"].includes(global)) {
        unsupported(node, `\`${global}.${callee.name.text}\``, "see docs/language.md for the supported library");
      }
    }
    const staticCall = ctx.host.classes.staticCall(ctx, node);
    if (staticCall) return staticCall;
    const filled = newArrayFilled(ctx, node, expected);
    if (filled) return filled;
    const receiver = ctx.expr(callee.expression);
    if (receiver.type.kind === "envoy") return envoyCall(ctx, node, callee.name.text);
    if (receiver.type.kind === "object" && receiver.type.layout.kind === "class") {
      const dispatched = ctx.host.classes.methodCall(ctx, node, receiver, receiver.type.layout, callee.name.text);
      if (dispatched) return dispatched;
      // The override objects of this layout have (TypeScript names the declaration of the static type).
      const named = ctx.symbolOf(callee.name)?.valueDeclaration;
      const declaration = named && ts.isMethodDeclaration(named) ? (ctx.host.classes.findMethod(receiver.type.layout, callee.name.text) ?? named) : undefined;
      if (declaration) {
        const method = ctx.host.methodFor(declaration, receiver.type.layout, callSubstitution(ctx, declaration, node));
        return { kind: "call", callee: method, self: receiver, args: args(ctx, node, method.params.map((p) => p.type), method.restIndex), type: method.returnType };
      }
    }
    const builtin = lowerBuiltinCall(ctx, node, callee.name.text, receiver, expected);
    if (builtin) return builtin;
    const dispatched = methodCall(ctx, node, receiver, callee.name.text);
    if (dispatched) return dispatched;
    const property = receiver.type.kind === "object" || receiver.type.kind === "union" ? ctx.property(receiver, callee.name.text, callee) : undefined;
    if (property && property.type.kind === "function") return callValue(ctx, node, property);
    unsupported(node, `calling \`${callee.name.text}\` on ${displayType(receiver.type)}`, "see docs/language.md for the supported methods");
  }
  if (ts.isIdentifier(callee)) {
    const api = apiExportName(callee, ctx.checker);
    if (api === "sleep") throw new LoweringError(node, diag.TSE1030, "`sleep(ms)` other than as `await sleep(ms);`", CATALOGUE.TSE1030.hint);
    if (api && FILTER_KINDS.some((kind) => kind.register === api)) unsupported(node, `${api} inside a function`, `call ${api} at the top level of the entry file`);
    const symbol = ctx.symbolOf(callee);
    if (symbol && ctx.scope.has(symbol)) return callValue(ctx, node, ctx.expr(callee));
    if (ctx.isGlobal(callee)) {
      const builtin = lowerBuiltinCall(ctx, node, callee.text, undefined, expected);
      if (builtin) return builtin;
    }
    const declaration = symbol?.valueDeclaration;
    if (declaration && ts.isFunctionDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile) {
      const substitution = callSubstitution(ctx, declaration, node);
      const fn = ctx.host.functionFor(declaration, substitution);
      return { kind: "call", callee: fn, args: args(ctx, node, fn.params.map((p) => p.type), fn.restIndex), type: fn.returnType };
    }
    unsupported(node, `calling \`${callee.text}\``, "call functions declared in your filter's files; see docs/language.md for the supported library");
  }
  return callValue(ctx, node, ctx.expr(callee));
}

/** An async function's call other than as what an `await` waits for (lower/awaits.ts): its promise would float. */
function notAwaited(node: ts.CallExpression, name: string): void {
  if (awaitedCalls.has(node)) return;
  throw new LoweringError(node, diag.TSE1070, formatMessage(diag.TSE1070, { name }), CATALOGUE.TSE1070.hint.replaceAll("{name}", name));
}

/** Concrete types for the type parameters of a generic function called at `node`. */
function callSubstitution(ctx: LowerContext, declaration: ts.SignatureDeclaration, node: ts.CallExpression | ts.NewExpression): Substitution {
  if (!declaration.typeParameters?.length) return new Map();
  const bindings = typeArgumentsAt(declaration, node, ctx.checker);
  const substitution = new Map<ts.Type, IrType>();
  for (const parameter of declaration.typeParameters) {
    const type = ctx.checker.getTypeAtLocation(parameter);
    const bound = bindings.get(type);
    if (!bound) unsupported(node, `calling a generic function whose type parameter ${parameter.name.text} cannot be inferred`, `pass it explicitly: ${declaration.name?.getText() ?? "f"}<...>(...)`);
    substitution.set(type, ctx.mapType(bound, node));
  }
  return substitution;
}

function callValue(ctx: LowerContext, node: ts.CallExpression, callee: Expr): Expr {
  const type = callee.type;
  if (type.kind !== "function") unsupported(node, `calling a ${displayType(type)}`, "call functions");
  return { kind: "callValue", callee, args: args(ctx, node, type.params), type: type.returns };
}

function envoyCall(ctx: LowerContext, node: ts.CallExpression, method: string): Expr {
  if (method === "getPerRouteConfig") requirePerRouteTypeArgument(node);
  if (method === "httpCallout") throw new LoweringError(node, diag.TSE1030, "`envoy.httpCallout(...)` other than as `await envoy.httpCallout(...)`", CATALOGUE.TSE1030.hint);
  const streamed = httpStreamCall(ctx, node, method);
  if (streamed) return streamed;
  const resultType = ctx.typeOf(node);
  // The receiver's handle type says whose method it is (compiler/api/kinds.ts); EnvoyFilterConfig's are HTTP's table.
  const receiverType = ctx.checker.getTypeAtLocation((node.expression as ts.PropertyAccessExpression).expression);
  const kind = kindOfHandle((receiverType.getSymbol() ?? receiverType.aliasSymbol)?.getName() ?? "") ?? FILTER_KINDS[0]!;
  const op = envoyMethodOp(method, kind.kind);
  if (!op) unsupported(node, `${kind.handle}.${method}`, `see docs/api.md for the ${kind.handle} methods`);
  // The task's class is checked before its type is mapped (an interface's run returns a Promise).
  if (method === "startBackgroundTask") ctx.host.recordBackgroundTask(backgroundTaskOf(ctx, node));
  // Arguments take the types the API declares (Header[] | undefined, string | undefined, ...).
  const signature = ctx.checker.getResolvedSignature(node)!;
  const params = signature.parameters.map((parameter) => {
    const type = ctx.mapType(ctx.checker.getTypeOfSymbolAtLocation(parameter, node), node);
    const declaration = parameter.valueDeclaration;
    return declaration && ts.isParameter(declaration) && declaration.questionToken ? optionalOf(type) : type;
  });
  if (method === "getPerRouteConfig") ctx.host.recordPerRouteCall(node, perRouteCallType(resultType));
  if ((SNAPSHOT_METHODS as readonly string[]).includes(method)) {
    // T: defineSnapshot's and publishSnapshot's value's type, getSnapshot's result's.
    const valued = method === "defineSnapshot" || method === "publishSnapshot";
    const tsType = valued ? ctx.checker.getTypeOfSymbolAtLocation(signature.parameters[method === "publishSnapshot" ? 1 : 0]!, node) : ctx.checker.getTypeAtLocation(node);
    const type = method === "defineSnapshot" ? params[0]! : method === "publishSnapshot" ? params[1]! : resultType;
    const literals = checkSnapshotType(node, tsType, type, ctx.checker);
    ctx.host.recordSnapshotCall(node, type, literals);
    if (method === "defineSnapshot" && literals) return { kind: "runtime", op, args: args(ctx, node, params), type: resultType, literals };
  }
  return { kind: "runtime", op, args: args(ctx, node, params), type: resultType };
}

function logCall(ctx: LowerContext, node: ts.CallExpression, level: string): Expr {
  const levelNumber = logLevel(level);
  if (levelNumber === undefined) unsupported(node, `log.${level}`, "use log.trace, debug, info, warn, error or critical");
  const [message] = node.arguments;
  const text = message ? ctx.coerce(ctx.expr(message), stringType, message) : ({ kind: "string", value: "", type: stringType } as Expr);
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  return {
    kind: "runtime",
    op: "log",
    args: [
      { kind: "number", value: levelNumber, type: numberType },
      text,
      { kind: "string", value: ctx.host.sourceName(file), type: stringType },
      { kind: "number", value: line, type: numberType },
    ],
    type: voidType,
  };
}

export function newExpression(ctx: LowerContext, node: ts.NewExpression, expected?: IrType): Expr {
  if (ts.isIdentifier(node.expression) && ctx.isGlobal(node.expression)) {
    const name = node.expression.text;
    if (ERROR_CONSTRUCTORS.has(name)) {
      const [argument] = node.arguments ?? [];
      const message = argument ? ctx.toStringExpr(ctx.expr(argument), argument) : ({ kind: "string", value: "", type: stringType } as Expr);
      return { kind: "runtime", op: "error.new", args: [{ kind: "number", value: [...ERROR_CONSTRUCTORS].indexOf(name), type: numberType }, message], type: errorType };
    }
    const builtin = lowerBuiltinNew(ctx, node, name, expected);
    if (builtin) return builtin;
    unsupported(node, `\`new ${name}\``, "see docs/language.md for the supported library");
  }
  const type = ctx.typeOf(node);
  if (type.kind !== "object" || type.layout.kind !== "class") unsupported(node, `\`new\` of ${displayType(type)}`, "construct your own classes with `new`");
  const ctor = type.layout.constructorFunction!;
  return { kind: "new", layout: type.layout, args: args(ctx, node, ctor.params.map((p) => p.type), ctor.restIndex), type };
}
