/**
 * Lowers one function body (statements and expressions) to IR. Anything without a faithful
 * lowering throws LoweringError; the statement is reported and lowering goes on with the next.
 */
import { ts } from "ts-morph";

import {
  BinaryOp,
  booleanType,
  Expr,
  IrFunction,
  IrType,
  Layout,
  Local,
  LValue,
  numberType,
  Stmt,
  stringType,
  undefinedType,
} from "../ir.js";
import { apiExportName, envoyHeaderMethod, envoyOtherMethods, logLevels } from "./api.js";
import { describeSyntax, LoweringError, unsupported } from "./errors.js";
import { compatibleLayouts, displayType, isPointerType, sameType, TypeError_, TypeMapper } from "./types.js";

/** What a function lowerer needs from the module being lowered. */
export interface LoweringHost {
  checker: ts.TypeChecker;
  types: TypeMapper;
  functionFor(declaration: ts.FunctionDeclaration): IrFunction;
  methodFor(declaration: ts.MethodDeclaration, layout: Layout): IrFunction;
  /** A module-level constant's value, inlined where it is used. */
  constantFor(declaration: ts.VariableDeclaration): Expr | undefined;
  report(error: LoweringError): void;
  /** The file name log lines report. */
  sourceName(file: ts.SourceFile): string;
}

const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError"]);

interface LoopTarget {
  label: string;
  tsLabel?: string;
  isLoop: boolean;
}

export class FunctionLowerer {
  private readonly scope = new Map<ts.Symbol, Local>();
  private readonly usedNames = new Set<string>();
  private readonly targets: LoopTarget[] = [];
  private labelCount = 0;
  private pendingLabel?: string;

  constructor(
    private readonly host: LoweringHost,
    private readonly fn: IrFunction,
  ) {
    if (fn.self) this.usedNames.add(fn.self.local.cName);
  }

  /** Variables whose declaration failed: their uses are not reported again. */
  private readonly poisoned = new Set<ts.Symbol>();

  private poison(name: ts.BindingName): void {
    if (ts.isIdentifier(name)) {
      const symbol = this.checker.getSymbolAtLocation(name);
      if (symbol) this.poisoned.add(symbol);
    } else {
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) this.poison(element.name);
    }
  }

  private withPoisonOnError<T>(name: ts.BindingName, lower: () => T): T {
    try {
      return lower();
    } catch (error) {
      this.poison(name);
      throw error;
    }
  }

  private get checker(): ts.TypeChecker {
    return this.host.checker;
  }

  // ------------------------------------------------------------------ locals and types

  declareLocal(name: string, type: IrType, symbol?: ts.Symbol): Local {
    const stem = `l_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let cName = stem;
    for (let i = 2; this.usedNames.has(cName); i++) cName = `${stem}_${i}`;
    this.usedNames.add(cName);
    const local: Local = { name, cName, type };
    if (symbol) this.scope.set(symbol, local);
    return local;
  }

  mapType(type: ts.Type, node: ts.Node): IrType {
    try {
      return this.host.types.map(type);
    } catch (error) {
      if (error instanceof TypeError_) throw new LoweringError(node, "TSE2002", error.message, error.hint);
      throw error;
    }
  }

  typeOf(node: ts.Node): IrType {
    return this.mapType(this.checker.getTypeAtLocation(node), node);
  }

  private symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  // ------------------------------------------------------------------ conversions

  /** Converts `expr` to `to`, the same JS value in another representation, or reports why not. */
  coerce(expr: Expr, to: IrType, node: ts.Node): Expr {
    const from = expr.type;
    if (sameType(from, to) || to.kind === "void") return expr;
    const convert = (checked = false): Expr => ({ kind: "convert", value: expr, type: to, checked });
    if ((to.kind === "optional" || to.kind === "boxed") && (from.kind === "undefined" || this.convertible(from, to.inner))) {
      return convert();
    }
    if ((to.kind === "optional" || to.kind === "boxed") && from.kind === to.kind && this.convertible(from.inner, to.inner)) {
      return convert();
    }
    if ((from.kind === "optional" || from.kind === "boxed") && this.convertible(from.inner, to)) {
      // TypeScript narrowed it; sound for locals, not for fields (a call may have reset them).
      return convert(!this.isStableLocalRead(expr));
    }
    if (this.convertible(from, to)) return convert();
    throw new LoweringError(
      node,
      "TSE2020",
      `a value of type ${displayType(from)} cannot be used where ${displayType(to)} is expected`,
      "declare the value with the expected type (objects are converted only when their fields match exactly)",
    );
  }

  private convertible(from: IrType, to: IrType): boolean {
    if (sameType(from, to)) return true;
    if (from.kind === "object" && to.kind === "object") return compatibleLayouts(from.layout, to.layout);
    if (from.kind === "array" && to.kind === "array") return this.convertible(from.element, to.element) && this.sameRepresentation(from.element, to.element);
    return false;
  }

  private sameRepresentation(a: IrType, b: IrType): boolean {
    return a.kind === b.kind;
  }

  private isStableLocalRead(expr: Expr): boolean {
    return expr.kind === "local";
  }

  /** The value as a string, as String(value) and template literals do. */
  toStringExpr(expr: Expr, node: ts.Node): Expr {
    switch (expr.type.kind) {
      case "string":
        return expr;
      case "number":
        return { kind: "runtime", op: "number.toString", args: [expr], type: stringType };
      case "boolean":
        return { kind: "runtime", op: "boolean.toString", args: [expr], type: stringType };
      case "undefined":
        return { kind: "string", value: "undefined", type: stringType };
      default:
        throw new LoweringError(node, "TSE2021", `converting a ${displayType(expr.type)} to a string is not supported yet`, "convert the parts you need explicitly");
    }
  }

  truthy(expr: Expr): Expr {
    return expr.type.kind === "boolean" ? expr : { kind: "truthy", value: expr, type: booleanType };
  }

  // ------------------------------------------------------------------ functions

  lowerParameters(declaration: ts.SignatureDeclaration): void {
    for (const parameter of declaration.parameters) {
      if (!ts.isIdentifier(parameter.name)) unsupported(parameter, "a destructured parameter", "take the parameter whole and destructure it in the body");
      if (parameter.initializer) unsupported(parameter, "a default parameter value", "make the parameter optional (`x?: T`) and use `x ?? default` in the body");
      if (parameter.dotDotDotToken) unsupported(parameter, "a rest parameter", "take an array parameter");
      const symbol = this.checker.getSymbolAtLocation(parameter.name);
      const type = this.mapType(this.checker.getTypeAtLocation(parameter), parameter);
      this.fn.params.push(this.declareLocal(parameter.name.text, type, symbol));
    }
  }

  /** Lowers a function, method or arrow body into fn.body. */
  lowerBody(body: ts.ConciseBody, prologue: Stmt[] = []): void {
    const statements: Stmt[] = [...prologue];
    if (ts.isBlock(body)) {
      statements.push(...this.statements(body.statements));
    } else {
      this.collect(statements, body, () => [{ kind: "return", value: this.returnValue(body) }]);
    }
    this.fn.body = statements;
    this.fn.lowered = true;
  }

  private returnValue(expression: ts.Expression): Expr {
    const value = this.expr(expression);
    return this.fn.returnType.kind === "void" ? value : this.coerce(value, this.fn.returnType, expression);
  }

  /** Runs a lowering step, reporting its error instead of failing the whole function. */
  collect(into: Stmt[], node: ts.Node, lower: () => Stmt[]): void {
    try {
      into.push(...lower());
    } catch (error) {
      if (!(error instanceof LoweringError)) throw error;
      this.host.report(error);
    }
  }

  statements(nodes: readonly ts.Statement[]): Stmt[] {
    const out: Stmt[] = [];
    for (const node of nodes) this.collect(out, node, () => this.statement(node));
    return out;
  }

  // ------------------------------------------------------------------ statements

  private statement(node: ts.Statement): Stmt[] {
    if (ts.isVariableStatement(node)) return this.variableDeclarations(node.declarationList);
    if (ts.isExpressionStatement(node)) return [{ kind: "expr", expr: this.expr(node.expression) }];
    if (ts.isBlock(node)) return [{ kind: "block", body: this.statements(node.statements) }];
    if (ts.isEmptyStatement(node)) return [];
    if (ts.isIfStatement(node)) {
      return [
        {
          kind: "if",
          condition: this.condition(node.expression),
          then: this.statements([node.thenStatement]),
          otherwise: node.elseStatement ? this.statements([node.elseStatement]) : [],
        },
      ];
    }
    if (ts.isReturnStatement(node)) {
      return [{ kind: "return", value: node.expression ? this.returnValue(node.expression) : undefined }];
    }
    if (ts.isThrowStatement(node)) return [this.throwStatement(node)];
    if (ts.isWhileStatement(node)) {
      return this.loop(node, (label) => ({ kind: "loop", label, condition: this.condition(node.expression), body: this.statements([node.statement]), update: [], testFirst: true }));
    }
    if (ts.isDoStatement(node)) {
      return this.loop(node, (label) => ({ kind: "loop", label, condition: this.condition(node.expression), body: this.statements([node.statement]), update: [], testFirst: false }));
    }
    if (ts.isForStatement(node)) return this.forStatement(node);
    if (ts.isForOfStatement(node)) return this.forOfStatement(node);
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) return [this.jump(node)];
    if (ts.isLabeledStatement(node)) {
      this.pendingLabel = node.label.text;
      if (!ts.isIterationStatement(node.statement, false)) {
        unsupported(node, "a label on a statement that is not a loop", "label only loops");
      }
      return this.statement(node.statement);
    }
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return [];
    if (ts.isFunctionDeclaration(node)) {
      unsupported(node, "a function declared inside another function", "declare the function at the top level of the file");
    }
    if (ts.isClassDeclaration(node)) unsupported(node, "a class declared inside a function", "declare the class at the top level of the file");
    unsupported(node, describeSyntax(node), "see docs/language.md for the supported subset");
  }

  private condition(expression: ts.Expression): Expr {
    return this.truthy(this.expr(expression));
  }

  private throwStatement(node: ts.ThrowStatement): Stmt {
    const thrown = node.expression;
    if (ts.isNewExpression(thrown) && ts.isIdentifier(thrown.expression) && ERROR_CONSTRUCTORS.has(thrown.expression.text)) {
      const [argument] = thrown.arguments ?? [];
      const message = argument ? this.coerce(this.expr(argument), stringType, argument) : ({ kind: "string", value: "", type: stringType } as Expr);
      const name = thrown.expression.text;
      const prefixed: Expr =
        name === "Error" ? message : { kind: "runtime", op: "string.concat", args: [{ kind: "string", value: `${name}: `, type: stringType }, message], type: stringType };
      return { kind: "throwError", message: prefixed };
    }
    unsupported(node, "throwing anything but `new Error(message)`", "throw new Error(message)");
  }

  private newLabel(): string {
    return `L${++this.labelCount}`;
  }

  private loop(node: ts.IterationStatement, build: (label: string) => Stmt, prologue: Stmt[] = []): Stmt[] {
    const label = this.newLabel();
    this.targets.push({ label, tsLabel: this.takePendingLabel(), isLoop: true });
    try {
      return [...prologue, build(label)];
    } finally {
      this.targets.pop();
    }
  }

  private takePendingLabel(): string | undefined {
    const label = this.pendingLabel;
    this.pendingLabel = undefined;
    return label;
  }

  private jump(node: ts.BreakStatement | ts.ContinueStatement): Stmt {
    const kind = ts.isBreakStatement(node) ? "break" : "continue";
    const wanted = node.label?.text;
    const target = [...this.targets].reverse().find((t) => (wanted ? t.tsLabel === wanted : t.isLoop));
    if (!target) unsupported(node, `\`${kind}\` outside a loop`, "use break/continue inside for, while or do loops");
    return { kind, label: target.label };
  }

  private forStatement(node: ts.ForStatement): Stmt[] {
    const prologue: Stmt[] = [];
    if (node.initializer) {
      if (ts.isVariableDeclarationList(node.initializer)) prologue.push(...this.variableDeclarations(node.initializer));
      else prologue.push({ kind: "expr", expr: this.expr(node.initializer) });
    }
    // Per-iteration bindings of `let` matter only to closures, which cannot capture here.
    const block = this.loop(
      node,
      (label) => ({
        kind: "loop",
        label,
        condition: node.condition ? this.condition(node.condition) : undefined,
        body: this.statements([node.statement]),
        update: node.incrementor ? [{ kind: "expr", expr: this.expr(node.incrementor) }] : [],
        testFirst: true,
      }),
      prologue,
    );
    return [{ kind: "block", body: block }];
  }

  private forOfStatement(node: ts.ForOfStatement): Stmt[] {
    if (node.awaitModifier) unsupported(node, "`for await`", "iterate synchronously");
    const iterable = this.expr(node.expression);
    if (iterable.type.kind !== "array") {
      unsupported(node.expression, `for...of over a ${displayType(iterable.type)}`, "iterate over an array");
    }
    const elementType = iterable.type.element;
    const initializer = node.initializer;
    if (!ts.isVariableDeclarationList(initializer) || initializer.declarations.length !== 1) {
      unsupported(initializer, "for...of assigning to an existing variable", "declare the loop variable: for (const x of xs)");
    }
    const declaration = initializer.declarations[0]!;
    const label = this.newLabel();
    this.targets.push({ label, tsLabel: this.takePendingLabel(), isLoop: true });
    try {
      let element: Local;
      const prologue: Stmt[] = [];
      if (ts.isIdentifier(declaration.name)) {
        element = this.declareLocal(declaration.name.text, elementType, this.checker.getSymbolAtLocation(declaration.name));
      } else {
        element = this.declareLocal("element", elementType);
        prologue.push(...this.destructure(declaration.name, { kind: "local", local: element, type: elementType }));
      }
      const body = [...prologue, ...this.statements([node.statement])];
      return [{ kind: "forOf", label, array: iterable, element, body }];
    } finally {
      this.targets.pop();
    }
  }

  private variableDeclarations(list: ts.VariableDeclarationList): Stmt[] {
    const out: Stmt[] = [];
    for (const declaration of list.declarations) {
      if (declaration.initializer && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))) {
        this.poison(declaration.name);
        unsupported(declaration.initializer, "a function value (closure)", "declare a function at the top level and call it directly");
      }
      if (ts.isIdentifier(declaration.name)) {
        const symbol = this.checker.getSymbolAtLocation(declaration.name);
        // Errors point at the annotation when there is one: that is what to change.
        const type = this.withPoisonOnError(declaration.name, () => this.mapType(this.checker.getTypeAtLocation(declaration.name), declaration.type ?? declaration.name));
        const init = declaration.initializer
          ? this.withPoisonOnError(declaration.name, () => this.coerce(this.expr(declaration.initializer!, type), type, declaration.initializer!))
          : undefined;
        if (!init && type.kind !== "optional" && type.kind !== "boxed" && type.kind !== "undefined") {
          unsupported(declaration, "a variable of a non-optional type declared without a value", "initialize it where it is declared");
        }
        const local = this.declareLocal(declaration.name.text, type, symbol);
        out.push({ kind: "let", local, init: init ?? { kind: "convert", value: { kind: "undefined", type: undefinedType }, type, checked: false } });
      } else {
        if (!declaration.initializer) unsupported(declaration, "destructuring without a value", "add an initializer");
        const value = this.withPoisonOnError(declaration.name, () => this.expr(declaration.initializer!));
        const holder = this.declareLocal("destructured", value.type);
        out.push({ kind: "let", local: holder, init: value });
        out.push(...this.destructure(declaration.name, { kind: "local", local: holder, type: value.type }));
      }
    }
    return out;
  }

  /** `const [a, b] = source` / `const { x, y } = source`, source already evaluated. */
  private destructure(pattern: ts.BindingName, source: Expr): Stmt[] {
    if (ts.isIdentifier(pattern)) {
      const type = this.typeOf(pattern);
      const local = this.declareLocal(pattern.text, type, this.checker.getSymbolAtLocation(pattern));
      return [{ kind: "let", local, init: this.coerce(source, type, pattern) }];
    }
    const out: Stmt[] = [];
    pattern.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      if (element.dotDotDotToken) unsupported(element, "a rest element in destructuring", "index the parts you need");
      if (element.initializer) unsupported(element, "a default value in destructuring", "use `?? default` after destructuring");
      let part: Expr;
      if (ts.isArrayBindingPattern(pattern)) {
        part = this.indexed(source, { kind: "number", value: index, type: numberType }, element, index);
      } else {
        const name = element.propertyName ?? element.name;
        if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) unsupported(element, "a computed key in destructuring", "name the property");
        part = this.property(source, name.text, element);
      }
      out.push(...this.destructure(element.name, part));
    });
    return out;
  }

  // ------------------------------------------------------------------ expressions

  /** Lowers an expression; `expected` guides object and array literals (contextual typing). */
  expr(node: ts.Expression, expected?: IrType): Expr {
    if (ts.isParenthesizedExpression(node)) return this.expr(node.expression, expected);
    if (ts.isNumericLiteral(node)) return { kind: "number", value: Number(node.text), type: numberType };
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", value: node.text, type: stringType };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      return { kind: "boolean", value: node.kind === ts.SyntaxKind.TrueKeyword, type: booleanType };
    }
    if (ts.isTemplateExpression(node)) return this.template(node);
    if (ts.isIdentifier(node)) return this.identifier(node);
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      if (!this.fn.self) unsupported(node, "`this` outside a class", "use `this` in methods and constructors");
      return { kind: "local", local: this.fn.self.local, type: this.fn.self.local.type };
    }
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) return this.assertion(node);
    if (ts.isNonNullExpression(node)) {
      const inner = this.expr(node.expression);
      if (inner.type.kind !== "optional" && inner.type.kind !== "boxed") return inner;
      return { kind: "convert", value: inner, type: inner.type.inner, checked: true };
    }
    if (ts.isPropertyAccessExpression(node)) return this.propertyAccess(node);
    if (ts.isElementAccessExpression(node)) return this.elementAccess(node);
    if (ts.isCallExpression(node)) return this.call(node);
    if (ts.isNewExpression(node)) return this.newExpression(node);
    if (ts.isBinaryExpression(node)) return this.binary(node);
    if (ts.isPrefixUnaryExpression(node)) return this.prefixUnary(node);
    if (ts.isPostfixUnaryExpression(node)) return this.update(node, node.operand, node.operator === ts.SyntaxKind.PlusPlusToken ? "+" : "-", true);
    if (ts.isConditionalExpression(node)) {
      const type = this.typeOf(node);
      return {
        kind: "conditional",
        condition: this.condition(node.condition),
        whenTrue: this.coerce(this.expr(node.whenTrue, type), type, node.whenTrue),
        whenFalse: this.coerce(this.expr(node.whenFalse, type), type, node.whenFalse),
        type,
      };
    }
    if (ts.isObjectLiteralExpression(node)) return this.objectLiteral(node, expected);
    if (ts.isArrayLiteralExpression(node)) return this.arrayLiteral(node, expected);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      unsupported(node, "a function value (closure)", "declare a function at the top level and call it directly");
    }
    unsupported(node, describeSyntax(node), "see docs/language.md for the supported subset");
  }

  private template(node: ts.TemplateExpression): Expr {
    let result: Expr | undefined = node.head.text ? { kind: "string", value: node.head.text, type: stringType } : undefined;
    const append = (part: Expr) => {
      result = result ? { kind: "runtime", op: "string.concat", args: [result, part], type: stringType } : part;
    };
    for (const span of node.templateSpans) {
      append(this.toStringExpr(this.expr(span.expression), span.expression));
      if (span.literal.text) append({ kind: "string", value: span.literal.text, type: stringType });
    }
    return result ?? { kind: "string", value: "", type: stringType };
  }

  private identifier(node: ts.Identifier): Expr {
    if (node.text === "undefined" && !this.scopeHas(node)) return { kind: "undefined", type: undefinedType };
    const symbol = this.symbolOf(node);
    if (symbol && this.poisoned.has(symbol)) throw new LoweringError(node, "TSE2000", "already reported", "", true);
    const local = symbol && this.scope.get(symbol);
    if (local) {
      const read: Expr = { kind: "local", local, type: local.type };
      return this.coerce(read, this.typeOf(node), node);
    }
    const declaration = symbol?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration)) {
      const constant = this.host.constantFor(declaration);
      if (constant) return constant;
    }
    if ((node.text === "NaN" || node.text === "Infinity") && this.isGlobal(node)) {
      return { kind: "number", value: node.text === "NaN" ? NaN : Infinity, type: numberType };
    }
    if (declaration && (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration))) {
      unsupported(node, "a function or class used as a value", "call the function directly, or construct the class with `new`");
    }
    unsupported(node, `the reference to \`${node.text}\``, "use local variables, parameters, fields and module-level constants");
  }

  private scopeHas(node: ts.Identifier): boolean {
    const symbol = this.symbolOf(node);
    return !!symbol && this.scope.has(symbol);
  }

  private assertion(node: ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion): Expr {
    const inner = this.expr(node.expression);
    if (ts.isSatisfiesExpression(node) || (ts.isAsExpression(node) && ts.isConstTypeReference(node.type))) return inner;
    const target = this.typeOf(node);
    if (sameType(inner.type, target)) return inner;
    throw new LoweringError(
      node,
      "TSE2003",
      `the type assertion from ${displayType(inner.type)} to ${displayType(target)} is not checked at run time`,
      "narrow the value with a check (`if (x !== undefined)`) instead of asserting its type",
    );
  }

  /** obj.name where obj is already lowered. */
  property(object: Expr, name: string, node: ts.Node): Expr {
    const type = object.type;
    if (name === "length" && type.kind === "string") return { kind: "runtime", op: "string.length", args: [object], type: numberType };
    if (name === "length" && type.kind === "array") return { kind: "runtime", op: "array.length", args: [object], type: numberType };
    if (type.kind === "object") {
      if (name === "length" && type.layout.kind === "tuple") return { kind: "number", value: type.layout.fields.length, type: numberType };
      const field = type.layout.fields.find((f) => f.name === name);
      if (field) return { kind: "field", object, layout: type.layout, field, type: field.type };
    }
    if (type.kind === "optional" || type.kind === "boxed") {
      unsupported(node, `property \`${name}\` of a value that may be undefined`, "check it first: if (x !== undefined) { ... x.name ... }");
    }
    unsupported(node, `property \`${name}\` of ${displayType(type)}`, "see docs/language.md for the supported properties");
  }

  /** Enum members are constants (the checker answers only for `const enum` at the use site). */
  private enumMemberValue(node: ts.PropertyAccessExpression): string | number | undefined {
    const declaration = this.symbolOf(node)?.valueDeclaration;
    return declaration && ts.isEnumMember(declaration) ? this.checker.getConstantValue(declaration) : undefined;
  }

  private propertyAccess(node: ts.PropertyAccessExpression): Expr {
    if (node.questionDotToken) unsupported(node, "optional chaining `?.`", "check for undefined first: if (x !== undefined) { ... }");
    const constant = this.enumMemberValue(node);
    if (constant !== undefined) {
      return typeof constant === "number" ? { kind: "number", value: constant, type: numberType } : { kind: "string", value: constant, type: stringType };
    }
    if (ts.isIdentifier(node.expression) && node.expression.text === "Math" && node.name.text === "PI") return { kind: "number", value: Math.PI, type: numberType };
    const object = this.expr(node.expression);
    if (object.type.kind === "envoy") unsupported(node, "reading a property of EnvoyHttpFilter", "call its methods, e.g. envoy.getRequestHeaderValue(name)");
    const read = this.property(object, node.name.text, node);
    return read.kind === "field" ? this.coerce(read, this.typeOf(node), node) : read;
  }

  private indexed(object: Expr, index: Expr, node: ts.Node, literalIndex?: number): Expr {
    if (object.type.kind === "object" && object.type.layout.kind === "tuple") {
      if (literalIndex === undefined) unsupported(node, "indexing a tuple with a computed index", "use a literal index, or an array");
      const field = object.type.layout.fields[literalIndex];
      if (!field) unsupported(node, `index ${literalIndex} past the end of ${object.type.layout.displayName}`, "index within the tuple");
      return { kind: "field", object, layout: object.type.layout, field, type: field.type };
    }
    if (object.type.kind === "array") {
      const element = object.type.element;
      const type: IrType = isPointerType(element) ? { kind: "optional", inner: element } : element.kind === "number" || element.kind === "boolean" ? { kind: "boxed", inner: element } : element;
      return { kind: "elementAt", array: object, index: this.coerce(index, numberType, node), type };
    }
    unsupported(node, `indexing a ${displayType(object.type)}`, "index arrays and tuples");
  }

  private elementAccess(node: ts.ElementAccessExpression): Expr {
    if (node.questionDotToken) unsupported(node, "optional chaining `?.[]`", "check for undefined first");
    const object = this.expr(node.expression);
    const argument = node.argumentExpression;
    const literal = ts.isNumericLiteral(argument) ? Number(argument.text) : undefined;
    if (ts.isStringLiteral(argument)) return this.coerce(this.property(object, argument.text, node), this.typeOf(node), node);
    const result = this.indexed(object, this.expr(argument), node, literal);
    return this.coerce(result, this.typeOf(node), node);
  }

  // ------------------------------------------------------------------ calls

  private args(call: ts.CallExpression | ts.NewExpression, params: Local[]): Expr[] {
    const given = call.arguments ?? [];
    if (given.some(ts.isSpreadElement)) unsupported(call, "spread arguments", "pass arguments one by one");
    return params.map((param, i) => {
      const argument = given[i];
      if (!argument) return this.coerce({ kind: "undefined", type: undefinedType }, param.type, call);
      return this.coerce(this.expr(argument, param.type), param.type, argument);
    });
  }

  private call(node: ts.CallExpression): Expr {
    if (node.questionDotToken) unsupported(node, "optional call `?.()`", "check for undefined first");
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const receiverName = apiExportName(callee.expression, this.checker);
      if (receiverName === "log") return this.logCall(node, callee.name.text);
      if (ts.isIdentifier(callee.expression) && ["Math", "JSON", "Object", "Number", "Array", "String", "Date"].includes(callee.expression.text)) {
        unsupported(node, `\`${callee.expression.text}.${callee.name.text}\``, "see docs/language.md for the supported library");
      }
      const receiver = this.expr(callee.expression);
      if (receiver.type.kind === "envoy") return this.envoyCall(node, callee.name.text);
      if (receiver.type.kind === "array" && callee.name.text === "push") {
        if (node.arguments.length !== 1) unsupported(node, "push with other than one argument", "push one value at a time");
        const value = this.coerce(this.expr(node.arguments[0]!, receiver.type.element), receiver.type.element, node.arguments[0]!);
        return { kind: "runtime", op: "array.push", args: [receiver, value], type: numberType };
      }
      if (receiver.type.kind === "object" && receiver.type.layout.kind === "class") {
        const declaration = this.symbolOf(callee.name)?.valueDeclaration;
        if (declaration && ts.isMethodDeclaration(declaration)) {
          const method = this.host.methodFor(declaration, receiver.type.layout);
          return { kind: "call", callee: method, self: receiver, args: this.args(node, method.params), type: method.returnType };
        }
      }
      unsupported(node, `calling \`${callee.name.text}\` on ${displayType(receiver.type)}`, "see docs/language.md for the supported methods");
    }
    if (ts.isIdentifier(callee)) {
      const api = apiExportName(callee, this.checker);
      if (api === "registerHttpFilter") unsupported(node, "registerHttpFilter inside a function", "call registerHttpFilter at the top level of the entry file");
      if (callee.text === "String" && this.isGlobal(callee)) {
        const [argument] = node.arguments;
        if (!argument) return { kind: "string", value: "", type: stringType };
        return this.toStringExpr(this.expr(argument), argument);
      }
      const declaration = this.symbolOf(callee)?.valueDeclaration;
      if (declaration && ts.isFunctionDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile) {
        if (declaration.typeParameters?.length) unsupported(node, "calling a generic function", "write the function for the concrete types");
        const fn = this.host.functionFor(declaration);
        return { kind: "call", callee: fn, args: this.args(node, fn.params), type: fn.returnType };
      }
      unsupported(node, `calling \`${callee.text}\``, "call functions declared in your filter's files; see docs/language.md for the supported library");
    }
    unsupported(node, "this kind of call", "call a function or method by name");
  }

  private isGlobal(identifier: ts.Identifier): boolean {
    const symbol = this.symbolOf(identifier);
    return !symbol || (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile);
  }

  private stringArgs(node: ts.CallExpression, count: number): Expr[] {
    return node.arguments.slice(0, count).map((a) => this.coerce(this.expr(a), stringType, a));
  }

  private envoyCall(node: ts.CallExpression, method: string): Expr {
    const resultType = this.typeOf(node);
    const header = envoyHeaderMethod(method);
    if (header) {
      const headerType: Expr = { kind: "number", value: header.headerType, type: numberType };
      return { kind: "runtime", op: header.op, args: [headerType, ...this.stringArgs(node, 2)], type: resultType };
    }
    const op = envoyOtherMethods[method];
    if (!op) unsupported(node, `EnvoyHttpFilter.${method}`, "see docs/api.md for the EnvoyHttpFilter methods");
    if (op === "http.sendResponse") {
      // Arguments take the types the API declares (Header[] | undefined, string | undefined).
      const signature = this.checker.getResolvedSignature(node)!;
      const args: Expr[] = signature.parameters.map((parameter, i) => {
        const declared = this.mapType(this.checker.getTypeOfSymbolAtLocation(parameter, node), node);
        const argument = node.arguments[i];
        return argument ? this.coerce(this.expr(argument, declared), declared, argument) : this.coerce({ kind: "undefined", type: undefinedType }, declared, node);
      });
      return { kind: "runtime", op, args, type: resultType };
    }
    const [id] = node.arguments;
    return { kind: "runtime", op, args: [this.coerce(this.expr(id!), numberType, id!)], type: resultType };
  }

  private logCall(node: ts.CallExpression, level: string): Expr {
    const levelNumber = logLevels[level];
    if (levelNumber === undefined) unsupported(node, `log.${level}`, "use log.trace, debug, info, warn, error or critical");
    const [message] = node.arguments;
    const text = message ? this.coerce(this.expr(message), stringType, message) : ({ kind: "string", value: "", type: stringType } as Expr);
    const file = node.getSourceFile();
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    return {
      kind: "runtime",
      op: "log",
      args: [
        { kind: "number", value: levelNumber, type: numberType },
        text,
        { kind: "string", value: this.host.sourceName(file), type: stringType },
        { kind: "number", value: line, type: numberType },
      ],
      type: { kind: "void" },
    };
  }

  private newExpression(node: ts.NewExpression): Expr {
    if (ts.isIdentifier(node.expression) && ERROR_CONSTRUCTORS.has(node.expression.text)) {
      unsupported(node, "an Error object as a value", "throw it directly: throw new Error(message)");
    }
    const type = this.typeOf(node);
    if (type.kind !== "object" || type.layout.kind !== "class") {
      unsupported(node, `\`new\` of ${displayType(type)}`, "construct your own classes with `new`");
    }
    const ctor = type.layout.constructorFunction!;
    return { kind: "new", layout: type.layout, args: this.args(node, ctor.params), type };
  }

  // ------------------------------------------------------------------ operators

  lvalue(node: ts.Expression): LValue {
    if (ts.isParenthesizedExpression(node)) return this.lvalue(node.expression);
    if (ts.isIdentifier(node)) {
      const symbol = this.symbolOf(node);
      const local = symbol && this.scope.get(symbol);
      if (!local) unsupported(node, `assigning to \`${node.text}\``, "assign to local variables and fields");
      return { kind: "local", local };
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const read = ts.isPropertyAccessExpression(node)
        ? this.property(this.expr(node.expression), node.name.text, node)
        : this.elementAccess(node);
      const unwrapped = read.kind === "convert" ? read.value : read;
      if (unwrapped.kind === "field") return { kind: "field", object: unwrapped.object, layout: unwrapped.layout, field: unwrapped.field };
      unsupported(node, "assigning to this target", "assign to local variables and object fields");
    }
    unsupported(node, "assigning to this target", "assign to local variables and object fields");
  }

  private targetType(target: LValue): IrType {
    return target.kind === "local" ? target.local.type : target.field.type;
  }

  private binary(node: ts.BinaryExpression): Expr {
    const op = node.operatorToken.kind;
    const S = ts.SyntaxKind;
    if (op === S.EqualsToken) {
      if (ts.isArrayLiteralExpression(node.left) || ts.isObjectLiteralExpression(node.left)) {
        unsupported(node, "destructuring assignment", "destructure in a declaration: const [a, b] = ...");
      }
      const target = this.lvalue(node.left);
      const type = this.targetType(target);
      return { kind: "assign", target, value: this.coerce(this.expr(node.right, type), type, node.right), type };
    }
    const compound: Partial<Record<ts.SyntaxKind, BinaryOp>> = {
      [S.PlusEqualsToken]: "+",
      [S.MinusEqualsToken]: "-",
      [S.AsteriskEqualsToken]: "*",
      [S.SlashEqualsToken]: "/",
      [S.PercentEqualsToken]: "%",
      [S.AsteriskAsteriskEqualsToken]: "**",
    };
    const compoundOp = compound[op];
    if (compoundOp) {
      const target = this.lvalue(node.left);
      const type = this.targetType(target);
      const value = this.expr(node.right);
      if (compoundOp === "+" && type.kind === "string") {
        return { kind: "compound", target, op: "concat", value: this.toStringExpr(value, node.right), returnOld: false, type };
      }
      if (type.kind !== "number") unsupported(node, `\`${node.operatorToken.getText()}\` on ${displayType(type)}`, "use it on numbers (or += on strings)");
      return { kind: "compound", target, op: compoundOp, value: this.coerce(value, numberType, node.right), returnOld: false, type };
    }
    if (op === S.AmpersandAmpersandToken || op === S.BarBarToken || op === S.QuestionQuestionToken) {
      return this.logical(node, op === S.AmpersandAmpersandToken ? "&&" : op === S.BarBarToken ? "||" : "??");
    }
    if (op === S.CommaToken) unsupported(node, "the comma operator", "write separate statements");
    const left = this.expr(node.left);
    const right = this.expr(node.right);
    switch (op) {
      case S.PlusToken:
        if (left.type.kind === "string" || right.type.kind === "string") {
          return { kind: "runtime", op: "string.concat", args: [this.toStringExpr(left, node.left), this.toStringExpr(right, node.right)], type: stringType };
        }
        return this.arithmetic("+", left, right, node);
      case S.MinusToken:
        return this.arithmetic("-", left, right, node);
      case S.AsteriskToken:
        return this.arithmetic("*", left, right, node);
      case S.SlashToken:
        return this.arithmetic("/", left, right, node);
      case S.PercentToken:
        return this.arithmetic("%", left, right, node);
      case S.AsteriskAsteriskToken:
        return this.arithmetic("**", left, right, node);
      case S.LessThanToken:
        return this.comparison("<", left, right, node);
      case S.GreaterThanToken:
        return this.comparison(">", left, right, node);
      case S.LessThanEqualsToken:
        return this.comparison("<=", left, right, node);
      case S.GreaterThanEqualsToken:
        return this.comparison(">=", left, right, node);
      case S.EqualsEqualsEqualsToken:
      case S.EqualsEqualsToken:
        return this.equality(left, right, node, false);
      case S.ExclamationEqualsEqualsToken:
      case S.ExclamationEqualsToken:
        return this.equality(left, right, node, true);
    }
    unsupported(node.operatorToken, `the operator \`${node.operatorToken.getText()}\``, "see docs/language.md for the supported operators");
  }

  private arithmetic(op: BinaryOp, left: Expr, right: Expr, node: ts.BinaryExpression): Expr {
    return { kind: "binary", op, left: this.coerce(left, numberType, node.left), right: this.coerce(right, numberType, node.right), type: numberType };
  }

  private comparison(op: BinaryOp, left: Expr, right: Expr, node: ts.BinaryExpression): Expr {
    if (left.type.kind === "string" && right.type.kind === "string") return { kind: "binary", op, left, right, type: booleanType };
    return { kind: "binary", op, left: this.coerce(left, numberType, node.left), right: this.coerce(right, numberType, node.right), type: booleanType };
  }

  /** `===`/`!==` (and `== null`), on values of the same type or against undefined. */
  private equality(left: Expr, right: Expr, node: ts.BinaryExpression, negate: boolean): Expr {
    const isUndefinedLiteral = (e: Expr) => e.kind === "undefined";
    let result: Expr;
    if (isUndefinedLiteral(right) || isUndefinedLiteral(left)) {
      const other = isUndefinedLiteral(right) ? left : right;
      result =
        other.type.kind === "optional" || other.type.kind === "boxed" || other.type.kind === "undefined"
          ? { kind: "isUndefined", value: other, type: booleanType }
          : { kind: "boolean", value: false, type: booleanType };
    } else {
      const common = this.commonComparable(left.type, right.type);
      if (!common) {
        unsupported(node, `comparing ${displayType(left.type)} with ${displayType(right.type)}`, "compare values of the same type");
      }
      result = { kind: "binary", op: "===", left: this.coerce(left, common, node.left), right: this.coerce(right, common, node.right), type: booleanType };
    }
    return negate ? { kind: "unary", op: "!", operand: result, type: booleanType } : result;
  }

  private commonComparable(a: IrType, b: IrType): IrType | undefined {
    if (sameType(a, b)) return a;
    const base = (t: IrType) => (t.kind === "optional" || t.kind === "boxed" ? t.inner : t);
    if (sameType(base(a), base(b))) return a.kind === "optional" || a.kind === "boxed" ? a : b;
    return undefined;
  }

  private logical(node: ts.BinaryExpression, op: "&&" | "||" | "??"): Expr {
    const type = this.typeOf(node);
    const left = this.expr(node.left);
    const right = this.expr(node.right, type);
    if (op === "??") {
      if (left.type.kind !== "optional" && left.type.kind !== "boxed") return left; // never undefined
      return { kind: "logical", op, left, right: this.coerce(right, type, node.right), type };
    }
    // `a && b` / `a || b` evaluate to one of the operands: both must be representable as the result.
    if (type.kind !== "boolean" && !(sameType(left.type, type) || this.convertible(left.type, type))) {
      unsupported(node, `\`${op}\` mixing ${displayType(left.type)} and ${displayType(right.type)}`, "use a boolean condition, or `??` for defaults");
    }
    return { kind: "logical", op, left: this.coerce(left, type, node.left), right: this.coerce(right, type, node.right), type };
  }

  private prefixUnary(node: ts.PrefixUnaryExpression): Expr {
    const S = ts.SyntaxKind;
    switch (node.operator) {
      case S.ExclamationToken:
        return { kind: "unary", op: "!", operand: this.condition(node.operand), type: booleanType };
      case S.MinusToken: {
        if (ts.isNumericLiteral(node.operand)) return { kind: "number", value: -Number(node.operand.text), type: numberType };
        return { kind: "unary", op: "-", operand: this.coerce(this.expr(node.operand), numberType, node.operand), type: numberType };
      }
      case S.PlusToken: {
        const operand = this.expr(node.operand);
        if (operand.type.kind !== "number") unsupported(node, "unary `+` on a non-number", "use Number(x) or parseFloat(x)");
        return operand;
      }
      case S.PlusPlusToken:
        return this.update(node, node.operand, "+", false);
      case S.MinusMinusToken:
        return this.update(node, node.operand, "-", false);
    }
    unsupported(node, `the operator \`${ts.tokenToString(node.operator)}\``, "see docs/language.md for the supported operators");
  }

  private update(node: ts.Node, operand: ts.Expression, op: "+" | "-", returnOld: boolean): Expr {
    const target = this.lvalue(operand);
    if (this.targetType(target).kind !== "number") unsupported(node, "++/-- on a non-number", "use it on numbers");
    return { kind: "compound", target, op, value: { kind: "number", value: 1, type: numberType }, returnOld, type: numberType };
  }

  private objectLiteral(node: ts.ObjectLiteralExpression, expected?: IrType): Expr {
    const target = expected?.kind === "optional" ? expected.inner : expected;
    const type = target?.kind === "object" ? target : this.typeOf(node);
    if (type.kind !== "object" || type.layout.kind === "tuple") unsupported(node, "this object literal", "declare its type as an interface");
    if (type.layout.kind === "class") unsupported(node, "an object literal typed as a class", "construct class instances with `new`");
    const layout = type.layout;
    const fields: { field: (typeof layout.fields)[number]; value: Expr }[] = [];
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) unsupported(property, "spread in an object literal", "list the properties");
      if (ts.isMethodDeclaration(property) || ts.isAccessor(property)) unsupported(property, "a method in an object literal", "use a class for objects with methods");
      const name = property.name;
      if (!name || (!ts.isIdentifier(name) && !ts.isStringLiteral(name))) unsupported(property, "a computed property name", "name the property");
      const field = layout.fields.find((f) => f.name === name.text);
      if (!field) unsupported(property, `property \`${name.text}\` not in ${layout.displayName}`, "remove it or add it to the type");
      const valueNode = ts.isShorthandPropertyAssignment(property) ? property.name : (property as ts.PropertyAssignment).initializer;
      fields.push({ field, value: this.coerce(this.expr(valueNode, field.type), field.type, valueNode) });
    }
    for (const field of layout.fields) {
      if (!fields.some((f) => f.field === field) && field.type.kind !== "optional" && field.type.kind !== "boxed") {
        unsupported(node, `an object literal missing \`${field.name}\``, "set every required property");
      }
    }
    return { kind: "objectLiteral", layout, fields, type };
  }

  private arrayLiteral(node: ts.ArrayLiteralExpression, expected?: IrType): Expr {
    const target = expected?.kind === "optional" ? expected.inner : expected;
    const type = target && (target.kind === "array" || (target.kind === "object" && target.layout.kind === "tuple")) ? target : this.typeOf(node);
    if (node.elements.some(ts.isSpreadElement)) unsupported(node, "spread in an array literal", "push the elements in a loop");
    if (type.kind === "object" && type.layout.kind === "tuple") {
      const layout = type.layout;
      if (node.elements.length !== layout.fields.length) unsupported(node, "a tuple literal of the wrong length", `write ${layout.fields.length} elements`);
      return {
        kind: "objectLiteral",
        layout,
        fields: layout.fields.map((field, i) => ({ field, value: this.coerce(this.expr(node.elements[i]!, field.type), field.type, node.elements[i]!) })),
        type,
      };
    }
    if (type.kind !== "array") unsupported(node, "this array literal", "declare its type");
    const element = type.element;
    return { kind: "arrayLiteral", elements: node.elements.map((e) => this.coerce(this.expr(e, element), element, e)), type };
  }
}
