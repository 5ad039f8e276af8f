/**
 * The function being lowered: its locals, scope, labels and diagnostics. It implements LowerContext
 * (context.ts) and hands each concern to its file: statements.ts, expressions.ts, calls.ts,
 * operators.ts, literals.ts, destructuring.ts, closures.ts, iteration.ts, conversions.ts, bodies.ts.
 * Anything without a faithful lowering throws LoweringError; the statement is reported and lowering
 * goes on with the next. Library calls (Math, String, Array, Map, JSON, ...) are in builtins/.
 */
import { ts } from "../ts-morph.js";
import { Expr, Field, IrFunction, IrType, Layout, Local, LValue, Site, Stmt, stored } from "../ir/index.js";
import type { CompiledRegex } from "../regex/compile-regex.js";
import * as bodies from "./bodies.js";
import * as calls from "./calls.js";
import { callsTypePredicate, cellVariables, containsTry, isFunctionLike, outermostFunction } from "./captures.js";
import * as closures from "./closures.js";
import type { JumpTarget, LowerContext, LoweringHost } from "./context.js";
import * as conversions from "./conversions.js";
import * as destructuring from "./destructuring.js";
import { internalError, LoweringError, typeErrorAt } from "./errors.js";
import * as expressions from "./expressions.js";
import * as iteration from "./iteration.js";
import * as literals from "./literals.js";
import * as operators from "./operators.js";
import { siteAt } from "./sites.js";
import * as statements from "./statements.js";
import { Substitution, TypeError_ } from "./types.js";
import { diag } from "../diagnostics/catalogue.js";

export class FunctionLowerer implements LowerContext {
  readonly scope = new Map<ts.Symbol, Local>();
  readonly usedNames = new Set<string>();
  readonly targets: JumpTarget[] = [];
  labelCount = 0;
  pendingLabel?: string;
  cells = new Set<ts.Symbol>();
  earlyBound = new Set<ts.Symbol>();
  /** Narrowings may come from user-defined type predicates: they are checked at run time. */
  predicateNarrowing = false;
  /** Early-bound variables declared at the start of their block, before their declaration runs. */
  readonly predeclared = new Set<Local>();
  /** Variables whose declaration failed: their uses are not reported again. */
  readonly poisoned = new Set<ts.Symbol>();
  /** Expressions already lowered, standing in for nodes (optional chains). */
  readonly overrides = new Map<ts.Node, Expr>();
  /** IR already given its sites (lower/sites.ts). */
  readonly sited = new WeakSet<object>();
  /** Inside a closure: the captured `this`. */
  capturedThis?: Local;
  lambdaCount = 0;

  constructor(
    readonly host: LoweringHost,
    readonly fn: IrFunction,
    readonly substitution: Substitution,
  ) {
    if (fn.self) this.usedNames.add(fn.self.local.cName);
  }

  get checker(): ts.TypeChecker {
    return this.host.checker;
  }

  declareLocal(name: string, type: IrType, symbol?: ts.Symbol): Local {
    const stem = `l_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let cName = stem;
    for (let i = 2; this.usedNames.has(cName); i++) cName = `${stem}_${i}`;
    this.usedNames.add(cName);
    const local: Local = { name, cName, type: stored(type) };
    if (symbol) {
      this.scope.set(symbol, local);
      if (this.cells.has(symbol)) local.cell = true;
      if (this.earlyBound.has(symbol)) local.tdz = true;
    }
    return local;
  }

  temp(type: IrType, name = "tmp"): Local {
    return this.declareLocal(name, type);
  }

  mapType(type: ts.Type, node: ts.Node): IrType {
    try {
      return this.host.types.map(type, this.substitution);
    } catch (error) {
      if (error instanceof TypeError_) throw typeErrorAt(node, error);
      throw error;
    }
  }

  typeOf(node: ts.Node): IrType {
    return this.mapType(this.checker.getTypeAtLocation(node), node);
  }

  symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  isGlobal(identifier: ts.Identifier): boolean {
    const symbol = this.symbolOf(identifier);
    return !symbol || (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile);
  }

  poison(name: ts.BindingName): void {
    if (ts.isIdentifier(name)) {
      const symbol = this.checker.getSymbolAtLocation(name);
      if (symbol) this.poisoned.add(symbol);
    } else {
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) this.poison(element.name);
    }
  }

  withPoisonOnError<T>(name: ts.BindingName, lower: () => T): T {
    try {
      return lower();
    } catch (error) {
      this.poison(name);
      throw error;
    }
  }

  /** Prepares cell analysis for the function node whose body is about to be lowered. */
  analyze(node: ts.Node): void {
    this.predicateNarrowing = callsTypePredicate(outermostFunction(node), this.checker);
    ({ cells: this.cells, earlyBound: this.earlyBound } = cellVariables(node, this.checker));
    this.fn.hasTry ||= containsTry(node);
  }

  /** Runs a lowering step, reporting its error instead of failing the whole function. */
  collect(into: Stmt[], lower: () => Stmt[], node?: ts.Node): void {
    try {
      into.push(...lower());
    } catch (error) {
      if (error instanceof LoweringError) this.host.report(error);
      else if (node && error instanceof Error) {
        this.host.report(internalError(node, error));
      } else throw error;
    }
  }

  newLabel(): string {
    return `L${++this.labelCount}`;
  }

  takePendingLabel(): string | undefined {
    const label = this.pendingLabel;
    this.pendingLabel = undefined;
    return label;
  }

  siteOf(node: ts.Node): Site {
    return siteAt(node, this.host.sourceName(node.getSourceFile()));
  }

  nested(fn: IrFunction): LowerContext {
    return new FunctionLowerer(this.host, fn, this.substitution);
  }

  // Entry points of the concern files, called through the context.
  coerce(expr: Expr, to: IrType, node: ts.Node): Expr {
    return conversions.coerce(this, expr, to, node);
  }

  truthy(expr: Expr): Expr {
    return conversions.truthy(this, expr);
  }

  toStringExpr(expr: Expr, node: ts.Node): Expr {
    return conversions.toStringExpr(this, expr, node);
  }

  adaptFunction(value: Expr, to: Extract<IrType, { kind: "function" }>, node: ts.Node, skipped?: number): Expr {
    return conversions.adaptFunction(this, value, to, node, skipped);
  }

  lowerParameters(declaration: ts.SignatureDeclaration, expected?: Extract<IrType, { kind: "function" }>): Stmt[] {
    return bodies.lowerParameters(this, declaration, expected);
  }

  parameterSymbol(parameter: ts.ParameterDeclaration): ts.Symbol | undefined {
    return bodies.parameterSymbol(this, parameter);
  }

  lowerBody(body: ts.ConciseBody, prologue?: Stmt[]): void {
    return bodies.lowerBody(this, body, prologue);
  }

  returnValue(expression: ts.Expression): Expr {
    return bodies.returnValue(this, expression);
  }

  blockStatements(nodes: readonly ts.Statement[]): Stmt[] {
    return statements.blockStatements(this, nodes);
  }

  initializePredeclared(symbol: ts.Symbol | undefined, value: (() => Expr) | undefined): Stmt[] | undefined {
    return statements.initializePredeclared(this, symbol, value);
  }

  statements(nodes: readonly ts.Statement[]): Stmt[] {
    return statements.statements(this, nodes);
  }

  lambda(node: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration, expected?: Extract<IrType, { kind: "function" }>, receiver?: IrType): Expr {
    return closures.lambda(this, node, expected, receiver);
  }

  thisLocal(node: ts.Node): Local {
    return closures.thisLocal(this, node);
  }

  condition(expression: ts.Expression): Expr {
    return statements.condition(this, expression);
  }

  loop(node: ts.IterationStatement, build: (label: string) => Stmt, prologue?: Stmt[]): Stmt[] {
    return statements.loop(this, node, build, prologue);
  }

  forStatement(node: ts.ForStatement): Stmt[] {
    return iteration.forStatement(this, node);
  }

  forOfStatement(node: ts.ForOfStatement): Stmt[] {
    return iteration.forOfStatement(this, node);
  }

  forInStatement(node: ts.ForInStatement): Stmt[] {
    return iteration.forInStatement(this, node);
  }

  variableDeclarations(list: ts.VariableDeclarationList): Stmt[] {
    return statements.variableDeclarations(this, list);
  }

  destructure(pattern: ts.BindingName, source: Expr): Stmt[] {
    return destructuring.destructure(this, pattern, source);
  }

  copiedProperty(value: Expr, from: Layout, source: Field, to: Layout, target: Field, node: ts.Node): Expr {
    return destructuring.copiedProperty(this, value, from, source, to, target, node);
  }

  expr(node: ts.Expression, expected?: IrType): Expr {
    return expressions.expr(this, node, expected);
  }

  template(node: ts.TemplateExpression): Expr {
    return literals.template(this, node);
  }

  contextualType(node: ts.Expression, expected: IrType | undefined): IrType {
    return expressions.contextualType(this, node, expected);
  }

  property(object: Expr, name: string, node: ts.Node, write?: boolean): Expr {
    return expressions.property(this, object, name, node, write);
  }

  indexed(object: Expr, index: Expr, node: ts.Node, literalIndex?: number): Expr {
    return expressions.indexed(this, object, index, node, literalIndex);
  }

  args(call: ts.CallExpression | ts.NewExpression, params: IrType[], restIndex?: number): Expr[] {
    return calls.args(this, call, params, restIndex);
  }

  spreadSource(node: ts.Expression, element: IrType): Expr {
    return iteration.spreadSource(this, node, element);
  }

  iterated(node: ts.Expression, element?: IrType): Expr {
    return iteration.iterated(this, node, element);
  }

  call(node: ts.CallExpression, expected?: IrType): Expr {
    return calls.call(this, node, expected);
  }

  newExpression(node: ts.NewExpression, expected?: IrType): Expr {
    return calls.newExpression(this, node, expected);
  }

  lvalue(node: ts.Expression): LValue {
    return operators.lvalue(this, node);
  }

  regexLiteralOf(node: ts.Expression): ts.RegularExpressionLiteral | undefined {
    return expressions.regexLiteralOf(this, node);
  }

  regexInfo(node: ts.RegularExpressionLiteral): CompiledRegex {
    return expressions.regexInfo(this, node);
  }

  targetType(target: LValue): IrType {
    return operators.targetType(this, target);
  }

  binary(node: ts.BinaryExpression, expected?: IrType): Expr {
    return operators.binary(this, node, expected);
  }

  destructuringAssignment(pattern: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression, right: ts.Expression): Expr {
    return destructuring.destructuringAssignment(this, pattern, right);
  }

  assignPattern(pattern: ts.Expression, source: Expr): Stmt[] {
    return destructuring.assignPattern(this, pattern, source);
  }

  equality(left: Expr, right: Expr, node: ts.Node, negate: boolean, strict: boolean): Expr {
    return operators.equality(this, left, right, node, negate, strict);
  }

  isNullishTest(value: Expr): Expr {
    return operators.isNullishTest(this, value);
  }

  prefixUnary(node: ts.PrefixUnaryExpression): Expr {
    return operators.prefixUnary(this, node);
  }

  update(node: ts.Node, operand: ts.Expression, op: "+" | "-", returnOld: boolean): Expr {
    return operators.update(this, node, operand, op, returnOld);
  }

  objectLiteral(node: ts.ObjectLiteralExpression, expected?: IrType): Expr {
    return literals.objectLiteral(this, node, expected);
  }

  arrayLiteral(node: ts.ArrayLiteralExpression, expected?: IrType): Expr {
    return literals.arrayLiteral(this, node, expected);
  }
}

