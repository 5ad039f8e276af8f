/**
 * Statements: blocks (hoisting, early-bound declarations), variable declarations, control flow
 * (if, switch, try, throw, labels, jumps) and loops other than for...of.
 * Each function takes the function being lowered (context.ts) as `ctx`.
 */
import { ts } from "../ts-morph.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { displayType, errorType, Expr, IrType, isHeapType, isSubtype, Local, LValue, membersOf, nullType, numberType, representation, Stmt, stringType, undefinedType, unionOf, voidType } from "../ir/index.js";
import type { LowerContext } from "./context.js";
import { describeSyntax, LoweringError, unsupported } from "./errors.js";
import { apiExportName } from "./api.js";
import { methodPresence } from "./members.js";
import { tagSites } from "./sites.js";
import { awaitStatement } from "./awaits.js";
import { zeroValue } from "./ir-helpers.js";

/** Statements of a block: nested function declarations are hoisted to its start. */
export function blockStatements(ctx: LowerContext, nodes: readonly ts.Statement[]): Stmt[] {
  const out: Stmt[] = predeclare(ctx, nodes);
  const hoisted = nodes.filter(ts.isFunctionDeclaration);
  // Bindings first (closures of mutually recursive functions see each other), then closures.
  const bindings = hoisted.map((declaration) => {
    if (!declaration.name || !declaration.body) unsupported(declaration, "a nested function without a name or body", "name it and give it a body");
    if (declaration.typeParameters?.length) unsupported(declaration, "a generic nested function", "declare it at the top level");
    const type = ctx.mapType(ctx.checker.getTypeAtLocation(declaration), declaration);
    return { declaration, local: ctx.declareLocal(declaration.name.text, type, ctx.checker.getSymbolAtLocation(declaration.name)) };
  });
  for (const { local } of bindings) out.push({ kind: "let", local, init: { kind: "null", type: nullType } });
  for (const { declaration, local } of bindings) {
    ctx.collect(out, () => [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value: ctx.lambda(declaration, local.type as Extract<IrType, { kind: "function" }>), type: local.type } }], declaration);
  }
  for (const node of nodes) {
    if (ts.isFunctionDeclaration(node)) continue;
    ctx.collect(out, () => statement(ctx, node), node);
  }
  return out;
}

/**
 * `let`/`const` bindings that closures created earlier capture exist from the start of their
 * block (uninitialized: the temporal dead zone), so those closures share them.
 */
function predeclare(ctx: LowerContext, nodes: readonly ts.Statement[]): Stmt[] {
  const out: Stmt[] = [];
  const visitName = (name: ts.BindingName): void => {
    if (!ts.isIdentifier(name)) {
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) visitName(element.name);
      return;
    }
    const symbol = ctx.checker.getSymbolAtLocation(name);
    if (!symbol || !ctx.earlyBound.has(symbol)) return;
    const type = ctx.withPoisonOnError(name, () => ctx.mapType(ctx.checker.getTypeAtLocation(name), name));
    const local = ctx.declareLocal(name.text, type, symbol);
    ctx.predeclared.add(local);
    out.push({ kind: "let", local, init: zeroValue(type, name) });
  };
  for (const node of nodes) {
    if (ts.isVariableStatement(node)) for (const declaration of node.declarationList.declarations) ctx.collect(out, () => (visitName(declaration.name), []));
  }
  return out;
}

/** The declaration of a predeclared binding: it gets its value and leaves the dead zone. */
export function initializePredeclared(ctx: LowerContext, symbol: ts.Symbol | undefined, value: (() => Expr) | undefined): Stmt[] | undefined {
  const local = symbol && ctx.scope.get(symbol);
  if (!local || !ctx.predeclared.has(local)) return undefined;
  const initialized: Stmt = { kind: "initialized", local };
  // `let x: T;` without a value: TypeScript checks it is assigned before it is read.
  if (!value) return isSubtype(undefinedType, local.type) ? [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value: ctx.coerce({ kind: "undefined", type: undefinedType }, local.type, symbol.valueDeclaration!), type: local.type } }, initialized] : [initialized];
  const target: LValue = { kind: "local", local };
  return [{ kind: "expr", expr: { kind: "assign", target, value: ctx.coerce(value(), local.type, symbol.valueDeclaration ?? symbol.declarations![0]!), type: local.type } }, initialized];
}

export function statements(ctx: LowerContext, nodes: readonly ts.Statement[]): Stmt[] {
  return blockStatements(ctx, nodes);
}

function statement(ctx: LowerContext, node: ts.Statement): Stmt[] {
  const lowered = lowerStatement(ctx, node);
  tagSites(lowered, ctx.siteOf(node), ctx.sited);
  return lowered;
}

function lowerStatement(ctx: LowerContext, node: ts.Statement): Stmt[] {
  const suspension = awaitStatement(ctx, node);
  if (suspension) return suspension;
  if (ts.isVariableStatement(node)) return variableDeclarations(ctx, node.declarationList);
  if (ts.isExpressionStatement(node)) return [{ kind: "expr", expr: ctx.expr(node.expression) }];
  if (ts.isBlock(node)) return [{ kind: "block", body: blockStatements(ctx, node.statements) }];
  if (ts.isEmptyStatement(node)) return [];
  if (ts.isIfStatement(node)) {
    return [
      {
        kind: "if",
        condition: condition(ctx, node.expression),
        then: statements(ctx, [node.thenStatement]),
        otherwise: node.elseStatement ? statements(ctx, [node.elseStatement]) : [],
      },
    ];
  }
  if (ts.isReturnStatement(node)) {
    return [{ kind: "return", value: node.expression ? ctx.returnValue(node.expression) : undefined }];
  }
  if (ts.isThrowStatement(node)) return [throwStatement(ctx, node)];
  if (ts.isTryStatement(node)) return [tryStatement(ctx, node)];
  if (ts.isSwitchStatement(node)) return [switchStatement(ctx, node)];
  if (ts.isWhileStatement(node)) {
    return loop(ctx, node, (label) => ({ kind: "loop", label, condition: condition(ctx, node.expression), body: statements(ctx, [node.statement]), update: [], testFirst: true, renew: [] }));
  }
  if (ts.isDoStatement(node)) {
    return loop(ctx, node, (label) => ({ kind: "loop", label, condition: condition(ctx, node.expression), body: statements(ctx, [node.statement]), update: [], testFirst: false, renew: [] }));
  }
  if (ts.isForStatement(node)) return ctx.forStatement(node);
  if (ts.isForOfStatement(node)) return ctx.forOfStatement(node);
  if (ts.isForInStatement(node)) return ctx.forInStatement(node);
  if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) return [jump(ctx, node)];
  if (ts.isLabeledStatement(node)) {
    if (ts.isIterationStatement(node.statement, false)) {
      ctx.pendingLabel = node.label.text;
      return statement(ctx, node.statement);
    }
    const label = ctx.newLabel();
    ctx.targets.push({ label, tsLabel: node.label.text, kind: "block" });
    try {
      return [{ kind: "labeled", label, body: statements(ctx, [node.statement]) }];
    } finally {
      ctx.targets.pop();
    }
  }
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return [];
  if (ts.isClassDeclaration(node)) unsupported(node, "a class declared inside a function", "declare the class at the top level of the file");
  if (ts.isEnumDeclaration(node)) unsupported(node, "an enum declared inside a function", "declare it at the top level");
  unsupported(node, describeSyntax(node), "see docs/language.md for the supported subset");
}

export function condition(ctx: LowerContext, expression: ts.Expression): Expr {
  return methodPresence(ctx, expression) ?? ctx.truthy(ctx.expr(expression));
}

function throwStatement(ctx: LowerContext, node: ts.ThrowStatement): Stmt {
  let value = ctx.expr(node.expression);
  // An object of an Error subclass is thrown as the Error it is (Layout.errorKind).
  if (value.type.kind === "object" && value.type.layout.errorKind !== undefined) value = { kind: "convert", value, type: errorType, checked: false };
  if (value.type.kind !== "error") {
    throw new LoweringError(node.expression, diag.TSE2030, formatMessage(diag.TSE2030, { type: displayType(value.type) }), CATALOGUE.TSE2030.hint);
  }
  return { kind: "throw", error: value };
}

function tryStatement(ctx: LowerContext, node: ts.TryStatement): Stmt {
  ctx.fn.hasTry = true;
  const body = blockStatements(ctx, node.tryBlock.statements);
  let catchLocal: Local | undefined;
  let catchBody: Stmt[] | undefined;
  if (node.catchClause) {
    const declaration = node.catchClause.variableDeclaration;
    catchLocal = ctx.temp(errorType, "caught");
    catchBody = [];
    if (declaration) {
      if (!ts.isIdentifier(declaration.name)) unsupported(declaration, "destructuring a caught error", "catch (e) and read e.message");
      const symbol = ctx.checker.getSymbolAtLocation(declaration.name);
      const local = ctx.declareLocal(declaration.name.text, errorType, symbol);
      catchBody.push({ kind: "let", local, init: { kind: "local", local: catchLocal, type: errorType } });
    }
    catchBody.push(...blockStatements(ctx, node.catchClause.block.statements));
  }
  const finallyBody = node.finallyBlock ? blockStatements(ctx, node.finallyBlock.statements) : undefined;
  return { kind: "try", body, catchLocal, catchBody, finallyBody };
}

function switchStatement(ctx: LowerContext, node: ts.SwitchStatement): Stmt {
  // Evaluated once, before any case expression.
  const value = ctx.expr(node.expression);
  const holder = ctx.temp(value.type, "discriminant");
  const discriminant: Expr = { kind: "local", local: holder, type: value.type };
  const label = ctx.newLabel();
  ctx.targets.push({ label, tsLabel: ctx.takePendingLabel(), kind: "switch" });
  try {
    const cases = node.caseBlock.clauses.map((clause) => ({
      test: ts.isCaseClause(clause) ? ctx.equality(discriminant, ctx.expr(clause.expression), clause.expression, false, true) : undefined,
      body: statements(ctx, clause.statements),
    }));
    return { kind: "block", body: [{ kind: "let", local: holder, init: value }, { kind: "switch", label, discriminant, cases }] };
  } finally {
    ctx.targets.pop();
  }
}

export function loop(ctx: LowerContext, node: ts.IterationStatement, build: (label: string) => Stmt, prologue: Stmt[] = []): Stmt[] {
  const label = ctx.newLabel();
  ctx.targets.push({ label, tsLabel: ctx.takePendingLabel(), kind: "loop" });
  try {
    return [...prologue, build(label)];
  } finally {
    ctx.targets.pop();
  }
}

function jump(ctx: LowerContext, node: ts.BreakStatement | ts.ContinueStatement): Stmt {
  const kind = ts.isBreakStatement(node) ? "break" : "continue";
  const wanted = node.label?.text;
  const target = [...ctx.targets].reverse().find((t) => (wanted ? t.tsLabel === wanted : kind === "continue" ? t.kind === "loop" : t.kind !== "block"));
  if (!target || (kind === "continue" && target.kind !== "loop")) unsupported(node, `\`${kind}\` outside a loop`, "use break/continue inside loops (and break inside switch)");
  return { kind, label: target.label };
}

export function variableDeclarations(ctx: LowerContext, list: ts.VariableDeclarationList): Stmt[] {
  const out: Stmt[] = [];
  for (const declaration of list.declarations) {
    if (ts.isIdentifier(declaration.name)) {
      const symbol = ctx.checker.getSymbolAtLocation(declaration.name);
      const early = initializePredeclared(ctx, 
        symbol,
        declaration.initializer ? () => ctx.withPoisonOnError(declaration.name, () => ctx.expr(declaration.initializer!, ctx.scope.get(symbol!)!.type)) : undefined,
      );
      if (early) {
        out.push(...early);
        continue;
      }
      // Errors point at the annotation when there is one: that is what to change.
      const type = ctx.withPoisonOnError(declaration.name, () => ctx.mapType(ctx.checker.getTypeAtLocation(declaration.name), declaration.type ?? declaration.name));
      if (!declaration.initializer && !isSubtype(undefinedType, type)) {
        // `let x: T;` assigned later: TypeScript checks the assignment happens first.
        const local = ctx.declareLocal(declaration.name.text, type, symbol);
        out.push({ kind: "let", local, init: zeroValue(type, declaration) });
        continue;
      }
      if (symbol && ctx.cells.has(symbol) && declaration.initializer) {
        // A closure in the initializer may refer to the variable itself: bind it first.
        const local = ctx.declareLocal(declaration.name.text, type, symbol);
        out.push({ kind: "let", local, init: zeroValue(type, declaration) });
        const value = ctx.withPoisonOnError(declaration.name, () => ctx.coerce(ctx.expr(declaration.initializer!, type), type, declaration.initializer!));
        out.push({ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value, type } });
        if (local.tdz) out.push({ kind: "initialized", local });
        continue;
      }
      const init = declaration.initializer
        ? ctx.withPoisonOnError(declaration.name, () => ctx.coerce(ctx.expr(declaration.initializer!, type), type, declaration.initializer!))
        : ctx.coerce({ kind: "undefined", type: undefinedType }, type, declaration);
      const local = ctx.declareLocal(declaration.name.text, type, symbol);
      out.push({ kind: "let", local, init });
    } else {
      if (!declaration.initializer) unsupported(declaration, "destructuring without a value", "add an initializer");
      const initializer = declaration.initializer;
      // `const [a, ...rest] = [x, y, z]`: TypeScript types the literal as a tuple; an array keeps rest simple.
      let wanted: IrType | undefined;
      if (ts.isArrayBindingPattern(declaration.name) && ts.isArrayLiteralExpression(initializer) && !initializer.elements.some(ts.isSpreadElement)) {
        const own = ctx.typeOf(initializer);
        if (own.kind === "object" && own.layout.kind === "tuple") wanted = { kind: "array", element: unionOf(own.layout.fields.map((f) => f.type)) };
      }
      const value = ctx.withPoisonOnError(declaration.name, () => ctx.expr(initializer, wanted));
      const holder = ctx.temp(value.type, "destructured");
      out.push({ kind: "let", local: holder, init: value });
      out.push(...ctx.withPoisonOnError(declaration.name, () => ctx.destructure(declaration.name, { kind: "local", local: holder, type: value.type })));
    }
  }
  return out;
}


