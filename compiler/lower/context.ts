/**
 * What a lowering step needs from the function being lowered: its locals and scope, type lookups,
 * jump labels, diagnostics (through the host), and the entry points of the other lowering concerns.
 * Concern files (statements.ts, expressions.ts, ...) take a LowerContext and call one another
 * through it, so they never import each other; function.ts implements it.
 */
import { ts } from "../ts-morph.js";
import { BinaryOp, Expr, Field, IrFunction, IrType, Layout, LiteralCheck, Local, LValue, Site, Stmt } from "../ir/index.js";
import type { CompiledRegex } from "../regex/compile-regex.js";
import { LoweringError } from "./errors.js";
import type { Implementations } from "./interfaces.js";
import { Substitution, TypeMapper } from "./types.js";

/** What a function lowerer needs from the module being lowered. */
export interface LoweringHost {
  checker: ts.TypeChecker;
  types: TypeMapper;
  /** A top-level function, instantiated for `substitution` when generic. */
  functionFor(declaration: ts.FunctionDeclaration | ts.MethodDeclaration, substitution: Substitution): IrFunction;
  /** A method of a class instance; a generic method instantiated for `typeArguments`. */
  methodFor(declaration: ts.MethodDeclaration | ts.AccessorDeclaration, layout: Layout, typeArguments?: Substitution): IrFunction;
  /** A new function (closure body, adapter) registered with the module. */
  newFunction(stem: string, displayName: string, returnType: IrType, self?: Layout): IrFunction;
  /** A module-level constant's value, inlined where it is used. */
  constantFor(declaration: ts.VariableDeclaration): Expr | undefined;
  /** A module-level `const` table (array or object the subset checker let through): its global, built once at program init. */
  tableFor(declaration: ts.VariableDeclaration): Expr | undefined;
  /** A regular expression literal compiled at build time: the C name of its program. */
  regexFor(node: ts.RegularExpressionLiteral): string;
  /** The compiled literal: flags and capture groups (throws its rejection as a LoweringError). */
  regexInfo(node: ts.RegularExpressionLiteral): CompiledRegex;
  /** Records what a JSON.parse call decodes into (the reference backend validates the same). */
  recordJsonParse(node: ts.CallExpression, type: IrType, literals: LiteralCheck[] | undefined): void;
  /** Records `envoy.getPerRouteConfig<T>()` (checked against the registrations once lowering is done). */
  recordPerRouteCall(node: ts.CallExpression, type: IrType): void;
  /** Records `envoy.defineSnapshot<T>(...)` or `envoy.getSnapshot<T>(...)` with T (the reference backend passes its schema). */
  recordSnapshotCall(node: ts.CallExpression, type: IrType, literals: LiteralCheck[] | undefined): void;
  /** Records the class of `envoy.startBackgroundTask(task, ...)` with its `run` (the emitter writes their glue). */
  recordBackgroundTask(task: { layout: Layout; run: IrFunction }): void;
  report(error: LoweringError): void;
  /** Objects of other layouts used as values of record types (class instances as interface values). */
  readonly implementations: Implementations;
  /** Runs `check` once everything is lowered (every implementer known); its errors are reported. */
  afterLowering(node: ts.Node, check: () => void): void;
  /** The file name log lines report. */
  sourceName(file: ts.SourceFile): string;
  /** Class shapes and inheritance: method lookup along the class chain, `super`. */
  readonly classes: ClassLowering;
}

/** Inheritance, as lowering uses it (lower/classes.ts). */
export interface ClassLowering {
  /** The method `name` (`get x`, `set x` for accessors) objects of `layout` have: the most derived declaration along its class chain. */
  findMethod(layout: Layout, name: string): ts.MethodDeclaration | ts.AccessorDeclaration | undefined;
  /** `C.name` for a class C: a static field's constant (writes are rejected). */
  staticMember(ctx: LowerContext, node: ts.PropertyAccessExpression, write?: boolean): Expr | undefined;
  /** `C.m(args)` for a class C: its static method. */
  staticCall(ctx: LowerContext, node: ts.CallExpression): Expr | undefined;
  /** `o.x` where x is a getter of o's class. */
  getter(ctx: LowerContext, object: Expr, name: string, node: ts.Node, write: boolean): Expr | undefined;
  /** `o.x += v`, `o.x++` on a number accessor (undefined when `target` is none). */
  accessorUpdate(ctx: LowerContext, node: ts.Node, target: ts.Expression, op: BinaryOp, value: ts.Expression | undefined, returnOld: boolean): Expr | undefined;
  /** `o.x = v` where x is a setter of o's class (or a static field: rejected). */
  assignment(ctx: LowerContext, node: ts.BinaryExpression): Expr | undefined;
  /** A method call on a class-typed value that may be of a subclass (dispatched); undefined for a direct call. */
  methodCall(ctx: LowerContext, node: ts.CallExpression, receiver: Expr, layout: Layout, name: string): Expr | undefined;
  superCall(ctx: LowerContext, node: ts.CallExpression): Expr;
  superMethodCall(ctx: LowerContext, node: ts.CallExpression, name: string): Expr;
  /** `super.x` for a getter x of the base class. */
  superGetter(ctx: LowerContext, node: ts.PropertyAccessExpression): Expr;
}

export interface JumpTarget {
  label: string;
  tsLabel?: string;
  /** Loops take `continue`; switches and labeled blocks take only `break`. */
  kind: "loop" | "switch" | "block";
}

/** What a for...of or spread iterates: an array, a string's code points, a Map or Set view, an array's keys or entries. */
export type IterationKind = "array" | "keys" | "values" | "entries" | "chars" | "arrayKeys" | "arrayEntries" | "bytes";

export interface LowerContext {
  /** A lowerer for another function (a closure body, an adapter) under the same type substitution. */
  nested(fn: IrFunction): LowerContext;

  // State of the function being lowered.
  readonly substitution: Substitution;
  readonly fn: IrFunction;
  readonly host: LoweringHost;
  readonly scope: Map<ts.Symbol, Local>;
  readonly usedNames: Set<string>;
  readonly targets: JumpTarget[];
  labelCount: number;
  pendingLabel?: string;
  cells: Set<ts.Symbol>;
  earlyBound: Set<ts.Symbol>;
  /** Narrowings may come from user-defined type predicates: they are checked at run time. */
  predicateNarrowing: boolean;
  /** Early-bound variables declared at the start of their block, before their declaration runs. */
  readonly predeclared: Set<Local>;
  /** Variables whose declaration failed: their uses are not reported again. */
  readonly poisoned: Set<ts.Symbol>;
  /** Expressions already lowered, standing in for nodes (optional chains). */
  readonly overrides: Map<ts.Node, Expr>;
  /** IR already given its sites (lower/sites.ts). */
  readonly sited: WeakSet<object>;
  /** Inside a closure: the captured `this`. */
  capturedThis?: Local;
  lambdaCount: number;
  readonly checker: ts.TypeChecker;

  // Locals, types and reporting (function.ts).
  declareLocal(name: string, type: IrType, symbol?: ts.Symbol): Local;
  temp(type: IrType, name?: string): Local;
  mapType(type: ts.Type, node: ts.Node): IrType;
  typeOf(node: ts.Node): IrType;
  symbolOf(node: ts.Node): ts.Symbol | undefined;
  isGlobal(identifier: ts.Identifier): boolean;
  poison(name: ts.BindingName): void;
  withPoisonOnError<T>(name: ts.BindingName, lower: () => T): T;

  // Entry points of the concern files that other files call.
  /** Converts `expr` to `to`: the same JS value in another representation, or reports why not. */
  coerce(expr: Expr, to: IrType, node: ts.Node): Expr;
  truthy(expr: Expr): Expr;
  toStringExpr(expr: Expr, node: ts.Node): Expr;
  /** A function value of one signature used as another: an adapter closure converts arguments and result. */
  adaptFunction(value: Expr, to: Extract<IrType, { kind: "function" }>, node: ts.Node, skipped?: number): Expr;
  /** Declares the parameters of `declaration` as this function's parameters. */
  lowerParameters(declaration: ts.SignatureDeclaration, expected?: Extract<IrType, { kind: "function" }>): Stmt[];
  /** The symbol uses of a parameter's name resolve to (a parameter property's name also names the property). */
  parameterSymbol(parameter: ts.ParameterDeclaration): ts.Symbol | undefined;
  /** Prepares cell analysis for the function node whose body is about to be lowered. */
  analyze(node: ts.Node): void;
  /** Lowers a function, method or arrow body into fn.body. */
  lowerBody(body: ts.ConciseBody, prologue?: Stmt[]): void;
  returnValue(expression: ts.Expression): Expr;
  /** Runs a lowering step, reporting its error instead of failing the whole function. */
  collect(into: Stmt[], lower: () => Stmt[], node?: ts.Node): void;
  /** Statements of a block: nested function declarations are hoisted to its start. */
  blockStatements(nodes: readonly ts.Statement[]): Stmt[];
  /** The declaration of a predeclared binding: it gets its value and leaves the dead zone. */
  initializePredeclared(symbol: ts.Symbol | undefined, value: (() => Expr) | undefined): Stmt[] | undefined;
  statements(nodes: readonly ts.Statement[]): Stmt[];
  /**
   * A closure over an arrow function, function expression, nested function declaration or object
   * literal method. `receiver`: a method's closure, taking the receiver first; it is `this` inside
   * (not in an arrow function, whose `this` is the enclosing one).
   */
  lambda(node: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration, expected?: Extract<IrType, { kind: "function" }>, receiver?: IrType): Expr;
  thisLocal(node: ts.Node): Local;
  condition(expression: ts.Expression): Expr;
  newLabel(): string;
  loop(node: ts.IterationStatement, build: (label: string) => Stmt, prologue?: Stmt[]): Stmt[];
  takePendingLabel(): string | undefined;
  forStatement(node: ts.ForStatement): Stmt[];
  forOfStatement(node: ts.ForOfStatement): Stmt[];
  forInStatement(node: ts.ForInStatement): Stmt[];
  variableDeclarations(list: ts.VariableDeclarationList): Stmt[];
  /** `const [a, b] = source` / `const { x, y = 1, ...rest } = source`, source already evaluated. */
  destructure(pattern: ts.BindingName, source: Expr): Stmt[];
  /**
   * A property copied from a `from` object into a new `to` object (spread, rest). A method goes with
   * its closure, whose `this` becomes the new object: it must be a value of the source's type.
   */
  copiedProperty(value: Expr, from: Layout, source: Field, to: Layout, target: Field, node: ts.Node): Expr;
  /** Lowers an expression; `expected` guides literals and closures (contextual typing). */
  expr(node: ts.Expression, expected?: IrType): Expr;
  siteOf(node: ts.Node): Site;
  template(node: ts.TemplateExpression): Expr;
  /**
   * The type of an expression choosing between values (`c ? x : y`, `a ?? b`): TypeScript's, unless
   * that does not fit the context (object literals get anonymous types of their own), then the
   * context's, which every branch converts to.
   */
  contextualType(node: ts.Expression, expected: IrType | undefined): IrType;
  /** obj.name where obj is already lowered; `write`: the target of an assignment (a method may be replaced). */
  property(object: Expr, name: string, node: ts.Node, write?: boolean): Expr;
  indexed(object: Expr, index: Expr, node: ts.Node, literalIndex?: number): Expr;
  /** Arguments for parameters `params` (with a rest parameter at `restIndex`). */
  args(call: ts.CallExpression | ts.NewExpression, params: IrType[], restIndex?: number): Expr[];
  /** The array a spread `...x` contributes (arrays as is; strings, Sets, Maps converted). */
  spreadSource(node: ts.Expression, element: IrType): Expr;
  /** What `...node` iterates, as an array of the elements' own type (`element`: what the context expects). */
  iterated(node: ts.Expression, element?: IrType): Expr;
  call(node: ts.CallExpression, expected?: IrType): Expr;
  newExpression(node: ts.NewExpression, expected?: IrType): Expr;
  lvalue(node: ts.Expression): LValue;
  regexLiteralOf(node: ts.Expression): ts.RegularExpressionLiteral | undefined;
  regexInfo(node: ts.RegularExpressionLiteral): CompiledRegex;
  targetType(target: LValue): IrType;
  binary(node: ts.BinaryExpression, expected?: IrType): Expr;
  /** `[a, b] = [b, a]`, `({ x, y = 0 } = point)`: the right side first, then each target in order. Its value is the right side. */
  destructuringAssignment(pattern: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression, right: ts.Expression): Expr;
  assignPattern(pattern: ts.Expression, source: Expr): Stmt[];
  /** `===`/`!==` (strict) and `==`/`!=` (only against null/undefined: "nullish"). */
  equality(left: Expr, right: Expr, node: ts.Node, negate: boolean, strict: boolean): Expr;
  /** `value == null`, for a value evaluated once already (a local). */
  isNullishTest(value: Expr): Expr;
  prefixUnary(node: ts.PrefixUnaryExpression): Expr;
  update(node: ts.Node, operand: ts.Expression, op: "+" | "-", returnOld: boolean): Expr;
  objectLiteral(node: ts.ObjectLiteralExpression, expected?: IrType): Expr;
  arrayLiteral(node: ts.ArrayLiteralExpression, expected?: IrType): Expr;
}
