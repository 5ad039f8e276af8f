/**
 * Function bodies: parameters (defaults, destructuring, cells), the body's statements and its return value.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { booleanType, Expr, IrType, isSubtype, membersOf, nonNullish, optionalOf, Stmt, stored, undefinedType, unionOf } from "../ir/index.js";
import type { LowerContext } from "./context.js";
import { unsupported } from "./errors.js";
import { functionSite, siteAt, spanOf, tagSites } from "./sites.js";

/** Declares the parameters of `declaration` as this function's parameters. */
export function lowerParameters(ctx: LowerContext, declaration: ts.SignatureDeclaration, expected?: Extract<IrType, { kind: "function" }>): Stmt[] {
  const prologue: Stmt[] = [];
  declaration.parameters.forEach((parameter, index) => {
    if (parameter.dotDotDotToken) {
      if (index !== declaration.parameters.length - 1) unsupported(parameter, "a rest parameter that is not last", "put it last");
      const type = ctx.mapType(ctx.checker.getTypeAtLocation(parameter), parameter);
      if (type.kind !== "array") unsupported(parameter, "a rest parameter that is not an array", "type it as T[]");
      ctx.fn.restIndex = index;
      bindParameter(ctx, parameter, type, prologue);
      return;
    }
    const declared = stored(expected?.params[index] ?? ctx.mapType(ctx.checker.getTypeAtLocation(parameter), parameter));
    if (parameter.initializer) {
      // Callers may leave it out: the C parameter takes undefined, the body sees the value.
      const external = optionalOf(declared);
      const param = ctx.declareLocal(`${ts.isIdentifier(parameter.name) ? parameter.name.text : "param"}_arg`, external);
      ctx.fn.params.push(param);
      // Only undefined takes the default: `x: T | null = null` keeps null.
      const inside = nonNullish(declared).kind === "undefined" || isSubtype(undefinedType, declared) ? declared : unionOf(membersOf(external).filter((m) => m.kind !== "undefined"));
      const read: Expr = { kind: "local", local: param, type: external };
      const defaultValue = ctx.coerce(ctx.expr(parameter.initializer, inside), inside, parameter.initializer);
      const value: Expr = {
        kind: "conditional",
        condition: { kind: "is", value: read, member: undefinedType, type: booleanType },
        whenTrue: defaultValue,
        whenFalse: ctx.coerce(read, inside, parameter),
        type: inside,
      };
      const holder = ctx.temp(inside, "defaulted");
      prologue.push({ kind: "let", local: holder, init: value });
      bindName(ctx, parameter.name, { kind: "local", local: holder, type: inside }, prologue);
      return;
    }
    bindParameter(ctx, parameter, declared, prologue);
  });
  // Extra parameters the contextual type passes but the function does not declare.
  for (let i = declaration.parameters.length; expected && i < expected.params.length; i++) {
    ctx.fn.params.push(ctx.declareLocal(`unused${i}`, expected.params[i]!));
  }
  return prologue;
}

/** The symbol uses of a parameter's name resolve to (a parameter property's name also names the property). */
export function parameterSymbol(ctx: LowerContext, parameter: ts.ParameterDeclaration): ts.Symbol | undefined {
  if (ts.isIdentifier(parameter.name) && ts.isParameterPropertyDeclaration(parameter, parameter.parent)) {
    return ctx.checker.getSymbolsOfParameterPropertyDeclaration(parameter, parameter.name.text)[0];
  }
  return ctx.checker.getSymbolAtLocation(parameter.name);
}

function bindParameter(ctx: LowerContext, parameter: ts.ParameterDeclaration, type: IrType, prologue: Stmt[]): void {
  if (ts.isIdentifier(parameter.name)) {
    const symbol = parameterSymbol(ctx, parameter);
    if (symbol && ctx.cells.has(symbol)) {
      // A captured parameter assigned later: copy it into a cell.
      const param = ctx.declareLocal(`${parameter.name.text}_arg`, type);
      ctx.fn.params.push(param);
      const local = ctx.declareLocal(parameter.name.text, type, symbol);
      prologue.push({ kind: "let", local, init: { kind: "local", local: param, type } });
    } else {
      ctx.fn.params.push(ctx.declareLocal(parameter.name.text, type, symbol));
    }
    return;
  }
  const param = ctx.declareLocal("param", type);
  ctx.fn.params.push(param);
  prologue.push(...ctx.destructure(parameter.name, { kind: "local", local: param, type }));
}

function bindName(ctx: LowerContext, name: ts.BindingName, value: Expr, into: Stmt[]): void {
  if (ts.isIdentifier(name)) {
    const symbol = ts.isParameter(name.parent) ? parameterSymbol(ctx, name.parent) : ctx.checker.getSymbolAtLocation(name);
    const local = ctx.declareLocal(name.text, value.type, symbol);
    into.push({ kind: "let", local, init: value });
  } else {
    into.push(...ctx.destructure(name, value));
  }
}

/** Lowers a function, method or arrow body into fn.body. */
export function lowerBody(ctx: LowerContext, body: ts.ConciseBody, prologue: Stmt[] = []): void {
  const statements: Stmt[] = [...prologue];
  if (ts.isBlock(body)) {
    statements.push(...ctx.blockStatements(body.statements));
  } else {
    ctx.collect(statements, () => [ctx.fn.returnType.kind === "void" ? { kind: "expr", expr: ctx.expr(body) } : { kind: "return", value: returnValue(ctx, body) }], body);
  }
  const file = ctx.host.sourceName(body.getSourceFile());
  ctx.fn.site = functionSite(body, file);
  ctx.fn.span = spanOf(body.parent, file);
  // Parameter defaults and the like report at the declaration.
  tagSites(statements, siteAt(body.parent, file), ctx.sited);
  ctx.fn.body = statements;
  ctx.fn.lowered = true;
}

export function returnValue(ctx: LowerContext, expression: ts.Expression): Expr {
  const value = ctx.expr(expression, ctx.fn.returnType);
  return ctx.fn.returnType.kind === "void" ? value : ctx.coerce(value, ctx.fn.returnType, expression);
}
