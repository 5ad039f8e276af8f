/**
 * Closures: arrow functions, function expressions and nested function declarations become
 * module functions plus captured cells; `this` inside them is captured.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { compatible, Expr, IrType, isSubtype, Local, voidType } from "../ir/index.js";
import { freeVariables } from "./captures.js";
import type { LowerContext } from "./context.js";
import { LoweringError, unsupported } from "./errors.js";
import { diag } from "../diagnostics/catalogue.js";

/**
 * A closure over an arrow function, function expression, nested function declaration or object
 * literal method. `receiver`: a method's closure, taking the receiver first; it is `this` inside
 * (not in an arrow function, whose `this` is the enclosing one).
 */
export function lambda(ctx: LowerContext, node: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration, expected?: Extract<IrType, { kind: "function" }>, receiver?: IrType): Expr {
  if (node.asteriskToken) unsupported(node, "a generator function", "return an array");
  if (node.typeParameters?.length) unsupported(node, "a generic function value", "declare a generic function at the top level");
  const ownType = ownFunctionType(ctx, node, expected);
  if (ownType.kind !== "function") unsupported(node, "this function", "give it a plain signature");
  // The contextual signature may pass more arguments than the function declares.
  let type: Extract<IrType, { kind: "function" }> =
    expected && expected.params.length >= ownType.params.length && ownType.params.every((p, i) => compatible(p, expected.params[i]!)) ? { ...ownType, params: expected.params } : ownType;
  // Where a function returning void is expected, whatever this one returns is ignored (as in JS).
  if (expected?.returns.kind === "void") type = { ...type, returns: voidType };
  // Without an annotation, the expected return type types what it returns (object literals, [] ...).
  else if (expected && !node.type && !isSubtype(type.returns, expected.returns)) type = { ...type, returns: expected.returns };
  // One that never returns (it always throws) fits any expected return type.
  const [signature] = ctx.checker.getTypeAtLocation(node).getCallSignatures();
  if (expected && signature && signature.getReturnType().getFlags() & ts.TypeFlags.Never) type = { ...type, returns: expected.returns };
  const name = (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name) ? node.name.text : `lambda${++ctx.lambdaCount}`;
  const fn = ctx.host.newFunction(`${ctx.fn.cName}_${name}`, `${name} in ${ctx.fn.displayName}`, type.returns);
  const envStruct = `env_${fn.cName}`;
  const lowerer = ctx.nested(fn);
  const { symbols, usesThis } = freeVariables(node, ctx.checker);
  const captures: { outer: Local; inner: Local }[] = [];
  for (const symbol of symbols) {
    const outer = ctx.scope.get(symbol);
    if (!outer) {
      if (ctx.poisoned.has(symbol)) throw new LoweringError(node, diag.TSE2000, "already reported", "", true);
      continue; // module-level or not a value: resolved by name inside
    }
    const inner: Local = { ...outer, cName: `cap_${outer.cName}`, captured: { envStruct, field: `cap_${outer.cName}` } };
    lowerer.scope.set(symbol, inner);
    lowerer.usedNames.add(inner.cName);
    captures.push({ outer, inner });
  }
  const ownThis = !ts.isArrowFunction(node);
  if (usesThis && !ownThis) {
    const outer = thisLocal(ctx, node);
    const inner: Local = { ...outer, cName: "cap_self", captured: { envStruct, field: "cap_self" } };
    lowerer.capturedThis = inner;
    captures.push({ outer, inner });
  } else if (usesThis && !receiver) {
    if (ts.isMethodDeclaration(node)) unsupported(node, "`this` in a method stored in a function-typed property", "declare it as a method of the object's type (name(x: T): U), or use an arrow function");
    unsupported(node, "`this` in a function expression", "use an arrow function, which sees the enclosing `this`");
  }
  fn.closure = { envStruct, captures };
  lowerer.analyze(node);
  if (receiver) {
    const self = lowerer.declareLocal("this", receiver);
    fn.params.push(self);
    if (ownThis) lowerer.capturedThis = self;
  }
  const prologue = lowerer.lowerParameters(node, type);
  if (ts.isFunctionExpression(node) && node.name) {
    // A named function expression sees its own name: the closure being called.
    const self = lowerer.declareLocal(node.name.text, type, ctx.checker.getSymbolAtLocation(node.name));
    prologue.unshift({ kind: "let", local: self, init: { kind: "runtime", op: "closure.self", args: [], type } });
  }
  lowerer.lowerBody(node.body!, prologue);
  return { kind: "closure", fn, type: receiver ? { ...type, params: [receiver, ...type.params] } : type };
}

/**
 * The function's own type. A parameter TypeScript infers as `unknown` (`_` in
 * `Array.from({ length: n }, (_, i) => i)`) takes the type the caller passes.
 */
function ownFunctionType(ctx: LowerContext, node: ts.SignatureDeclaration, expected: Extract<IrType, { kind: "function" }> | undefined): Extract<IrType, { kind: "function" }> {
  const [signature] = ctx.checker.getTypeAtLocation(node).getCallSignatures();
  const parameters = signature?.getParameters() ?? [];
  const isUnknown = (p: ts.Symbol) => !!(ctx.checker.getTypeOfSymbolAtLocation(p, node).getFlags() & ts.TypeFlags.Unknown);
  if (!expected || !signature || signature.getTypeParameters()?.length || parameters.length > expected.params.length || !parameters.some(isUnknown)) {
    return ctx.typeOf(node) as Extract<IrType, { kind: "function" }>;
  }
  const params = parameters.map((p, i) => (isUnknown(p) ? expected.params[i]! : ctx.mapType(ctx.checker.getTypeOfSymbolAtLocation(p, node), node)));
  return { kind: "function", params, returns: ctx.mapType(signature.getReturnType(), node) };
}

export function thisLocal(ctx: LowerContext, node: ts.Node): Local {
  if (ctx.capturedThis) return ctx.capturedThis;
  if (ctx.fn.self) return ctx.fn.self.local;
  unsupported(node, "`this` outside a class", "use `this` in methods and constructors");
}
