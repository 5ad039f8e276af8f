/**
 * Lowers one function body (statements and expressions) to IR. Anything without a faithful
 * lowering throws LoweringError; the statement is reported and lowering goes on with the next.
 * Library calls (Math, String, Array, Map, JSON, ...) are in builtins.ts.
 */
import { ts } from "ts-morph";

import { BinaryOp, booleanType, opNamed, compatible, displayType, errorType, Expr, Field, IrFunction, IrType, isHeapType, isNullish, isSubtype, KeyStep, Layout, LiteralCheck, Local, LValue, membersOf, nonNullish, noteAliases, nullType, numberType, optionalOf, representation, sameType, Site, Stmt, stored, stringType, undefinedType, unionOf, voidType } from "../ir/index.js";
import type { CompiledRegex } from "../regex/compile-regex.js";
import { apiExportName, envoyMethodOp, logLevel } from "./api.js";
import { convertedCopy, lowerBuiltinCall, lowerBuiltinProperty, lowerBuiltinNew, toNumberExpr, toStringExpr } from "./builtins.js";
import { callsTypePredicate, cellVariables, containsTry, freeVariables, isFunctionLike, outermostFunction } from "./captures.js";
import { describeSyntax, internalError, LoweringError, unsupported } from "./errors.js";
import { typeArgumentsAt } from "./generics.js";
import { functionSite, siteAt, spanOf, tagSites } from "./sites.js";
import type { Implementations } from "./interfaces.js";
import { fieldTarget, methodCall, methodComparison, methodPresence, methodReference, methodValue, optionalMethodCall, requireOwnLayout } from "./members.js";
import { Substitution, TypeError_, TypeMapper } from "./types.js";

/** What a function lowerer needs from the module being lowered. */
export interface LoweringHost {
  checker: ts.TypeChecker;
  types: TypeMapper;
  /** A top-level function, instantiated for `substitution` when generic. */
  functionFor(declaration: ts.FunctionDeclaration, substitution: Substitution): IrFunction;
  /** A method of a class instance; a generic method instantiated for `typeArguments`. */
  methodFor(declaration: ts.MethodDeclaration, layout: Layout, typeArguments?: Substitution): IrFunction;
  /** A new function (closure body, adapter) registered with the module. */
  newFunction(stem: string, displayName: string, returnType: IrType, self?: Layout): IrFunction;
  /** A module-level constant's value, inlined where it is used. */
  constantFor(declaration: ts.VariableDeclaration): Expr | undefined;
  /** A regular expression literal compiled at build time: the C name of its program. */
  regexFor(node: ts.RegularExpressionLiteral): string;
  /** The compiled literal: flags and capture groups (throws its rejection as a LoweringError). */
  regexInfo(node: ts.RegularExpressionLiteral): CompiledRegex;
  /** Records what a JSON.parse call decodes into (the reference backend validates the same). */
  recordJsonParse(node: ts.CallExpression, type: IrType, literals: LiteralCheck[] | undefined): void;
  report(error: LoweringError): void;
  /** Objects of other layouts used as values of record types (class instances as interface values). */
  readonly implementations: Implementations;
  /** Runs `check` once everything is lowered (every implementer known); its errors are reported. */
  afterLowering(node: ts.Node, check: () => void): void;
  /** The file name log lines report. */
  sourceName(file: ts.SourceFile): string;
}

interface JumpTarget {
  label: string;
  tsLabel?: string;
  /** Loops take `continue`; switches and labeled blocks take only `break`. */
  kind: "loop" | "switch" | "block";
}

const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);
/** Global library objects whose members are compiled only where they are called or read as constants. */
const LIBRARY_NAMESPACES = new Set(["Math", "Number", "String", "JSON", "Array", "Object"]);

/** What a for...of or spread iterates: an array, a string's code points, a Map or Set view, an array's keys or entries. */
type IterationKind = "array" | "keys" | "values" | "entries" | "chars" | "arrayKeys" | "arrayEntries";

export class FunctionLowerer {
  readonly scope = new Map<ts.Symbol, Local>();
  private readonly usedNames = new Set<string>();
  private readonly targets: JumpTarget[] = [];
  private labelCount = 0;
  private pendingLabel?: string;
  private cells = new Set<ts.Symbol>();
  private earlyBound = new Set<ts.Symbol>();
  /** Narrowings may come from user-defined type predicates: they are checked at run time. */
  private predicateNarrowing = false;
  /** Early-bound variables declared at the start of their block, before their declaration runs. */
  private readonly predeclared = new Set<Local>();
  /** Variables whose declaration failed: their uses are not reported again. */
  private readonly poisoned = new Set<ts.Symbol>();
  /** Expressions already lowered, standing in for nodes (optional chains). */
  readonly overrides = new Map<ts.Node, Expr>();
  /** IR already given its sites (lower/sites.ts). */
  private readonly sited = new WeakSet<object>();
  /** Inside a closure: the captured `this`. */
  capturedThis?: Local;
  private lambdaCount = 0;

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

  // ------------------------------------------------------------------ locals and types

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
      if (error instanceof TypeError_) throw new LoweringError(node, "TSE2002", error.message, error.hint);
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

  // ------------------------------------------------------------------ conversions

  /** Converts `expr` to `to`: the same JS value in another representation, or reports why not. */
  coerce(expr: Expr, to: IrType, node: ts.Node): Expr {
    const from = expr.type;
    if (to.kind === "void") return expr;
    const isUnreachable = (e: Expr) => e.kind === "runtime" && e.op === "unreachable";
    if (isUnreachable(expr)) return { ...expr, type: to };
    if (expr.kind === "sequence" && isUnreachable(expr.result)) return { ...expr, result: { ...expr.result, type: to }, type: to };
    // A void call's value is undefined.
    if (from.kind === "void") {
      const undefinedValue: Expr = { kind: "sequence", statements: [{ kind: "expr", expr }], result: { kind: "undefined", type: undefinedType }, type: undefinedType };
      return this.coerce(undefinedValue, to, node);
    }
    if (sameType(from, to)) return expr.type === to ? expr : { ...expr, type: to };
    // `[]` has no element type of its own (TypeScript's never[]): it is an empty array of any type.
    if (expr.kind === "arrayLiteral" && expr.elements.length === 0) {
      const array = membersOf(to).filter((m) => m.kind === "array");
      if (array.length === 1 && !sameType(from, array[0]!)) return this.coerce({ ...expr, type: array[0]! }, to, node);
    }
    const convert = (checked = false): Expr => {
      noteAliases(from, to);
      return { kind: "convert", value: expr, type: to, checked };
    };
    if (compatible(from, to)) return convert();
    if (from.kind === "function" && to.kind === "function") return this.adaptFunction(expr, to, node);
    // A function where an optional function is expected: adapted to it, then widened.
    const functionMember = to.kind === "union" && from.kind === "function" ? to.members.find((m) => m.kind === "function") : undefined;
    if (functionMember && !isSubtype(from, to)) return this.coerce(this.coerce(expr, functionMember, node), to, node);
    // Widening: every value of `from` is a value of `to`.
    if (isSubtype(from, to)) return convert();
    // Narrowing that TypeScript proved: sound for plain locals, re-checked elsewhere.
    if (isSubtype(to, from)) return convert(!this.isStableRead(expr));
    if (from.kind === "union" && to.kind !== "union" && membersOf(from).some((m) => compatible(m, to))) return convert(!this.isStableRead(expr));
    // A new array (a literal, a copy) of class instances used as an array of an interface type: no
    // other reference sees it, so a copy typed with the interface holds the same objects.
    if (from.kind === "array" && to.kind === "array" && isFreshArray(expr) && this.host.implementations.register(from.element, to.element, node)) {
      return convertedCopy(this, expr, to.element, node);
    }
    // Objects of other layouts where a record type is expected: the same objects, dispatched on.
    if (this.host.implementations.register(from, to, node)) return convert();
    // A record narrowed to a class none of its values have (instanceof in code that cannot run): checked.
    if (from.kind === "object" && from.layout.kind === "record" && to.kind === "object" && to.layout.kind === "class") return convert(true);
    throw new LoweringError(node, "TSE2020", `a value of type ${displayType(from)} cannot be used where ${displayType(to)} is expected`, "declare the value with the expected type (objects convert only when their fields match exactly)");
  }

  /**
   * A read whose narrowing TypeScript proved: a plain local, in code where no type predicate
   * (`x is T`, `asserts x is T`, which only claim) may have narrowed it.
   */
  private isStableRead(expr: Expr): boolean {
    return expr.kind === "local" && !expr.local.cell && !this.predicateNarrowing;
  }

  truthy(expr: Expr): Expr {
    return expr.type.kind === "boolean" ? expr : { kind: "truthy", value: expr, type: booleanType };
  }

  toStringExpr(expr: Expr, node: ts.Node): Expr {
    return toStringExpr(this, expr, node);
  }

  /** A function value of one signature used as another: an adapter closure converts arguments and result. */
  adaptFunction(value: Expr, to: Extract<IrType, { kind: "function" }>, node: ts.Node, skipped = 0): Expr {
    const from = value.type as Extract<IrType, { kind: "function" }>;
    const holder = this.temp(from, "adapted");
    const adapter = this.host.newFunction(`${this.fn.cName}_adapter`, `adapter in ${this.fn.displayName}`, to.returns);
    const inner: Local = { name: "adapted", cName: "cap_adapted", type: from, captured: { envStruct: `env_${adapter.cName}`, field: "cap_adapted" } };
    adapter.closure = { envStruct: `env_${adapter.cName}`, captures: [{ outer: holder, inner }] };
    const lowerer = new FunctionLowerer(this.host, adapter, this.substitution);
    adapter.params = to.params.map((p, i) => lowerer.declareLocal(`arg${i}`, p));
    // `skipped` leading parameters of `to` (a method's receiver) are not passed on.
    const args = from.params.map((p, i) => {
      const given = adapter.params[i + skipped];
      return given ? lowerer.coerce({ kind: "local", local: given, type: given.type }, p, node) : lowerer.coerce({ kind: "undefined", type: undefinedType }, p, node);
    });
    const call: Expr = { kind: "callValue", callee: { kind: "local", local: inner, type: from }, args, type: from.returns };
    adapter.body = [to.returns.kind === "void" ? { kind: "expr", expr: call } : { kind: "return", value: lowerer.coerce(call, to.returns, node) }];
    adapter.lowered = true;
    return {
      kind: "sequence",
      statements: [{ kind: "let", local: holder, init: value }],
      result: { kind: "closure", fn: adapter, type: to },
      type: to,
    };
  }

  // ------------------------------------------------------------------ functions

  /** Declares the parameters of `declaration` as this function's parameters. */
  lowerParameters(declaration: ts.SignatureDeclaration, expected?: Extract<IrType, { kind: "function" }>): Stmt[] {
    const prologue: Stmt[] = [];
    declaration.parameters.forEach((parameter, index) => {
      if (parameter.dotDotDotToken) {
        if (index !== declaration.parameters.length - 1) unsupported(parameter, "a rest parameter that is not last", "put it last");
        const type = this.mapType(this.checker.getTypeAtLocation(parameter), parameter);
        if (type.kind !== "array") unsupported(parameter, "a rest parameter that is not an array", "type it as T[]");
        this.fn.restIndex = index;
        this.bindParameter(parameter, type, prologue);
        return;
      }
      const declared = stored(expected?.params[index] ?? this.mapType(this.checker.getTypeAtLocation(parameter), parameter));
      if (parameter.initializer) {
        // Callers may leave it out: the C parameter takes undefined, the body sees the value.
        const external = optionalOf(declared);
        const param = this.declareLocal(`${ts.isIdentifier(parameter.name) ? parameter.name.text : "param"}_arg`, external);
        this.fn.params.push(param);
        // Only undefined takes the default: `x: T | null = null` keeps null.
        const inside = nonNullish(declared).kind === "undefined" || isSubtype(undefinedType, declared) ? declared : unionOf(membersOf(external).filter((m) => m.kind !== "undefined"));
        const read: Expr = { kind: "local", local: param, type: external };
        const defaultValue = this.coerce(this.expr(parameter.initializer, inside), inside, parameter.initializer);
        const value: Expr = {
          kind: "conditional",
          condition: { kind: "is", value: read, member: undefinedType, type: booleanType },
          whenTrue: defaultValue,
          whenFalse: this.coerce(read, inside, parameter),
          type: inside,
        };
        const holder = this.temp(inside, "defaulted");
        prologue.push({ kind: "let", local: holder, init: value });
        this.bindName(parameter.name, { kind: "local", local: holder, type: inside }, prologue);
        return;
      }
      this.bindParameter(parameter, declared, prologue);
    });
    // Extra parameters the contextual type passes but the function does not declare.
    for (let i = declaration.parameters.length; expected && i < expected.params.length; i++) {
      this.fn.params.push(this.declareLocal(`unused${i}`, expected.params[i]!));
    }
    return prologue;
  }

  /** The symbol uses of a parameter's name resolve to (a parameter property's name also names the property). */
  parameterSymbol(parameter: ts.ParameterDeclaration): ts.Symbol | undefined {
    if (ts.isIdentifier(parameter.name) && ts.isParameterPropertyDeclaration(parameter, parameter.parent)) {
      return this.checker.getSymbolsOfParameterPropertyDeclaration(parameter, parameter.name.text)[0];
    }
    return this.checker.getSymbolAtLocation(parameter.name);
  }

  private bindParameter(parameter: ts.ParameterDeclaration, type: IrType, prologue: Stmt[]): void {
    if (ts.isIdentifier(parameter.name)) {
      const symbol = this.parameterSymbol(parameter);
      if (symbol && this.cells.has(symbol)) {
        // A captured parameter assigned later: copy it into a cell.
        const param = this.declareLocal(`${parameter.name.text}_arg`, type);
        this.fn.params.push(param);
        const local = this.declareLocal(parameter.name.text, type, symbol);
        prologue.push({ kind: "let", local, init: { kind: "local", local: param, type } });
      } else {
        this.fn.params.push(this.declareLocal(parameter.name.text, type, symbol));
      }
      return;
    }
    const param = this.declareLocal("param", type);
    this.fn.params.push(param);
    prologue.push(...this.destructure(parameter.name, { kind: "local", local: param, type }));
  }

  private bindName(name: ts.BindingName, value: Expr, into: Stmt[]): void {
    if (ts.isIdentifier(name)) {
      const symbol = ts.isParameter(name.parent) ? this.parameterSymbol(name.parent) : this.checker.getSymbolAtLocation(name);
      const local = this.declareLocal(name.text, value.type, symbol);
      into.push({ kind: "let", local, init: value });
    } else {
      into.push(...this.destructure(name, value));
    }
  }

  /** Prepares cell analysis for the function node whose body is about to be lowered. */
  analyze(node: ts.Node): void {
    this.predicateNarrowing = callsTypePredicate(outermostFunction(node), this.checker);
    ({ cells: this.cells, earlyBound: this.earlyBound } = cellVariables(node, this.checker));
    this.fn.hasTry ||= containsTry(node);
  }

  /** Lowers a function, method or arrow body into fn.body. */
  lowerBody(body: ts.ConciseBody, prologue: Stmt[] = []): void {
    const statements: Stmt[] = [...prologue];
    if (ts.isBlock(body)) {
      statements.push(...this.blockStatements(body.statements));
    } else {
      this.collect(statements, () => [this.fn.returnType.kind === "void" ? { kind: "expr", expr: this.expr(body) } : { kind: "return", value: this.returnValue(body) }], body);
    }
    const file = this.host.sourceName(body.getSourceFile());
    this.fn.site = functionSite(body, file);
    this.fn.span = spanOf(body.parent, file);
    // Parameter defaults and the like report at the declaration.
    tagSites(statements, siteAt(body.parent, file), this.sited);
    this.fn.body = statements;
    this.fn.lowered = true;
  }

  private returnValue(expression: ts.Expression): Expr {
    const value = this.expr(expression, this.fn.returnType);
    return this.fn.returnType.kind === "void" ? value : this.coerce(value, this.fn.returnType, expression);
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

  /** Statements of a block: nested function declarations are hoisted to its start. */
  blockStatements(nodes: readonly ts.Statement[]): Stmt[] {
    const out: Stmt[] = this.predeclare(nodes);
    const hoisted = nodes.filter(ts.isFunctionDeclaration);
    // Bindings first (closures of mutually recursive functions see each other), then closures.
    const bindings = hoisted.map((declaration) => {
      if (!declaration.name || !declaration.body) unsupported(declaration, "a nested function without a name or body", "name it and give it a body");
      if (declaration.typeParameters?.length) unsupported(declaration, "a generic nested function", "declare it at the top level");
      const type = this.mapType(this.checker.getTypeAtLocation(declaration), declaration);
      return { declaration, local: this.declareLocal(declaration.name.text, type, this.checker.getSymbolAtLocation(declaration.name)) };
    });
    for (const { local } of bindings) out.push({ kind: "let", local, init: { kind: "null", type: nullType } });
    for (const { declaration, local } of bindings) {
      this.collect(out, () => [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value: this.lambda(declaration, local.type as Extract<IrType, { kind: "function" }>), type: local.type } }], declaration);
    }
    for (const node of nodes) {
      if (ts.isFunctionDeclaration(node)) continue;
      this.collect(out, () => this.statement(node), node);
    }
    return out;
  }

  /**
   * `let`/`const` bindings that closures created earlier capture exist from the start of their
   * block (uninitialized: the temporal dead zone), so those closures share them.
   */
  private predeclare(nodes: readonly ts.Statement[]): Stmt[] {
    const out: Stmt[] = [];
    const visitName = (name: ts.BindingName): void => {
      if (!ts.isIdentifier(name)) {
        for (const element of name.elements) if (!ts.isOmittedExpression(element)) visitName(element.name);
        return;
      }
      const symbol = this.checker.getSymbolAtLocation(name);
      if (!symbol || !this.earlyBound.has(symbol)) return;
      const type = this.withPoisonOnError(name, () => this.mapType(this.checker.getTypeAtLocation(name), name));
      const local = this.declareLocal(name.text, type, symbol);
      this.predeclared.add(local);
      out.push({ kind: "let", local, init: zeroValue(type, name, this) });
    };
    for (const node of nodes) {
      if (ts.isVariableStatement(node)) for (const declaration of node.declarationList.declarations) this.collect(out, () => (visitName(declaration.name), []));
    }
    return out;
  }

  /** The declaration of a predeclared binding: it gets its value and leaves the dead zone. */
  private initializePredeclared(symbol: ts.Symbol | undefined, value: (() => Expr) | undefined): Stmt[] | undefined {
    const local = symbol && this.scope.get(symbol);
    if (!local || !this.predeclared.has(local)) return undefined;
    const initialized: Stmt = { kind: "initialized", local };
    // `let x: T;` without a value: TypeScript checks it is assigned before it is read.
    if (!value) return isSubtype(undefinedType, local.type) ? [{ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value: this.coerce({ kind: "undefined", type: undefinedType }, local.type, symbol.valueDeclaration!), type: local.type } }, initialized] : [initialized];
    const target: LValue = { kind: "local", local };
    return [{ kind: "expr", expr: { kind: "assign", target, value: this.coerce(value(), local.type, symbol.valueDeclaration ?? symbol.declarations![0]!), type: local.type } }, initialized];
  }

  statements(nodes: readonly ts.Statement[]): Stmt[] {
    return this.blockStatements(nodes);
  }

  // ------------------------------------------------------------------ closures

  /** A closure over an arrow function, function expression or nested function declaration. */
  /**
   * A closure over an arrow function, function expression, nested function declaration or object
   * literal method. `receiver`: a method's closure, taking the receiver first; it is `this` inside
   * (not in an arrow function, whose `this` is the enclosing one).
   */
  lambda(node: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration, expected?: Extract<IrType, { kind: "function" }>, receiver?: IrType): Expr {
    if (node.asteriskToken) unsupported(node, "a generator function", "return an array");
    if (node.typeParameters?.length) unsupported(node, "a generic function value", "declare a generic function at the top level");
    const ownType = this.typeOf(node) as Extract<IrType, { kind: "function" }>;
    if (ownType.kind !== "function") unsupported(node, "this function", "give it a plain signature");
    // The contextual signature may pass more arguments than the function declares.
    let type: Extract<IrType, { kind: "function" }> =
      expected && expected.params.length >= ownType.params.length && ownType.params.every((p, i) => compatible(p, expected.params[i]!)) ? { ...ownType, params: expected.params } : ownType;
    // Where a function returning void is expected, whatever this one returns is ignored (as in JS).
    if (expected?.returns.kind === "void") type = { ...type, returns: voidType };
    // Without an annotation, the expected return type types what it returns (object literals, [] ...).
    else if (expected && !node.type && !isSubtype(type.returns, expected.returns)) type = { ...type, returns: expected.returns };
    // One that never returns (it always throws) fits any expected return type.
    const [signature] = this.checker.getTypeAtLocation(node).getCallSignatures();
    if (expected && signature && signature.getReturnType().getFlags() & ts.TypeFlags.Never) type = { ...type, returns: expected.returns };
    const name = (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name) ? node.name.text : `lambda${++this.lambdaCount}`;
    const fn = this.host.newFunction(`${this.fn.cName}_${name}`, `${name} in ${this.fn.displayName}`, type.returns);
    const envStruct = `env_${fn.cName}`;
    const lowerer = new FunctionLowerer(this.host, fn, this.substitution);
    const { symbols, usesThis } = freeVariables(node, this.checker);
    const captures: { outer: Local; inner: Local }[] = [];
    for (const symbol of symbols) {
      const outer = this.scope.get(symbol);
      if (!outer) {
        if (this.poisoned.has(symbol)) throw new LoweringError(node, "TSE2000", "already reported", "", true);
        continue; // module-level or not a value: resolved by name inside
      }
      const inner: Local = { ...outer, cName: `cap_${outer.cName}`, captured: { envStruct, field: `cap_${outer.cName}` } };
      lowerer.scope.set(symbol, inner);
      lowerer.usedNames.add(inner.cName);
      captures.push({ outer, inner });
    }
    const ownThis = !ts.isArrowFunction(node);
    if (usesThis && !ownThis) {
      const outer = this.thisLocal(node);
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
      const self = lowerer.declareLocal(node.name.text, type, this.checker.getSymbolAtLocation(node.name));
      prologue.unshift({ kind: "let", local: self, init: { kind: "runtime", op: "closure.self", args: [], type } });
    }
    lowerer.lowerBody(node.body!, prologue);
    return { kind: "closure", fn, type: receiver ? { ...type, params: [receiver, ...type.params] } : type };
  }

  private thisLocal(node: ts.Node): Local {
    if (this.capturedThis) return this.capturedThis;
    if (this.fn.self) return this.fn.self.local;
    unsupported(node, "`this` outside a class", "use `this` in methods and constructors");
  }

  // ------------------------------------------------------------------ statements

  private statement(node: ts.Statement): Stmt[] {
    const lowered = this.lowerStatement(node);
    tagSites(lowered, this.siteOf(node), this.sited);
    return lowered;
  }

  private lowerStatement(node: ts.Statement): Stmt[] {
    if (ts.isVariableStatement(node)) return this.variableDeclarations(node.declarationList);
    if (ts.isExpressionStatement(node)) return [{ kind: "expr", expr: this.expr(node.expression) }];
    if (ts.isBlock(node)) return [{ kind: "block", body: this.blockStatements(node.statements) }];
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
    if (ts.isTryStatement(node)) return [this.tryStatement(node)];
    if (ts.isSwitchStatement(node)) return [this.switchStatement(node)];
    if (ts.isWhileStatement(node)) {
      return this.loop(node, (label) => ({ kind: "loop", label, condition: this.condition(node.expression), body: this.statements([node.statement]), update: [], testFirst: true, renew: [] }));
    }
    if (ts.isDoStatement(node)) {
      return this.loop(node, (label) => ({ kind: "loop", label, condition: this.condition(node.expression), body: this.statements([node.statement]), update: [], testFirst: false, renew: [] }));
    }
    if (ts.isForStatement(node)) return this.forStatement(node);
    if (ts.isForOfStatement(node)) return this.forOfStatement(node);
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) return [this.jump(node)];
    if (ts.isLabeledStatement(node)) {
      if (ts.isIterationStatement(node.statement, false)) {
        this.pendingLabel = node.label.text;
        return this.statement(node.statement);
      }
      const label = this.newLabel();
      this.targets.push({ label, tsLabel: node.label.text, kind: "block" });
      try {
        return [{ kind: "labeled", label, body: this.statements([node.statement]) }];
      } finally {
        this.targets.pop();
      }
    }
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return [];
    if (ts.isClassDeclaration(node)) unsupported(node, "a class declared inside a function", "declare the class at the top level of the file");
    if (ts.isEnumDeclaration(node)) unsupported(node, "an enum declared inside a function", "declare it at the top level");
    unsupported(node, describeSyntax(node), "see docs/language.md for the supported subset");
  }

  condition(expression: ts.Expression): Expr {
    return methodPresence(this, expression) ?? this.truthy(this.expr(expression));
  }

  private throwStatement(node: ts.ThrowStatement): Stmt {
    const value = this.expr(node.expression);
    if (value.type.kind !== "error") {
      throw new LoweringError(node.expression, "TSE2030", `throwing a ${displayType(value.type)}: only Error objects can be thrown`, "throw new Error(message) (or TypeError, RangeError, ...)");
    }
    return { kind: "throw", error: value };
  }

  private tryStatement(node: ts.TryStatement): Stmt {
    this.fn.hasTry = true;
    const body = this.blockStatements(node.tryBlock.statements);
    let catchLocal: Local | undefined;
    let catchBody: Stmt[] | undefined;
    if (node.catchClause) {
      const declaration = node.catchClause.variableDeclaration;
      catchLocal = this.temp(errorType, "caught");
      catchBody = [];
      if (declaration) {
        if (!ts.isIdentifier(declaration.name)) unsupported(declaration, "destructuring a caught error", "catch (e) and read e.message");
        const symbol = this.checker.getSymbolAtLocation(declaration.name);
        const local = this.declareLocal(declaration.name.text, errorType, symbol);
        catchBody.push({ kind: "let", local, init: { kind: "local", local: catchLocal, type: errorType } });
      }
      catchBody.push(...this.blockStatements(node.catchClause.block.statements));
    }
    const finallyBody = node.finallyBlock ? this.blockStatements(node.finallyBlock.statements) : undefined;
    return { kind: "try", body, catchLocal, catchBody, finallyBody };
  }

  private switchStatement(node: ts.SwitchStatement): Stmt {
    // Evaluated once, before any case expression.
    const value = this.expr(node.expression);
    const holder = this.temp(value.type, "discriminant");
    const discriminant: Expr = { kind: "local", local: holder, type: value.type };
    const label = this.newLabel();
    this.targets.push({ label, tsLabel: this.takePendingLabel(), kind: "switch" });
    try {
      const cases = node.caseBlock.clauses.map((clause) => ({
        test: ts.isCaseClause(clause) ? this.equality(discriminant, this.expr(clause.expression), clause.expression, false, true) : undefined,
        body: this.statements(clause.statements),
      }));
      return { kind: "block", body: [{ kind: "let", local: holder, init: value }, { kind: "switch", label, discriminant, cases }] };
    } finally {
      this.targets.pop();
    }
  }

  newLabel(): string {
    return `L${++this.labelCount}`;
  }

  private loop(node: ts.IterationStatement, build: (label: string) => Stmt, prologue: Stmt[] = []): Stmt[] {
    const label = this.newLabel();
    this.targets.push({ label, tsLabel: this.takePendingLabel(), kind: "loop" });
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
    const target = [...this.targets].reverse().find((t) => (wanted ? t.tsLabel === wanted : kind === "continue" ? t.kind === "loop" : t.kind !== "block"));
    if (!target || (kind === "continue" && target.kind !== "loop")) unsupported(node, `\`${kind}\` outside a loop`, "use break/continue inside loops (and break inside switch)");
    return { kind, label: target.label };
  }

  private forStatement(node: ts.ForStatement): Stmt[] {
    const prologue: Stmt[] = [];
    const renew: Local[] = [];
    if (node.initializer) {
      if (ts.isVariableDeclarationList(node.initializer)) {
        prologue.push(...this.variableDeclarations(node.initializer));
        // `let` bindings captured by closures are fresh in each iteration.
        for (const declaration of node.initializer.declarations) {
          if (!ts.isIdentifier(declaration.name)) continue;
          const local = this.scope.get(this.checker.getSymbolAtLocation(declaration.name)!);
          if (local?.cell) renew.push(local);
        }
      } else {
        prologue.push({ kind: "expr", expr: this.expr(node.initializer) });
      }
    }
    const block = this.loop(
      node,
      (label) => ({
        kind: "loop",
        label,
        condition: node.condition ? this.condition(node.condition) : undefined,
        body: this.statements([node.statement]),
        update: node.incrementor ? [{ kind: "expr", expr: this.expr(node.incrementor) }] : [],
        testFirst: true,
        renew,
      }),
      prologue,
    );
    return [{ kind: "block", body: block }];
  }

  private forOfStatement(node: ts.ForOfStatement): Stmt[] {
    if (node.awaitModifier) unsupported(node, "`for await`", "iterate synchronously");
    const initializer = node.initializer;
    if (ts.isVariableDeclarationList(initializer) && initializer.declarations.length !== 1) unsupported(initializer, "for...of declaring several variables", "declare one: for (const x of xs)");
    const declaration = ts.isVariableDeclarationList(initializer) ? initializer.declarations[0]! : undefined;
    const { source, what, elementType } = this.iterationSource(node.expression);
    const label = this.newLabel();
    this.targets.push({ label, tsLabel: this.takePendingLabel(), kind: "loop" });
    try {
      let element: Local;
      const prologue: Stmt[] = [];
      if (!declaration) {
        // `for (x of xs)`, `for ([a, b] of pairs)`: each element is assigned to existing targets.
        element = this.declareLocal("element", elementType);
        prologue.push(...this.assignPattern(initializer as ts.Expression, { kind: "local", local: element, type: elementType }));
      } else if (ts.isIdentifier(declaration.name)) {
        element = this.declareLocal(declaration.name.text, elementType, this.checker.getSymbolAtLocation(declaration.name));
      } else {
        element = this.declareLocal("element", elementType);
        prologue.push(...this.destructure(declaration.name, { kind: "local", local: element, type: elementType }));
      }
      const body = [...prologue, ...this.statements([node.statement])];
      if (what === "arrayKeys" || what === "arrayEntries") {
        // The element is bound afresh each step; the declared name binds to it through `element`.
        const step = this.temp(elementType, "step");
        return [{ kind: "block", body: this.arrayViewLoop(source, what, step, [{ kind: "let", local: element, init: { kind: "local", local: step, type: elementType } }, ...body], label, node) }];
      }
      if (what === "array") return [{ kind: "forOf", label, array: source, element, body }];
      return [{ kind: "forOfCollection", label, source, what, element, body }];
    } finally {
      this.targets.pop();
    }
  }

  /** What for...of (and spread) iterate: arrays, strings (by code point), maps, sets and their views. */
  iterationSource(node: ts.Expression, expected?: IrType): { source: Expr; what: IterationKind; elementType: IrType } {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 0) {
      const method = node.expression.name.text;
      if (method === "keys" || method === "values" || method === "entries") {
        const receiver = this.expr(node.expression.expression);
        if (receiver.type.kind === "map" || receiver.type.kind === "set") {
          const key = receiver.type.kind === "map" ? receiver.type.key : receiver.type.element;
          const value = receiver.type.kind === "map" ? receiver.type.value : receiver.type.element;
          const elementType = method === "keys" ? key : method === "values" ? value : this.pairType(key, value, node);
          return { source: receiver, what: method, elementType };
        }
        if (receiver.type.kind === "array") {
          if (method === "values") return { source: receiver, what: "array", elementType: receiver.type.element };
          return { source: receiver, what: method === "keys" ? "arrayKeys" : "arrayEntries", elementType: method === "keys" ? numberType : this.pairType(numberType, receiver.type.element, node) };
        }
      }
    }
    const source = this.iterable(node, expected);
    const type = source.type;
    if (type.kind === "array") return { source, what: "array", elementType: type.element };
    if (type.kind === "string") return { source, what: "chars", elementType: stringType };
    if (type.kind === "map") return { source, what: "entries", elementType: this.pairType(type.key, type.value, node) };
    if (type.kind === "set") return { source, what: "values", elementType: type.element };
    if (type.kind === "regexpMatch") return { source: { kind: "convert", value: source, type: { kind: "array", element: optionalOf(stringType) }, checked: false }, what: "array", elementType: optionalOf(stringType) };
    unsupported(node, `iterating a ${displayType(type)}`, "iterate arrays, strings, Maps and Sets");
  }

  /** An iterated expression; a tuple is iterated as the array it is in JavaScript. */
  private iterable(node: ts.Expression, expected?: IrType): Expr {
    // An array literal takes the element type the context expects (`new Map<K, V>([[k, {...}]])`).
    if (expected && ts.isArrayLiteralExpression(node)) return this.expr(node, expected);
    const own = this.typeOf(node);
    if (own.kind !== "object" || own.layout.kind !== "tuple") return this.expr(node, expected);
    const element = unionOf(own.layout.fields.map((f) => f.type));
    const asArray: IrType = { kind: "array", element };
    if (ts.isArrayLiteralExpression(node)) return this.expr(node, asArray);
    const tuple = this.expr(node);
    const holder = this.temp(tuple.type, "tuple");
    const read: Expr = { kind: "local", local: holder, type: tuple.type };
    const layout = own.layout;
    return {
      kind: "sequence",
      statements: [{ kind: "let", local: holder, init: tuple }],
      result: { kind: "arrayLiteral", elements: layout.fields.map((field) => this.coerce({ kind: "field", object: read, layout, field, type: field.type }, element, node)), type: asArray },
      type: asArray,
    };
  }

  /** The [key, value] tuple type of map entries. */
  pairType(key: IrType, value: IrType, node: ts.Node): IrType {
    const tuple = this.checker.getTypeAtLocation(node);
    const iterated = this.checker.getTypeArguments(tuple as ts.TypeReference)[0];
    if (iterated && this.checker.isTupleType(iterated)) return this.mapType(iterated, node);
    return this.host.types.tupleOf([key, value]);
  }

  private variableDeclarations(list: ts.VariableDeclarationList): Stmt[] {
    const out: Stmt[] = [];
    for (const declaration of list.declarations) {
      if (ts.isIdentifier(declaration.name)) {
        const symbol = this.checker.getSymbolAtLocation(declaration.name);
        const early = this.initializePredeclared(
          symbol,
          declaration.initializer ? () => this.withPoisonOnError(declaration.name, () => this.expr(declaration.initializer!, this.scope.get(symbol!)!.type)) : undefined,
        );
        if (early) {
          out.push(...early);
          continue;
        }
        // Errors point at the annotation when there is one: that is what to change.
        const type = this.withPoisonOnError(declaration.name, () => this.mapType(this.checker.getTypeAtLocation(declaration.name), declaration.type ?? declaration.name));
        if (!declaration.initializer && !isSubtype(undefinedType, type)) {
          // `let x: T;` assigned later: TypeScript checks the assignment happens first.
          const local = this.declareLocal(declaration.name.text, type, symbol);
          out.push({ kind: "let", local, init: zeroValue(type, declaration, this) });
          continue;
        }
        if (symbol && this.cells.has(symbol) && declaration.initializer) {
          // A closure in the initializer may refer to the variable itself: bind it first.
          const local = this.declareLocal(declaration.name.text, type, symbol);
          out.push({ kind: "let", local, init: zeroValue(type, declaration, this) });
          const value = this.withPoisonOnError(declaration.name, () => this.coerce(this.expr(declaration.initializer!, type), type, declaration.initializer!));
          out.push({ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value, type } });
          if (local.tdz) out.push({ kind: "initialized", local });
          continue;
        }
        const init = declaration.initializer
          ? this.withPoisonOnError(declaration.name, () => this.coerce(this.expr(declaration.initializer!, type), type, declaration.initializer!))
          : this.coerce({ kind: "undefined", type: undefinedType }, type, declaration);
        const local = this.declareLocal(declaration.name.text, type, symbol);
        out.push({ kind: "let", local, init });
      } else {
        if (!declaration.initializer) unsupported(declaration, "destructuring without a value", "add an initializer");
        const initializer = declaration.initializer;
        // `const [a, ...rest] = [x, y, z]`: TypeScript types the literal as a tuple; an array keeps rest simple.
        let wanted: IrType | undefined;
        if (ts.isArrayBindingPattern(declaration.name) && ts.isArrayLiteralExpression(initializer) && !initializer.elements.some(ts.isSpreadElement)) {
          const own = this.typeOf(initializer);
          if (own.kind === "object" && own.layout.kind === "tuple") wanted = { kind: "array", element: unionOf(own.layout.fields.map((f) => f.type)) };
        }
        const value = this.withPoisonOnError(declaration.name, () => this.expr(initializer, wanted));
        const holder = this.temp(value.type, "destructured");
        out.push({ kind: "let", local: holder, init: value });
        out.push(...this.withPoisonOnError(declaration.name, () => this.destructure(declaration.name, { kind: "local", local: holder, type: value.type })));
      }
    }
    return out;
  }

  /** `const [a, b] = source` / `const { x, y = 1, ...rest } = source`, source already evaluated. */
  destructure(pattern: ts.BindingName, source: Expr): Stmt[] {
    if (ts.isIdentifier(pattern)) {
      const early = this.initializePredeclared(this.checker.getSymbolAtLocation(pattern), () => source);
      if (early) return early;
      const declared = this.typeOf(pattern);
      // A rest element TypeScript typed as a tuple (from a literal) is the array it is at run time.
      const type = declared.kind === "object" && declared.layout.kind === "tuple" && source.type.kind === "array" ? source.type : declared;
      const local = this.declareLocal(pattern.text, type, this.checker.getSymbolAtLocation(pattern));
      return [{ kind: "let", local, init: this.coerce(source, type, pattern) }];
    }
    const out: Stmt[] = [];
    const holder = source.kind === "local" ? source : (() => {
      const local = this.temp(source.type, "destructured");
      out.push({ kind: "let", local, init: source });
      return { kind: "local", local, type: source.type } as Expr;
    })();
    pattern.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      let part: Expr;
      if (element.dotDotDotToken) {
        part = ts.isArrayBindingPattern(pattern) ? this.restOfArray(holder, index, element) : this.restOfObject(holder, pattern, element);
      } else if (ts.isArrayBindingPattern(pattern)) {
        part = this.indexed(holder, { kind: "number", value: index, type: numberType }, element, index);
      } else {
        const name = element.propertyName ?? element.name;
        if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) unsupported(element, "a computed key in destructuring", "name the property");
        part = this.property(holder, name.text, element);
      }
      if (element.initializer) {
        const target = this.typeOf(element.name);
        part = this.withDefault(part, element.initializer, target);
      }
      out.push(...this.destructure(element.name, part));
    });
    return out;
  }

  private withDefault(value: Expr, initializer: ts.Expression, target: IrType): Expr {
    if (value.type.kind === "undefined") {
      return { kind: "sequence", statements: [{ kind: "expr", expr: value }], result: this.coerce(this.expr(initializer, target), target, initializer), type: target };
    }
    const holder = this.temp(value.type, "maybe");
    const read: Expr = { kind: "local", local: holder, type: value.type };
    return {
      kind: "sequence",
      statements: [{ kind: "let", local: holder, init: value }],
      result: {
        kind: "conditional",
        condition: { kind: "is", value: read, member: undefinedType, type: booleanType },
        whenTrue: this.coerce(this.expr(initializer, target), target, initializer),
        whenFalse: this.coerce(read, target, initializer),
        type: target,
      },
      type: target,
    };
  }

  private restOfArray(source: Expr, from: number, node: ts.Node): Expr {
    if (source.type.kind !== "array") unsupported(node, "a rest element over a tuple", "index the elements");
    return { kind: "runtime", op: "array.slice", args: [source, { kind: "number", value: from, type: numberType }, { kind: "undefined", type: undefinedType }], type: source.type };
  }

  private restOfObject(source: Expr, pattern: ts.ObjectBindingPattern, element: ts.BindingElement): Expr {
    const taken = pattern.elements.filter((e) => !e.dotDotDotToken).map((e) => (e.propertyName ?? e.name).getText());
    return this.restObject(source, taken, this.typeOf(element.name), element);
  }

  /**
   * A property copied from a `from` object into a new `to` object (spread, rest). A method goes with
   * its closure, whose `this` becomes the new object: it must be a value of the source's type.
   */
  private copiedProperty(value: Expr, from: Layout, source: Field, to: Layout, target: Field, node: ts.Node): Expr {
    try {
      return this.coerce(value, target.type, node);
    } catch (error) {
      if (!(error instanceof LoweringError) || !source.method || from === to) throw error;
      throw new LoweringError(
        node,
        "TSE2020",
        `copying the method \`${source.name}\` of ${from.displayName} into ${to.displayName}: its \`this\` would be the new object, which is not of type ${from.displayName} (${error.message})`,
        `give the new object the type ${from.displayName}, or copy the properties you need by name`,
      );
    }
  }

  /** The object a rest property (`...rest`) gets: the source's properties other than `taken`, in the source's order. */
  private restObject(source: Expr, taken: string[], type: IrType, node: ts.Node): Expr {
    if (type.kind !== "object" || type.layout.kind !== "record" || source.type.kind !== "object") unsupported(node, "this rest property", "name the properties");
    const layout = type.layout;
    requireOwnLayout(this, source.type.layout, node, "a rest property of");
    const remaining = source.type.layout.fields.filter((f) => !taken.includes(f.name));
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
        return { field, value: this.copiedProperty({ kind: "field", object: source, layout: sourceLayout, field: from, type: from.type }, sourceLayout, from, layout, field, node) };
      }),
      keys: [{ kind: "spread", source, exclude: taken }],
      type,
    };
  }

  // ------------------------------------------------------------------ expressions

  /** Lowers an expression; `expected` guides literals and closures (contextual typing). */
  expr(node: ts.Expression, expected?: IrType): Expr {
    const lowered = this.lowerExpr(node, expected);
    tagSites(lowered, this.siteOf(node), this.sited);
    return lowered;
  }

  siteOf(node: ts.Node): Site {
    return siteAt(node, this.host.sourceName(node.getSourceFile()));
  }

  private lowerExpr(node: ts.Expression, expected?: IrType): Expr {
    const override = this.overrides.get(node);
    if (override) return override;
    if (ts.isParenthesizedExpression(node)) return this.expr(node.expression, expected);
    if (ts.isNumericLiteral(node)) return { kind: "number", value: Number(node.text), type: numberType };
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", value: node.text, type: stringType };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      return { kind: "boolean", value: node.kind === ts.SyntaxKind.TrueKeyword, type: booleanType };
    }
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: "null", type: nullType };
    if (ts.isTemplateExpression(node)) return this.template(node);
    if (ts.isIdentifier(node)) return this.identifier(node, expected);
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      const local = this.thisLocal(node);
      return { kind: "local", local, type: local.type };
    }
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) return this.assertion(node, expected);
    if (ts.isNonNullExpression(node)) {
      const inner = this.expr(node.expression, expected);
      if (!membersOf(inner.type).some(isNullish)) return inner;
      // JavaScript would go on with undefined or null; compiled code cannot, so it throws (as the reference host does).
      return { kind: "runtime", op: "nonNull", args: [inner], type: nonNullish(inner.type) };
    }
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && this.isChainTop(node)) {
      return this.optionalChain(node, expected);
    }
    if (ts.isPropertyAccessExpression(node)) return this.propertyAccess(node);
    if (ts.isElementAccessExpression(node)) return this.elementAccess(node);
    if (ts.isCallExpression(node)) {
      const call = this.call(node, expected);
      if (!this.isNeverRead(node)) return call;
      // A call that never returns (it throws): its "value" takes whatever type the context needs.
      return { kind: "sequence", statements: [{ kind: "expr", expr: call }], result: this.unreachable(), type: undefinedType };
    }
    if (ts.isNewExpression(node)) return this.newExpression(node, expected);
    if (ts.isBinaryExpression(node)) return this.binary(node, expected);
    if (ts.isPrefixUnaryExpression(node)) return this.prefixUnary(node);
    if (ts.isPostfixUnaryExpression(node)) return this.update(node, node.operand, node.operator === ts.SyntaxKind.PlusPlusToken ? "+" : "-", true);
    if (ts.isConditionalExpression(node)) return this.conditional(node, expected);
    if (ts.isObjectLiteralExpression(node)) return this.objectLiteral(node, expected);
    if (ts.isArrayLiteralExpression(node)) return this.arrayLiteral(node, expected);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const target = expected && membersOf(expected).find((m) => m.kind === "function");
      return this.lambda(node, target as Extract<IrType, { kind: "function" }> | undefined);
    }
    if (ts.isTypeOfExpression(node)) {
      const presence = methodPresence(this, node.expression);
      if (presence) return { kind: "conditional", condition: presence, whenTrue: { kind: "string", value: "function", type: stringType }, whenFalse: { kind: "string", value: "undefined", type: stringType }, type: stringType };
      return { kind: "typeof", value: this.expr(node.expression), type: stringType };
    }
    if (ts.isVoidExpression(node)) {
      return { kind: "sequence", statements: [{ kind: "expr", expr: this.expr(node.expression) }], result: { kind: "undefined", type: undefinedType }, type: undefinedType };
    }
    if (ts.isRegularExpressionLiteral(node)) {
      return { kind: "runtime", op: "regexp.new", args: [{ kind: "string", value: this.host.regexFor(node), type: stringType }], type: { kind: "regexp" } };
    }
    if (ts.isSpreadElement(node)) unsupported(node, "spread here", "spread into array literals and calls");
    unsupported(node, describeSyntax(node), "see docs/language.md for the supported subset");
  }

  private template(node: ts.TemplateExpression): Expr {
    const parts: Expr[] = [];
    if (node.head.text) parts.push({ kind: "string", value: node.head.text, type: stringType });
    for (const span of node.templateSpans) {
      parts.push(this.toStringExpr(this.expr(span.expression), span.expression));
      if (span.literal.text) parts.push({ kind: "string", value: span.literal.text, type: stringType });
    }
    if (parts.length === 0) return { kind: "string", value: "", type: stringType };
    if (parts.length === 1) return parts[0]!;
    return { kind: "runtime", op: "string.build", args: parts, type: stringType };
  }

  /**
   * `c0 ? v0 : c1 ? v1 : ... : last`, lowered without recursion along the chain. The chain's type
   * is asked of TypeScript once, at its top: asking again at every link re-checks the rest of the
   * chain each time (time quadratic in its length, or worse).
   */
  private conditional(node: ts.ConditionalExpression, expected?: IrType): Expr {
    const type = this.contextualType(node, expected);
    const links: ts.ConditionalExpression[] = [];
    let last: ts.Expression = node;
    for (; ts.isConditionalExpression(last) && !this.overrides.has(last); last = last.whenFalse) links.push(last);
    const arms = links.map((link) => ({ condition: this.condition(link.condition), whenTrue: this.coerce(this.expr(link.whenTrue, type), type, link.whenTrue) }));
    let result = this.coerce(this.expr(last, type), type, last);
    for (let i = arms.length - 1; i >= 0; i--) result = { kind: "conditional", ...arms[i]!, whenFalse: result, type };
    return result;
  }

  /**
   * The type of an expression choosing between values (`c ? x : y`, `a ?? b`): TypeScript's, unless
   * that does not fit the context (object literals get anonymous types of their own), then the
   * context's, which every branch converts to.
   */
  private contextualType(node: ts.Expression, expected: IrType | undefined): IrType {
    if (!expected || expected.kind === "void") return this.typeOf(node);
    try {
      const own = this.typeOf(node);
      return isSubtype(own, expected) ? own : expected;
    } catch (error) {
      if (error instanceof LoweringError) return expected;
      throw error;
    }
  }

  /** A read TypeScript narrowed to `never` (exhausted unions): code that cannot run. */
  private isNeverRead(node: ts.Expression): boolean {
    return !!(this.checker.getTypeAtLocation(node).getFlags() & ts.TypeFlags.Never);
  }

  /** The value of code that cannot run; it takes whatever type its context needs (see coerce). */
  private unreachable(): Expr {
    return { kind: "runtime", op: "unreachable", args: [], type: undefinedType };
  }

  private identifier(node: ts.Identifier, expected?: IrType): Expr {
    if (node.text === "undefined" && this.isGlobal(node)) return { kind: "undefined", type: undefinedType };
    if (this.isNeverRead(node) && this.scope.has(this.symbolOf(node)!)) return this.unreachable();
    const symbol = this.symbolOf(node);
    if (symbol && this.poisoned.has(symbol)) throw new LoweringError(node, "TSE2000", "already reported", "", true);
    const local = symbol && this.scope.get(symbol);
    if (local) {
      const read: Expr = { kind: "local", local, type: local.type };
      // A caught value is `unknown` to TypeScript until narrowed; here it is always an Error.
      const checked = this.checker.getTypeAtLocation(node);
      if (local.type.kind === "error" && checked.getFlags() & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return read;
      const target = this.typeOf(node);
      // A rest binding TypeScript types as a tuple holds an array (see destructure).
      if (local.type.kind === "array" && target.kind === "object" && target.layout.kind === "tuple") return read;
      return this.coerce(read, target, node);
    }
    const declaration = symbol?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isRegularExpressionLiteral(declaration.initializer) && ts.isSourceFile(declaration.parent.parent.parent)) {
      return this.moduleRegex(node, declaration.initializer);
    }
    if (declaration && ts.isVariableDeclaration(declaration)) {
      const constant = this.host.constantFor(declaration);
      if (constant) return constant;
    }
    if ((node.text === "NaN" || node.text === "Infinity") && this.isGlobal(node)) {
      return { kind: "number", value: node.text === "NaN" ? NaN : Infinity, type: numberType };
    }
    if (declaration && ts.isFunctionDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile) {
      if (declaration.typeParameters?.length) unsupported(node, "a generic function used as a value", "wrap it: (x) => f(x)");
      const fn = this.host.functionFor(declaration, new Map());
      const type = this.typeOf(node);
      const ref: Expr = { kind: "functionRef", fn, type };
      const target = expected && membersOf(expected).find((m) => m.kind === "function");
      return target ? this.coerce(ref, target, node) : ref;
    }
    if (declaration && ts.isClassDeclaration(declaration)) unsupported(node, "a class used as a value", "construct it with `new`");
    unsupported(node, `the reference to \`${node.text}\``, "use local variables, parameters, fields and module-level constants");
  }

  private assertion(node: ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion, expected?: IrType): Expr {
    if (ts.isSatisfiesExpression(node) || (ts.isAsExpression(node) && ts.isConstTypeReference(node.type))) return this.expr(node.expression, expected);
    const target = this.typeOf(node);
    const inner = this.expr(node.expression, target);
    if (sameType(inner.type, target) || isSubtype(inner.type, target) || compatible(inner.type, target)) return this.coerce(inner, target, node);
    if (isSubtype(target, inner.type)) {
      // A downcast TypeScript takes on trust: checked at run time, like a narrowing.
      return { kind: "convert", value: inner, type: target, checked: true };
    }
    throw new LoweringError(node, "TSE2003", `the type assertion from ${displayType(inner.type)} to ${displayType(target)} has no run-time meaning`, "narrow the value with a check instead of asserting its type");
  }

  /** obj.name where obj is already lowered; `write`: the target of an assignment (a method may be replaced). */
  property(object: Expr, name: string, node: ts.Node, write = false): Expr {
    const type = object.type;
    const builtin = lowerBuiltinProperty(this, object, name, node);
    if (builtin) return builtin;
    const methodValue = () => unsupported(node, `the method \`${name}\` used as a value`, `call it (obj.${name}(...)), test it (if (obj.${name}) ...), or wrap it: (x) => obj.${name}(x)`);
    if (type.kind === "object") {
      if (name === "length" && type.layout.kind === "tuple") return { kind: "number", value: type.layout.fields.length, type: numberType };
      const field = type.layout.fields.find((f) => f.name === name);
      if (field?.method && !write) methodValue();
      if (field) return { kind: "field", object, layout: type.layout, field, type: field.type };
      if (type.layout.methods.has(name) || this.host.types.classOf(type.layout)) {
        unsupported(node, `the method \`${name}\` used as a value`, `call it, or wrap it: (x) => obj.${name}(x)`);
      }
    }
    if (type.kind === "union") {
      const members = type.members.filter((m) => !isNullish(m));
      if (members.some((m) => m.kind === "object" && m.layout.fields.some((f) => f.name === name && f.method))) methodValue();
      if (members.length === type.members.length && members.every((m) => m.kind === "object" && m.layout.fields.some((f) => f.name === name))) {
        const fieldTypes = members.map((m) => (m as Extract<IrType, { kind: "object" }>).layout.fields.find((f) => f.name === name)!.type);
        return { kind: "unionField", object, name, type: unionOf(fieldTypes) };
      }
      if (members.length < type.members.length) {
        unsupported(node, `property \`${name}\` of a value that may be undefined or null`, "check it first (if (x !== undefined) ...), or use x?.name");
      }
    }
    unsupported(node, `property \`${name}\` of ${displayType(type)}`, "see docs/language.md for the supported properties");
  }

  private propertyAccess(node: ts.PropertyAccessExpression): Expr {
    const enumValue = this.enumMemberValue(node);
    if (enumValue !== undefined) {
      return typeof enumValue === "number" ? { kind: "number", value: enumValue, type: numberType } : { kind: "string", value: enumValue, type: stringType };
    }
    const staticBuiltin = ts.isIdentifier(node.expression) && this.isGlobal(node.expression) ? lowerBuiltinProperty(this, undefined, `${node.expression.text}.${node.name.text}`, node) : undefined;
    if (staticBuiltin) return staticBuiltin;
    if (ts.isIdentifier(node.expression) && this.isGlobal(node.expression) && LIBRARY_NAMESPACES.has(node.expression.text)) {
      const name = `${node.expression.text}.${node.name.text}`;
      if (this.checker.getTypeAtLocation(node).getCallSignatures().length > 0) unsupported(node, `\`${name}\` as a function value`, `wrap it in a function: (x) => ${name}(x)`);
      unsupported(node, `\`${name}\``, "see docs/language.md for the supported library members");
    }
    const object = this.expr(node.expression);
    if (object.type.kind === "envoy") unsupported(node, "reading a property of EnvoyHttpFilter", "call its methods, e.g. envoy.getRequestHeaderValue(name)");
    const read = this.property(object, node.name.text, node);
    // Inside an optional chain TypeScript's type of a link includes the chain's undefined; the
    // chain (optionalChain) accounts for that, so a link keeps its own type.
    if (node.flags & ts.NodeFlags.OptionalChain && !this.isChainTop(node) && !this.overrides.has(node)) return read;
    return read.kind === "field" || read.kind === "unionField" ? this.coerce(read, this.typeOf(node), node) : read;
  }

  /** Enum members are constants (the checker answers only for `const enum` at the use site). */
  private enumMemberValue(node: ts.PropertyAccessExpression): string | number | undefined {
    const declaration = this.symbolOf(node)?.valueDeclaration;
    return declaration && ts.isEnumMember(declaration) ? this.checker.getConstantValue(declaration) : undefined;
  }

  indexed(object: Expr, index: Expr, node: ts.Node, literalIndex?: number): Expr {
    if (object.type.kind === "object" && object.type.layout.kind === "tuple") {
      if (literalIndex === undefined) unsupported(node, "indexing a tuple with a computed index", "use a literal index, or an array");
      const field = object.type.layout.fields[literalIndex];
      if (!field) unsupported(node, `index ${literalIndex} past the end of ${object.type.layout.displayName}`, "index within the tuple");
      return { kind: "field", object, layout: object.type.layout, field, type: field.type };
    }
    if (object.type.kind === "array") {
      return { kind: "elementAt", array: object, index: this.coerce(index, numberType, node), type: optionalOf(object.type.element) };
    }
    if (object.type.kind === "regexpMatch") {
      return { kind: "elementAt", array: { kind: "convert", value: object, type: { kind: "array", element: optionalOf(stringType) }, checked: false }, index: this.coerce(index, numberType, node), type: optionalOf(stringType) };
    }
    if (object.type.kind === "string") {
      return { kind: "runtime", op: "string.index", args: [object, this.coerce(index, numberType, node)], type: optionalOf(stringType) };
    }
    unsupported(node, `indexing a ${displayType(object.type)}`, "index arrays, tuples and strings; use a Map for keyed lookups");
  }

  /** The enum a name refers to (`Level` in `Level[n]`), if it is one. */
  private enumDeclarations(node: ts.Expression): ts.EnumDeclaration[] {
    if (!ts.isIdentifier(node)) return [];
    return (this.symbolOf(node)?.declarations ?? []).filter(ts.isEnumDeclaration);
  }

  /** `E["Name"]` is a member's value; `E[n]` the name of the (last) numeric member whose value is n, or undefined. */
  private enumIndex(node: ts.ElementAccessExpression, declarations: ts.EnumDeclaration[]): Expr {
    const members = declarations.flatMap((d) => [...d.members]);
    const argument = node.argumentExpression;
    if (ts.isStringLiteralLike(argument)) {
      const member = members.find((m) => m.name.getText() === argument.text || (ts.isStringLiteral(m.name) && m.name.text === argument.text));
      const value = member && this.checker.getConstantValue(member);
      if (value === undefined) unsupported(node, `the enum member ${argument.text}`, "name a member of the enum");
      return typeof value === "number" ? { kind: "number", value, type: numberType } : { kind: "string", value, type: stringType };
    }
    const names = new Map<number, string>();
    for (const member of members) {
      const value = this.checker.getConstantValue(member);
      if (typeof value === "number") names.set(value, ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : member.name.getText());
    }
    const index = this.coerce(this.expr(argument), numberType, argument);
    const holder = this.temp(numberType, "enum_index");
    const read: Expr = { kind: "local", local: holder, type: numberType };
    const type = optionalOf(stringType);
    let result: Expr = this.coerce({ kind: "undefined", type: undefinedType }, type, node);
    for (const [value, name] of [...names].reverse()) {
      result = {
        kind: "conditional",
        condition: { kind: "binary", op: "===", left: read, right: { kind: "number", value, type: numberType }, type: booleanType },
        whenTrue: this.coerce({ kind: "string", value: name, type: stringType }, type, node),
        whenFalse: result,
        type,
      };
    }
    // TypeScript types E[n] as string; it is undefined for values without a member (kept, as for s[i]).
    return { kind: "sequence", statements: [{ kind: "let", local: holder, init: index }], result, type };
  }

  private elementAccess(node: ts.ElementAccessExpression): Expr {
    const enums = this.enumDeclarations(node.expression);
    if (enums.length > 0) return this.enumIndex(node, enums);
    const object = this.expr(node.expression);
    const argument = node.argumentExpression;
    const literal = ts.isNumericLiteral(argument) ? Number(argument.text) : undefined;
    if (ts.isStringLiteral(argument) && object.type.kind === "object") return this.coerce(this.property(object, argument.text, node), this.typeOf(node), node);
    const result = this.indexed(object, this.expr(argument), node, literal);
    // TypeScript types s[i] on strings as string even out of range; it is undefined there.
    if (object.type.kind === "string") return result;
    return this.coerce(result, this.typeOf(node), node);
  }

  // ------------------------------------------------------------------ optional chains

  private isChainTop(node: ts.Expression): boolean {
    if (!(node.flags & ts.NodeFlags.OptionalChain)) return false;
    const parent = node.parent;
    const continues =
      (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) &&
      parent.expression === node &&
      !!(parent.flags & ts.NodeFlags.OptionalChain);
    return !continues && !this.overrides.has(node);
  }

  /** `a?.b.c`: when `a` is undefined or null the whole chain is undefined; else `a` is known defined. */
  private optionalChain(top: ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression, expected?: IrType): Expr {
    // The leftmost `?.` link: the deepest node in the chain that has a question-dot token.
    let link: ts.Expression = top;
    let leftmost: (ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression) | undefined;
    while (ts.isPropertyAccessExpression(link) || ts.isElementAccessExpression(link) || ts.isCallExpression(link)) {
      // An optional method call already lowered stands for itself and the links inside it.
      if (link !== top && this.overrides.has(link)) break;
      if (link.questionDotToken && !this.overrides.has(link.expression)) leftmost = link;
      link = link.expression;
    }
    if (!leftmost) {
      // Every `?.` link of the chain is handled: lower the rest as a plain access.
      if (ts.isPropertyAccessExpression(top)) return this.propertyAccess(top);
      if (ts.isElementAccessExpression(top)) return this.elementAccess(top);
      return this.call(top, expected);
    }
    const reference = ts.isCallExpression(leftmost) ? methodReference(this, leftmost.expression) : undefined;
    if (reference && ts.isCallExpression(leftmost)) return optionalMethodCall(this, top, leftmost, reference, expected);
    const base = this.expr(leftmost.expression);
    const holder = this.temp(base.type, "chained");
    const read: Expr = { kind: "local", local: holder, type: base.type };
    const defined = nonNullish(base.type);
    this.overrides.set(leftmost.expression, this.coerce(read, defined, leftmost));
    try {
      // TypeScript may know the chain is defined (a property narrowed by an assignment); the
      // field's own type may still hold undefined: the result is checked like a narrowing.
      const declared = this.typeOf(top);
      if (!membersOf(base.type).some(isNullish)) {
        return { kind: "sequence", statements: [{ kind: "let", local: holder, init: base }], result: this.coerce(this.expr(top, expected), declared, top), type: declared };
      }
      const type = optionalOf(declared);
      const rest = this.coerce(this.expr(top, expected), type, top);
      const isNull: Expr = {
        kind: "logical",
        op: "||",
        left: { kind: "is", value: read, member: undefinedType, type: booleanType },
        right: { kind: "is", value: read, member: nullType, type: booleanType },
        type: booleanType,
      };
      const chain: Expr = {
        kind: "sequence",
        statements: [{ kind: "let", local: holder, init: base }],
        result: { kind: "conditional", condition: isNull, whenTrue: this.coerce({ kind: "undefined", type: undefinedType }, type, top), whenFalse: rest, type },
        type,
      };
      return this.coerce(chain, declared, top);
    } finally {
      this.overrides.delete(leftmost.expression);
    }
  }

  // ------------------------------------------------------------------ calls

  /** Arguments for parameters `params` (with a rest parameter at `restIndex`). */
  args(call: ts.CallExpression | ts.NewExpression, params: IrType[], restIndex?: number): Expr[] {
    const given = call.arguments ?? [];
    const out: Expr[] = [];
    params.forEach((param, i) => {
      if (i === restIndex) {
        const element = (param as Extract<IrType, { kind: "array" }>).element;
        const rest = given.slice(i).map((a) => (ts.isSpreadElement(a) ? { spread: this.spreadSource(a.expression, element) } : this.coerce(this.expr(a, element), element, a)));
        out.push({ kind: "arrayLiteral", elements: rest, type: param });
        return;
      }
      const argument = given[i];
      if (argument && ts.isSpreadElement(argument)) unsupported(argument, "spreading into fixed parameters", "pass the arguments one by one, or take a rest parameter");
      out.push(argument ? this.coerce(this.expr(argument, param), param, argument) : this.coerce({ kind: "undefined", type: undefinedType }, param, call));
    });
    return out;
  }

  /** The array a spread `...x` contributes (arrays as is; strings, Sets, Maps converted). */
  spreadSource(node: ts.Expression, element: IrType): Expr {
    // An array literal is built with the wanted element type (new Map<K, V>([[k, v], ...])).
    if (ts.isArrayLiteralExpression(node)) return this.expr(node, { kind: "array", element });
    const asArray = this.iterated(node, element);
    const target: IrType = { kind: "array", element };
    const elementType = (asArray.type as Extract<IrType, { kind: "array" }>).element;
    // Class instances spread into an array of an interface type: the copy holds the same objects.
    if (!isSubtype(elementType, element)) this.host.implementations.register(elementType, element, node);
    // Elements of another representation are converted one by one (the spread copies anyway).
    if (!isSubtype(asArray.type, target) && !isSubtype(target, asArray.type) && isSubtype(elementType, element)) return convertedCopy(this, asArray, element, node);
    return this.coerce(asArray, target, node);
  }

  /** What `...node` iterates, as an array of the elements' own type (`element`: what the context expects). */
  iterated(node: ts.Expression, element?: IrType): Expr {
    const { source, what, elementType } = this.iterationSource(node, element && { kind: "array", element });
    const type: IrType = { kind: "array", element: elementType };
    if (what === "arrayKeys" || what === "arrayEntries") {
      const result = this.temp(type, "collected");
      const item = this.temp(elementType, "item");
      const push: Stmt = { kind: "expr", expr: { kind: "runtime", op: "array.push", args: [{ kind: "local", local: result, type }, { kind: "local", local: item, type: elementType }], type: numberType } };
      const statements: Stmt[] = [{ kind: "let", local: result, init: { kind: "arrayLiteral", elements: [], type } }, ...this.arrayViewLoop(source, what, item, [push], this.newLabel(), node)];
      return { kind: "sequence", statements, result: { kind: "local", local: result, type }, type };
    }
    return what === "array" ? source : { kind: "runtime", op: opNamed(`collect.${what}`), args: [source], type };
  }

  /**
   * `for (const i of xs.keys())`, `for (const [i, x] of xs.entries())`: the array iterator reads
   * the length at each step, as for...of over the array does.
   */
  private arrayViewLoop(array: Expr, what: "arrayKeys" | "arrayEntries", element: Local, body: Stmt[], label: string, node: ts.Node): Stmt[] {
    const held = this.temp(array.type, "iterated");
    const index = this.temp(numberType, "index");
    const arrayRead: Expr = { kind: "local", local: held, type: array.type };
    const i: Expr = { kind: "local", local: index, type: numberType };
    const elementType = (array.type as Extract<IrType, { kind: "array" }>).element;
    let value: Expr = i;
    if (what === "arrayEntries") {
      const layout = (element.type as Extract<IrType, { kind: "object" }>).layout;
      const item: Expr = { kind: "runtime", op: "array.get", args: [arrayRead, i], type: elementType };
      value = { kind: "objectLiteral", layout, fields: [{ field: layout.fields[0]!, value: i }, { field: layout.fields[1]!, value: this.coerce(item, layout.fields[1]!.type, node) }], keys: [], type: element.type };
    }
    return [
      { kind: "let", local: held, init: array },
      { kind: "let", local: index, init: { kind: "number", value: 0, type: numberType } },
      {
        kind: "loop",
        label,
        condition: { kind: "binary", op: "<", left: i, right: { kind: "runtime", op: "array.length", args: [arrayRead], type: numberType }, type: booleanType },
        body: [{ kind: "let", local: element, init: value }, ...body],
        update: [{ kind: "expr", expr: { kind: "compound", target: { kind: "local", local: index }, op: "+", value: { kind: "number", value: 1, type: numberType }, returnOld: false, type: numberType } }],
        testFirst: true,
        renew: [],
      },
    ];
  }

  private call(node: ts.CallExpression, expected?: IrType): Expr {
    const callee = node.expression;
    // `f?.(x)`, `o.f?.(x)`: the optional chain has already evaluated the callee.
    const evaluated = this.overrides.get(callee);
    if (evaluated) return this.callValue(node, evaluated);
    if (callee.kind === ts.SyntaxKind.SuperKeyword) unsupported(node, "super()", "classes do not extend others yet");
    if (ts.isPropertyAccessExpression(callee)) {
      const receiverName = apiExportName(callee.expression, this.checker);
      if (receiverName === "log") return this.logCall(node, callee.name.text);
      const global = ts.isIdentifier(callee.expression) && this.isGlobal(callee.expression) ? callee.expression.text : undefined;
      if (global) {
        const builtin = lowerBuiltinCall(this, node, `${global}.${callee.name.text}`, undefined, expected);
        if (builtin) return builtin;
        if (["Math", "JSON", "Object", "Number", "Array", "String", "Date", "Promise", "console"].includes(global)) {
          unsupported(node, `\`${global}.${callee.name.text}\``, "see docs/language.md for the supported library");
        }
      }
      const receiver = this.expr(callee.expression);
      if (receiver.type.kind === "envoy") return this.envoyCall(node, callee.name.text);
      if (receiver.type.kind === "object" && receiver.type.layout.kind === "class") {
        const declaration = this.symbolOf(callee.name)?.valueDeclaration;
        if (declaration && ts.isMethodDeclaration(declaration)) {
          const method = this.host.methodFor(declaration, receiver.type.layout, this.callSubstitution(declaration, node));
          return { kind: "call", callee: method, self: receiver, args: this.args(node, method.params.map((p) => p.type), method.restIndex), type: method.returnType };
        }
      }
      const builtin = lowerBuiltinCall(this, node, callee.name.text, receiver, expected);
      if (builtin) return builtin;
      const dispatched = methodCall(this, node, receiver, callee.name.text);
      if (dispatched) return dispatched;
      const property = receiver.type.kind === "object" || receiver.type.kind === "union" ? this.property(receiver, callee.name.text, callee) : undefined;
      if (property && property.type.kind === "function") return this.callValue(node, property);
      unsupported(node, `calling \`${callee.name.text}\` on ${displayType(receiver.type)}`, "see docs/language.md for the supported methods");
    }
    if (ts.isIdentifier(callee)) {
      const api = apiExportName(callee, this.checker);
      if (api === "registerHttpFilter") unsupported(node, "registerHttpFilter inside a function", "call registerHttpFilter at the top level of the entry file");
      const symbol = this.symbolOf(callee);
      if (symbol && this.scope.has(symbol)) return this.callValue(node, this.expr(callee));
      if (this.isGlobal(callee)) {
        const builtin = lowerBuiltinCall(this, node, callee.text, undefined, expected);
        if (builtin) return builtin;
      }
      const declaration = symbol?.valueDeclaration;
      if (declaration && ts.isFunctionDeclaration(declaration) && !declaration.getSourceFile().isDeclarationFile) {
        const substitution = this.callSubstitution(declaration, node);
        const fn = this.host.functionFor(declaration, substitution);
        return { kind: "call", callee: fn, args: this.args(node, fn.params.map((p) => p.type), fn.restIndex), type: fn.returnType };
      }
      unsupported(node, `calling \`${callee.text}\``, "call functions declared in your filter's files; see docs/language.md for the supported library");
    }
    return this.callValue(node, this.expr(callee));
  }

  /** Concrete types for the type parameters of a generic function called at `node`. */
  private callSubstitution(declaration: ts.SignatureDeclaration, node: ts.CallExpression | ts.NewExpression): Substitution {
    if (!declaration.typeParameters?.length) return new Map();
    const bindings = typeArgumentsAt(declaration, node, this.checker);
    const substitution = new Map<ts.Type, IrType>();
    for (const parameter of declaration.typeParameters) {
      const type = this.checker.getTypeAtLocation(parameter);
      const bound = bindings.get(type);
      if (!bound) unsupported(node, `calling a generic function whose type parameter ${parameter.name.text} cannot be inferred`, `pass it explicitly: ${declaration.name?.getText() ?? "f"}<...>(...)`);
      substitution.set(type, this.mapType(bound, node));
    }
    return substitution;
  }

  callValue(node: ts.CallExpression, callee: Expr): Expr {
    const type = callee.type;
    if (type.kind !== "function") unsupported(node, `calling a ${displayType(type)}`, "call functions");
    return { kind: "callValue", callee, args: this.args(node, type.params), type: type.returns };
  }

  private envoyCall(node: ts.CallExpression, method: string): Expr {
    const resultType = this.typeOf(node);
    const op = envoyMethodOp(method);
    if (!op) unsupported(node, `EnvoyHttpFilter.${method}`, "see docs/api.md for the EnvoyHttpFilter methods");
    // Arguments take the types the API declares (Header[] | undefined, string | undefined, ...).
    const signature = this.checker.getResolvedSignature(node)!;
    const params = signature.parameters.map((parameter) => {
      const type = this.mapType(this.checker.getTypeOfSymbolAtLocation(parameter, node), node);
      const declaration = parameter.valueDeclaration;
      return declaration && ts.isParameter(declaration) && declaration.questionToken ? optionalOf(type) : type;
    });
    return { kind: "runtime", op, args: this.args(node, params), type: resultType };
  }

  private logCall(node: ts.CallExpression, level: string): Expr {
    const levelNumber = logLevel(level);
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
      type: voidType,
    };
  }

  private newExpression(node: ts.NewExpression, expected?: IrType): Expr {
    if (ts.isIdentifier(node.expression) && this.isGlobal(node.expression)) {
      const name = node.expression.text;
      if (ERROR_CONSTRUCTORS.has(name)) {
        const [argument] = node.arguments ?? [];
        const message = argument ? this.toStringExpr(this.expr(argument), argument) : ({ kind: "string", value: "", type: stringType } as Expr);
        return { kind: "runtime", op: "error.new", args: [{ kind: "number", value: [...ERROR_CONSTRUCTORS].indexOf(name), type: numberType }, message], type: errorType };
      }
      const builtin = lowerBuiltinNew(this, node, name, expected);
      if (builtin) return builtin;
      unsupported(node, `\`new ${name}\``, "see docs/language.md for the supported library");
    }
    const type = this.typeOf(node);
    if (type.kind !== "object" || type.layout.kind !== "class") unsupported(node, `\`new\` of ${displayType(type)}`, "construct your own classes with `new`");
    const ctor = type.layout.constructorFunction!;
    return { kind: "new", layout: type.layout, args: this.args(node, ctor.params.map((p) => p.type), ctor.restIndex), type };
  }

  // ------------------------------------------------------------------ operators

  lvalue(node: ts.Expression): LValue {
    if (ts.isParenthesizedExpression(node)) return this.lvalue(node.expression);
    if (ts.isNonNullExpression(node)) return this.lvalue(node.expression);
    if (ts.isIdentifier(node)) {
      const symbol = this.symbolOf(node);
      const local = symbol && this.scope.get(symbol);
      if (!local) unsupported(node, `assigning to \`${node.text}\``, "assign to local variables and fields");
      return { kind: "local", local };
    }
    if (ts.isPropertyAccessExpression(node)) {
      const read = this.property(this.expr(node.expression), node.name.text, node, true);
      if (read.kind === "field") return fieldTarget(this, read, node);
      unsupported(node, "assigning to this property", "assign to fields of objects");
    }
    if (ts.isElementAccessExpression(node)) {
      const object = this.expr(node.expression);
      if (object.type.kind === "array") {
        return { kind: "element", array: object, index: this.coerce(this.expr(node.argumentExpression), numberType, node.argumentExpression), element: object.type.element };
      }
      if (object.type.kind === "object" && object.type.layout.kind === "tuple" && ts.isNumericLiteral(node.argumentExpression)) {
        const field = object.type.layout.fields[Number(node.argumentExpression.text)];
        if (field) return { kind: "field", object, layout: object.type.layout, field };
      }
      if (object.type.kind === "object" && ts.isStringLiteral(node.argumentExpression)) {
        // obj["name"] = v: the property `name`, as obj.name.
        const read = this.property(object, node.argumentExpression.text, node, true);
        if (read.kind === "field") return fieldTarget(this, read, node);
      }
      unsupported(node, "assigning to this element", "assign to array elements and tuple positions");
    }
    unsupported(node, "assigning to this target", "assign to local variables, fields and array elements");
  }

  /** `re.lastIndex = n`: the one writable property of a RegExp. */
  private lastIndexAssignment(node: ts.BinaryExpression): Expr | undefined {
    if (!ts.isPropertyAccessExpression(node.left) || node.left.name.text !== "lastIndex") return undefined;
    const object = this.expr(node.left.expression);
    if (object.type.kind !== "regexp") return undefined;
    return { kind: "runtime", op: "regexp.setLastIndex", args: [object, this.coerce(this.expr(node.right, numberType), numberType, node.right)], type: numberType };
  }

  /** The RegExp literal an expression is: the literal itself, or a `const` initialized with one. */
  /**
   * A module-level `const RE = /.../`: one RegExp shared by every stream in JavaScript. Its only
   * state is lastIndex, so it may be used only where lastIndex cannot carry over between uses
   * (each use then compiles to a fresh RegExp, observably the same object): test/exec without
   * g or y, the flag properties, and as the pattern of the String methods, which reset lastIndex
   * (replace, match with g) or leave it alone (search, split, and the non-global forms).
   */
  private moduleRegex(node: ts.Identifier, literal: ts.RegularExpressionLiteral): Expr {
    const flags = literal.text.slice(literal.text.lastIndexOf("/") + 1);
    const stateful = flags.includes("g") || flags.includes("y");
    const parent = node.parent;
    const READS = ["source", "flags", "global", "ignoreCase", "multiline", "sticky", "unicode", "dotAll", "hasIndices"];
    const STRING_METHODS = ["match", "replace", "replaceAll", "split", "search"];
    let allowed = false;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      const name = parent.name.text;
      const called = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
      if (READS.includes(name)) allowed = true;
      else if ((name === "test" || name === "exec") && called) {
        if (stateful) {
          throw new LoweringError(node, "TSE1009", `\`${name}\` on the module-level RegExp ${node.text} (flag ${flags.includes("g") ? "g" : "y"}) carries lastIndex from one call to the next, shared by every stream`, `write the literal inside the function that matches, or drop the ${flags.includes("g") ? "g" : "y"} flag`);
        }
        allowed = true;
      }
    } else if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression) && STRING_METHODS.includes(parent.expression.name.text)) {
      allowed = this.typeOf(parent.expression.expression).kind === "string";
    }
    if (!allowed) {
      throw new LoweringError(node, "TSE1009", `the module-level RegExp ${node.text} used as a value: its lastIndex would be shared by every stream`, "use it directly (RE.test(s), s.replace(RE, ...), s.split(RE)), or write the literal where the value is needed");
    }
    return this.expr(literal);
  }

  regexLiteralOf(node: ts.Expression): ts.RegularExpressionLiteral | undefined {
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    if (ts.isRegularExpressionLiteral(node)) return node;
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = this.symbolOf(node)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    return this.regexLiteralOf(declaration.initializer);
  }

  regexInfo(node: ts.RegularExpressionLiteral): CompiledRegex {
    return this.host.regexInfo(node);
  }

  targetType(target: LValue): IrType {
    return target.kind === "local" ? target.local.type : target.kind === "field" ? target.field.type : target.element;
  }

  private binary(node: ts.BinaryExpression, expected?: IrType): Expr {
    const op = node.operatorToken.kind;
    const S = ts.SyntaxKind;
    if (op === S.EqualsToken) {
      if (ts.isArrayLiteralExpression(node.left) || ts.isObjectLiteralExpression(node.left)) return this.destructuringAssignment(node.left, node.right);
      if (ts.isPropertyAccessExpression(node.left) && node.left.name.text === "length" && this.typeOf(node.left.expression).kind === "array") {
        // xs.length = n truncates (or throws RangeError where JavaScript would leave holes).
        const array = this.expr(node.left.expression);
        return { kind: "runtime", op: "array.setLength", args: [array, this.coerce(this.expr(node.right), numberType, node.right)], type: numberType };
      }
      const lastIndex = this.lastIndexAssignment(node);
      if (lastIndex) return lastIndex;
      const target = this.lvalue(node.left);
      const type = this.targetType(target);
      if (target.kind === "field" && target.field.method) return { kind: "assign", target, value: methodValue(this, node.right, target.field, target.layout), type };
      return { kind: "assign", target, value: this.coerce(this.expr(node.right, type), type, node.right), type };
    }
    const compound: Partial<Record<ts.SyntaxKind, BinaryOp>> = {
      [S.PlusEqualsToken]: "+", [S.MinusEqualsToken]: "-", [S.AsteriskEqualsToken]: "*", [S.SlashEqualsToken]: "/",
      [S.PercentEqualsToken]: "%", [S.AsteriskAsteriskEqualsToken]: "**", [S.AmpersandEqualsToken]: "&", [S.BarEqualsToken]: "|",
      [S.CaretEqualsToken]: "^", [S.LessThanLessThanEqualsToken]: "<<", [S.GreaterThanGreaterThanEqualsToken]: ">>",
      [S.GreaterThanGreaterThanGreaterThanEqualsToken]: ">>>",
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
    if (op === S.AmpersandAmpersandEqualsToken || op === S.BarBarEqualsToken || op === S.QuestionQuestionEqualsToken) {
      return this.logicalAssignment(node, op === S.AmpersandAmpersandEqualsToken ? "&&" : op === S.BarBarEqualsToken ? "||" : "??");
    }
    if (op === S.AmpersandAmpersandToken || op === S.BarBarToken || op === S.QuestionQuestionToken) {
      return this.logical(node, op === S.AmpersandAmpersandToken ? "&&" : op === S.BarBarToken ? "||" : "??", expected);
    }
    if (op === S.CommaToken) {
      return { kind: "sequence", statements: [{ kind: "expr", expr: this.expr(node.left) }], result: this.expr(node.right, expected), type: this.typeOf(node.right) };
    }
    if (op === S.InstanceOfKeyword) return this.instanceOf(node);
    const methodTest = methodComparison(this, node);
    if (methodTest) return methodTest;
    if (op === S.InKeyword) unsupported(node, "the `in` operator", "use optional properties and compare with undefined, or a Map");
    const left = this.expr(node.left);
    const right = this.expr(node.right);
    const arithmetic: Partial<Record<ts.SyntaxKind, BinaryOp>> = {
      [S.MinusToken]: "-", [S.AsteriskToken]: "*", [S.SlashToken]: "/", [S.PercentToken]: "%", [S.AsteriskAsteriskToken]: "**",
      [S.AmpersandToken]: "&", [S.BarToken]: "|", [S.CaretToken]: "^", [S.LessThanLessThanToken]: "<<", [S.GreaterThanGreaterThanToken]: ">>",
      [S.GreaterThanGreaterThanGreaterThanToken]: ">>>",
    };
    switch (op) {
      case S.PlusToken:
        if (left.type.kind === "string" || right.type.kind === "string") {
          // `a + b + c` is one build of all parts, not a build nested in a build per link: chains may be long.
          const parts = left.kind === "runtime" && left.op === "string.build" ? left.args : [this.toStringExpr(left, node.left)];
          return { kind: "runtime", op: "string.build", args: [...parts, this.toStringExpr(right, node.right)], type: stringType };
        }
        return this.arithmetic("+", left, right, node);
      case S.LessThanToken:
        return this.comparison("<", left, right, node);
      case S.GreaterThanToken:
        return this.comparison(">", left, right, node);
      case S.LessThanEqualsToken:
        return this.comparison("<=", left, right, node);
      case S.GreaterThanEqualsToken:
        return this.comparison(">=", left, right, node);
      case S.EqualsEqualsEqualsToken:
        return this.equality(left, right, node, false, true);
      case S.ExclamationEqualsEqualsToken:
        return this.equality(left, right, node, true, true);
      case S.EqualsEqualsToken:
        return this.equality(left, right, node, false, false);
      case S.ExclamationEqualsToken:
        return this.equality(left, right, node, true, false);
    }
    const arithmeticOp = arithmetic[op];
    if (arithmeticOp) return this.arithmetic(arithmeticOp, left, right, node);
    unsupported(node.operatorToken, `the operator \`${node.operatorToken.getText()}\``, "see docs/language.md for the supported operators");
  }

  /**
   * `a ??= b`, `a ||= b`, `a &&= b`: the target's object and index are evaluated once; `b` is
   * evaluated and assigned only when the operator would take it. The value is the target's new value.
   */
  private logicalAssignment(node: ts.BinaryExpression, op: "&&" | "||" | "??"): Expr {
    const statements: Stmt[] = [];
    const hold = (value: Expr, name: string): Expr => {
      const local = this.temp(value.type, name);
      statements.push({ kind: "let", local, init: value });
      return { kind: "local", local, type: value.type };
    };
    const given = this.lvalue(node.left);
    const target: LValue =
      given.kind === "field" ? { ...given, object: hold(given.object, "object") } : given.kind === "element" ? { ...given, array: hold(given.array, "array"), index: hold(given.index, "index") } : given;
    const targetType = this.targetType(target);
    // Read as a plain read would: an element past the end is undefined.
    const current: Expr =
      target.kind === "local"
        ? { kind: "local", local: target.local, type: targetType }
        : target.kind === "field"
          ? { kind: "field", object: target.object, layout: target.layout, field: target.field, type: targetType }
          : { kind: "elementAt", array: target.array, index: target.index, type: optionalOf(target.element) };
    const type = this.typeOf(node);
    const value = this.coerce(this.expr(node.right, type), type, node.right);
    const assigned = this.temp(type, "assigned");
    const right: Expr = {
      kind: "sequence",
      statements: [
        { kind: "let", local: assigned, init: value },
        { kind: "expr", expr: { kind: "assign", target, value: this.coerce({ kind: "local", local: assigned, type }, targetType, node), type: targetType } },
      ],
      result: { kind: "local", local: assigned, type },
      type,
    };
    return { kind: "sequence", statements, result: this.logicalResult(op, current, right, type, node), type };
  }

  /** `[a, b] = [b, a]`, `({ x, y = 0 } = point)`: the right side first, then each target in order. Its value is the right side. */
  private destructuringAssignment(pattern: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression, right: ts.Expression): Expr {
    // A rest element takes an array: a literal on the right is one, not the tuple TypeScript sees.
    let wanted: IrType | undefined;
    if (ts.isArrayLiteralExpression(pattern) && pattern.elements.some(ts.isSpreadElement) && ts.isArrayLiteralExpression(right) && !right.elements.some(ts.isSpreadElement)) {
      const own = this.typeOf(right);
      if (own.kind === "object" && own.layout.kind === "tuple") wanted = { kind: "array", element: unionOf(own.layout.fields.map((f) => f.type)) };
    }
    const value = this.expr(right, wanted);
    const holder = this.temp(value.type, "assigned");
    const read: Expr = { kind: "local", local: holder, type: value.type };
    return { kind: "sequence", statements: [{ kind: "let", local: holder, init: value }, ...this.assignPattern(pattern, read)], result: read, type: value.type };
  }

  private assignPattern(pattern: ts.Expression, source: Expr): Stmt[] {
    if (ts.isArrayLiteralExpression(pattern) || ts.isObjectLiteralExpression(pattern)) {
      const holder = this.temp(source.type, "destructured");
      const read: Expr = { kind: "local", local: holder, type: source.type };
      const out: Stmt[] = [{ kind: "let", local: holder, init: source }];
      if (ts.isArrayLiteralExpression(pattern)) {
        pattern.elements.forEach((element, index) => {
          if (ts.isOmittedExpression(element)) return;
          if (ts.isSpreadElement(element)) {
            out.push(...this.assignPattern(element.expression, this.restOfArray(read, index, element)));
            return;
          }
          out.push(...this.assignTarget(element, this.indexed(read, { kind: "number", value: index, type: numberType }, element, index)));
        });
        return out;
      }
      const taken = pattern.properties.filter((p) => !ts.isSpreadAssignment(p)).map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : ""));
      for (const property of pattern.properties) {
        if (ts.isSpreadAssignment(property)) {
          out.push(...this.assignPattern(property.expression, this.restObject(read, taken, this.typeOf(property.expression), property)));
          continue;
        }
        if (ts.isShorthandPropertyAssignment(property)) {
          // `{ x } = p` assigns the variable x (the name is also the property's).
          const part = this.property(read, property.name.text, property);
          const initializer = property.objectAssignmentInitializer;
          const symbol = this.checker.getShorthandAssignmentValueSymbol(property);
          const local = symbol && this.scope.get(symbol);
          if (!local) unsupported(property, `assigning to \`${property.name.text}\``, "assign to local variables and fields");
          const value = initializer ? this.withDefault(part, initializer, local.type) : part;
          out.push({ kind: "expr", expr: { kind: "assign", target: { kind: "local", local }, value: this.coerce(value, local.type, property), type: local.type } });
        } else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
          out.push(...this.assignTarget(property.initializer, this.property(read, property.name.text, property)));
        } else {
          unsupported(property, "this destructuring target", "name the properties");
        }
      }
      return out;
    }
    const target = this.lvalue(pattern);
    const type = this.targetType(target);
    return [{ kind: "expr", expr: { kind: "assign", target, value: this.coerce(source, type, pattern), type } }];
  }

  /** One element of a destructuring assignment: a target, a nested pattern, or either with `= default`. */
  private assignTarget(element: ts.Expression, part: Expr): Stmt[] {
    if (ts.isBinaryExpression(element) && element.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return this.assignPattern(element.left, this.withDefault(part, element.right, this.typeOf(element.left)));
    }
    return this.assignPattern(element, part);
  }

  private arithmetic(op: BinaryOp, left: Expr, right: Expr, node: ts.BinaryExpression): Expr {
    if (left.type.kind !== "number" || right.type.kind !== "number") {
      unsupported(node, `\`${node.operatorToken.getText()}\` on ${displayType(left.type)} and ${displayType(right.type)}`, "convert to numbers first: Number(x)");
    }
    return { kind: "binary", op, left, right, type: numberType };
  }

  private comparison(op: BinaryOp, left: Expr, right: Expr, node: ts.BinaryExpression): Expr {
    if (left.type.kind === "string" && right.type.kind === "string") return { kind: "binary", op, left, right, type: booleanType };
    if (left.type.kind === "number" && right.type.kind === "number") return { kind: "binary", op, left, right, type: booleanType };
    unsupported(node, `comparing ${displayType(left.type)} with ${displayType(right.type)}`, "compare two numbers or two strings");
  }

  /** `===`/`!==` (strict) and `==`/`!=` (only against null/undefined: "nullish"). */
  equality(left: Expr, right: Expr, node: ts.Node, negate: boolean, strict: boolean): Expr {
    const result = this.equalityTest(left, right, node, strict);
    return negate ? { kind: "unary", op: "!", operand: result, type: booleanType } : result;
  }

  private equalityTest(left: Expr, right: Expr, node: ts.Node, strict: boolean): Expr {
    const nullishLiteral = (e: Expr) => e.kind === "undefined" || e.kind === "null";
    if (nullishLiteral(left) || nullishLiteral(right)) {
      const [literal, other] = nullishLiteral(right) ? [right, left] : [left, right];
      const members = membersOf(other.type);
      // A void value is undefined.
      const has = (kind: IrType["kind"]) => members.some((m) => m.kind === kind || (kind === "undefined" && m.kind === "void"));
      const test = (member: IrType): Expr =>
        has(member.kind) ? { kind: "is", value: other, member, type: booleanType } : { kind: "sequence", statements: [{ kind: "expr", expr: other }], result: { kind: "boolean", value: false, type: booleanType }, type: booleanType };
      if (!strict) {
        if (!members.some(isNullish)) return test(undefinedType);
        const holder = this.temp(other.type, "compared");
        const read: Expr = { kind: "local", local: holder, type: other.type };
        return {
          kind: "sequence",
          statements: [{ kind: "let", local: holder, init: other }],
          result: {
            kind: "logical",
            op: "||",
            left: has("undefined") ? { kind: "is", value: read, member: undefinedType, type: booleanType } : { kind: "boolean", value: false, type: booleanType },
            right: has("null") ? { kind: "is", value: read, member: nullType, type: booleanType } : { kind: "boolean", value: false, type: booleanType },
            type: booleanType,
          },
          type: booleanType,
        };
      }
      return test(literal.type);
    }
    if (!strict) unsupported(node, "loose equality between non-nullish values", "use === / !==");
    if (left.kind === "typeof" && right.kind === "string") return this.typeofTest(left, right.value);
    if (right.kind === "typeof" && left.kind === "string") return this.typeofTest(right, left.value);
    const common = this.commonComparable(left.type, right.type);
    if (!common && this.sameObjectsPossible(left.type, right.type)) {
      // A class instance and a value of a record type may be the same object (compared as pointers).
      return { kind: "binary", op: "===", left, right, type: booleanType };
    }
    if (!common) {
      // Values of types with no common member are never equal (TypeScript flags most of these).
      return { kind: "sequence", statements: [{ kind: "expr", expr: left }, { kind: "expr", expr: right }], result: { kind: "boolean", value: false, type: booleanType }, type: booleanType };
    }
    return { kind: "binary", op: "===", left: this.coerce(left, common, node), right: this.coerce(right, common, node), type: booleanType };
  }

  /** `value == null`, for a value evaluated once already (a local). */
  private isNullishTest(value: Expr): Expr {
    const tests = membersOf(value.type)
      .filter(isNullish)
      .map((m): Expr => ({ kind: "is", value, member: m.kind === "null" ? nullType : undefinedType, type: booleanType }));
    return tests.reduce((a, b) => ({ kind: "logical", op: "||", left: a, right: b, type: booleanType }));
  }

  private typeofTest(value: Extract<Expr, { kind: "typeof" }>, name: string): Expr {
    return { kind: "binary", op: "===", left: value, right: { kind: "string", value: name, type: stringType }, type: booleanType };
  }

  /** Both are objects (or the same one of undefined and null): identity is pointer equality, whatever their layouts. */
  private sameObjectsPossible(a: IrType, b: IrType): boolean {
    const objects = (t: IrType) => representation(t) === "ref" && membersOf(t).every((m) => m.kind === "object" || isNullish(m));
    const nullish = (t: IrType) => membersOf(t).filter(isNullish).map((m) => (m.kind === "null" ? "null" : "undefined"));
    const [na, nb] = [nullish(a), nullish(b)];
    return objects(a) && objects(b) && (na.length === 0 || nb.length === 0 || na[0] === nb[0]) && membersOf(a).some((m) => m.kind === "object" && m.layout.kind !== "tuple");
  }

  private commonComparable(a: IrType, b: IrType): IrType | undefined {
    if (sameType(a, b)) return a;
    if (isSubtype(a, b)) return b;
    if (isSubtype(b, a)) return a;
    const shared = membersOf(a).filter((m) => membersOf(b).some((n) => sameType(m, n)));
    return shared.length ? unionOf([a, b]) : undefined;
  }

  private instanceOf(node: ts.BinaryExpression): Expr {
    const value = this.expr(node.left);
    const right = node.right;
    if (ts.isIdentifier(right) && this.isGlobal(right) && ERROR_CONSTRUCTORS.has(right.text)) {
      return { kind: "runtime", op: "error.instanceof", args: [value, { kind: "number", value: [...ERROR_CONSTRUCTORS].indexOf(right.text), type: numberType }], type: booleanType };
    }
    const target = this.typeOf(right);
    const instance = this.mapType(this.checker.getTypeAtLocation(right).getConstructSignatures()[0]?.getReturnType() ?? this.checker.getTypeAtLocation(right), right);
    if (instance.kind === "object" && instance.layout.kind === "class") return { kind: "is", value, member: instance, type: booleanType };
    unsupported(node, `instanceof ${displayType(target)}`, "use instanceof with your own classes or Error types");
  }

  private logical(node: ts.BinaryExpression, op: "&&" | "||" | "??", expected?: IrType): Expr {
    const type = this.contextualType(node, expected);
    if (type.kind === "boolean" && op !== "??") {
      const chain = this.booleanChain(node);
      if (chain) return chain;
    }
    // `o.m && o.m()`: the method (a function, so truthy) or undefined decides.
    const presence = op === "&&" ? methodPresence(this, node.left) : undefined;
    if (presence) {
      return { kind: "conditional", condition: presence, whenTrue: this.coerce(this.expr(node.right, type), type, node.right), whenFalse: this.coerce({ kind: "undefined", type: undefinedType }, type, node), type };
    }
    const left = this.expr(node.left);
    // Never nullish: the right operand is dead code, and its type need not fit the result's.
    if (op === "??" && !membersOf(left.type).some(isNullish)) return left;
    const right = this.coerce(this.expr(node.right, type), type, node.right);
    return this.logicalResult(op, left, right, type, node);
  }

  /**
   * `a && b || c ...` of booleans only, lowered without recursion along the chain and without
   * asking TypeScript the type of each link (that re-checks the links below it: time quadratic in
   * the chain's length). Every link of booleans is boolean. Undefined when another form applies.
   */
  private booleanChain(top: ts.BinaryExpression): Expr | undefined {
    const S = ts.SyntaxKind;
    const isLink = (node: ts.Expression): node is ts.BinaryExpression =>
      ts.isBinaryExpression(node) && (node.operatorToken.kind === S.AmpersandAmpersandToken || node.operatorToken.kind === S.BarBarToken) && !this.overrides.has(node);
    const links: ts.BinaryExpression[] = [];
    let bottom: ts.Expression = top;
    for (; isLink(bottom); bottom = bottom.left) links.push(bottom);
    const isBoolean = (node: ts.Expression) => !!(this.checker.getTypeAtLocation(node).getFlags() & ts.TypeFlags.BooleanLike);
    // Operands of other types (`o.m && o.m()` tests a method's presence) are lowered link by link.
    if (!isBoolean(bottom) || !links.every((link) => isBoolean(link.right))) return undefined;
    let result = this.expr(bottom);
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i]!;
      const right = this.coerce(this.expr(link.right, booleanType), booleanType, link.right);
      result = this.logicalResult(link.operatorToken.kind === S.AmpersandAmpersandToken ? "&&" : "||", result, right, booleanType, link);
    }
    return result;
  }

  /** `left op right` of type `type`, `right` already of that type. */
  private logicalResult(op: "&&" | "||" | "??", left: Expr, right: Expr, type: IrType, node: ts.Node): Expr {
    if (type.kind === "boolean" && op !== "??") return { kind: "logical", op, left: this.truthy(left), right, type };
    // The result may be the left operand: those of its values that are kept must be representable as the result.
    const kept = op === "&&" ? membersOf(left.type).filter((m) => !isHeapType(m) || m.kind === "string") : membersOf(nonNullish(left.type));
    if (kept.length > 0 && !isSubtype(unionOf(kept), type) && !compatible(left.type, type)) {
      unsupported(node, `\`${op}\` mixing ${displayType(left.type)} and ${displayType(right.type)}`, "use a boolean condition, or `??` for defaults");
    }
    return { kind: "logical", op, left, right, type };
  }

  private prefixUnary(node: ts.PrefixUnaryExpression): Expr {
    const S = ts.SyntaxKind;
    switch (node.operator) {
      case S.ExclamationToken:
        return { kind: "unary", op: "!", operand: this.condition(node.operand), type: booleanType };
      case S.MinusToken: {
        if (ts.isNumericLiteral(node.operand)) return { kind: "number", value: -Number(node.operand.text), type: numberType };
        return { kind: "unary", op: "-", operand: this.numericOperand(node), type: numberType };
      }
      case S.PlusToken:
        // +x is ToNumber(x), as Number(x).
        return this.numericOperand(node);
      case S.TildeToken:
        return { kind: "unary", op: "~", operand: this.numericOperand(node), type: numberType };
      case S.PlusPlusToken:
        return this.update(node, node.operand, "+", false);
      case S.MinusMinusToken:
        return this.update(node, node.operand, "-", false);
    }
    unsupported(node, `the operator \`${ts.tokenToString(node.operator)}\``, "see docs/language.md for the supported operators");
  }

  /** The operand of unary `+`, `-` or `~` after ToNumber (strings and booleans convert, as in JS). */
  /** The operand of unary `+`, `-`, `~`: ToNumber of it. */
  private numericOperand(node: ts.PrefixUnaryExpression): Expr {
    return toNumberExpr(this, this.expr(node.operand), node);
  }

  private update(node: ts.Node, operand: ts.Expression, op: "+" | "-", returnOld: boolean): Expr {
    const target = this.lvalue(operand);
    if (this.targetType(target).kind !== "number") unsupported(node, "++/-- on a non-number", "use it on numbers");
    return { kind: "compound", target, op, value: { kind: "number", value: 1, type: numberType }, returnOld, type: numberType };
  }

  private objectLiteral(node: ts.ObjectLiteralExpression, expected?: IrType): Expr {
    const candidates = expected ? membersOf(expected).filter((m) => m.kind === "object" && m.layout.kind === "record") : [];
    // The literal's own (anonymous) type only when the context gives none: it would be a layout of its own.
    const type = candidates.length === 1 ? candidates[0]! : (() => {
      const own = this.typeOf(node);
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
        const source = this.expr(property.expression);
        // Spreading undefined or null copies nothing.
        const objectType = nonNullish(source.type);
        if (objectType.kind !== "object" || objectType.layout.kind === "tuple") unsupported(property, `spreading a ${displayType(source.type)} into an object`, "spread objects of interface types");
        const holder = this.temp(source.type, "spread");
        statements.push({ kind: "let", local: holder, init: source });
        const held: Expr = { kind: "local", local: holder, type: source.type };
        const nullable = membersOf(source.type).some(isNullish);
        const defined: Expr | undefined = nullable ? { kind: "unary", op: "!", operand: this.isNullishTest(held), type: booleanType } : undefined;
        const read = nullable ? this.coerce(held, objectType, property) : held;
        const sourceLayout = objectType.layout;
        requireOwnLayout(this, sourceLayout, property, "spreading");
        const dropped = sourceLayout.fields.filter((f) => !layout.fields.some((g) => g.name === f.name));
        if (dropped.length > 0) {
          unsupported(property, `spreading ${sourceLayout.displayName} into ${layout.displayName}, which lacks ${dropped.map((f) => `\`${f.name}\``).join(", ")}`, "declare the result with every property of the spread object (JSON.stringify and Object.keys see them all)");
        }
        const overridden = this.overriddenAfter(node, position);
        sourceLayout.fields.forEach((from, index) => {
          // A later property sets it whatever the spread had: only its place in the order counts.
          if (overridden.has(from.name)) return;
          const field = layout.fields.find((f) => f.name === from.name)!;
          let fieldRead: Expr = { kind: "field", object: read, layout: sourceLayout, field: from, type: from.type };
          // Copied only when present: TypeScript takes a present optional property to hold its type (not undefined).
          if (from.optional && !isSubtype(undefinedType, field.type) && membersOf(from.type).some((m) => m.kind === "undefined")) {
            fieldRead = { kind: "convert", value: fieldRead, type: unionOf(membersOf(from.type).filter((m) => m.kind !== "undefined")), checked: true };
          }
          const value = this.copiedProperty(fieldRead, sourceLayout, from, layout, field, property);
          const valueHolder = this.temp(field.type, "spread_value");
          // An absent property does not overwrite; one present with undefined does.
          const hasKey: Expr | undefined = from.optional && sourceLayout.kind === "record" ? { kind: "runtime", op: "object.hasKey", args: [read, { kind: "number", value: index, type: numberType }], type: booleanType } : undefined;
          const present = defined && hasKey ? ({ kind: "logical", op: "&&", left: defined, right: hasKey, type: booleanType } as Expr) : (defined ?? hasKey);
          if (present) {
            const previous = values.get(field.name) ?? this.coerce({ kind: "undefined", type: undefinedType }, field.type, property);
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
      if (field.method) value = methodValue(this, valueNode, field, layout);
      else if (ts.isMethodDeclaration(valueNode)) value = this.coerce(this.lambda(valueNode, membersOf(field.type).find((m) => m.kind === "function") as Extract<IrType, { kind: "function" }> | undefined), field.type, valueNode);
      else value = this.coerce(ts.isShorthandPropertyAssignment(property) ? this.shorthandValue(property) : this.expr(valueNode, field.type), field.type, valueNode);
      if (hasSpread) {
        // Evaluate now, in source order: a later spread must not reorder side effects.
        const holder = this.temp(field.type, field.name);
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
  private overriddenAfter(node: ts.ObjectLiteralExpression, position: number): Set<string> {
    const names = new Set<string>();
    for (const later of node.properties.slice(position + 1)) {
      if (ts.isSpreadAssignment(later)) {
        const type = this.checker.getTypeAtLocation(later.expression);
        if (type.isUnion() && type.types.some((t) => t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void))) continue;
        for (const p of this.checker.getPropertiesOfType(type)) if (!(p.flags & ts.SymbolFlags.Optional)) names.add(p.getName());
      } else if (later.name && (ts.isIdentifier(later.name) || ts.isStringLiteral(later.name) || ts.isNumericLiteral(later.name))) {
        names.add(later.name.text);
      }
    }
    return names;
  }

  private shorthandValue(property: ts.ShorthandPropertyAssignment): Expr {
    const symbol = this.checker.getShorthandAssignmentValueSymbol(property);
    const local = symbol && this.scope.get(symbol);
    if (local) return this.coerce({ kind: "local", local, type: local.type }, this.typeOf(property.name), property);
    return this.expr(property.name);
  }

  private arrayLiteral(node: ts.ArrayLiteralExpression, expected?: IrType): Expr {
    const candidates = expected ? membersOf(expected).filter((m) => m.kind === "array" || (m.kind === "object" && m.layout.kind === "tuple")) : [];
    const type = candidates.length === 1 ? candidates[0]! : this.typeOf(node);
    if (type.kind === "object" && type.layout.kind === "tuple") {
      const layout = type.layout;
      if (node.elements.some(ts.isSpreadElement) || node.elements.length !== layout.fields.length) unsupported(node, "a tuple literal of the wrong shape", `write ${layout.fields.length} elements`);
      const fields = layout.fields.map((field, i) => ({ field, value: this.coerce(this.expr(node.elements[i]!, field.type), field.type, node.elements[i]!) }));
      return { kind: "objectLiteral", layout, fields, keys: [], type };
    }
    if (type.kind !== "array") unsupported(node, "this array literal", "declare its type");
    const element = type.element;
    const elements = node.elements.map((e) => (ts.isSpreadElement(e) ? { spread: this.spreadSource(e.expression, element) } : this.coerce(this.expr(e, element), element, e)));
    return { kind: "arrayLiteral", elements, type };
  }
}

/** An array no variable or field holds yet: a literal, or one a library method just made. */
function isFreshArray(expr: Expr): boolean {
  if (expr.kind === "arrayLiteral") return true;
  if (expr.kind === "runtime") return ["array.new", "array.slice", "array.splice", "collect.keys", "collect.values", "collect.entries", "collect.chars"].includes(expr.op);
  if (expr.kind !== "sequence" || expr.result.kind !== "local") return false;
  const local = expr.result.local;
  return expr.statements.some((s) => s.kind === "let" && s.local === local && s.init !== undefined && isFreshArray(s.init));
}

/** A placeholder for `let x: T;` declared without a value (TypeScript guarantees assignment before use). */
function zeroValue(type: IrType, node: ts.Node, lowerer: FunctionLowerer): Expr {
  switch (representation(type)) {
    case "f64":
      return { kind: "number", value: 0, type };
    case "bool":
      return { kind: "boolean", value: false, type };
    case "unit":
      return { kind: "undefined", type };
    default:
      if (isHeapType(type) || type.kind === "union") return { kind: "runtime", op: "unset", args: [], type };
      throw new LoweringError(node, "TSE2001", "this declaration without a value is not supported", "initialize it where it is declared");
  }
  void lowerer;
}

export { isFunctionLike };
