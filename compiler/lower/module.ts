/**
 * Stage 3, lowering: the filter program to an IrModule. Starts from the registerHttpFilter calls
 * and lowers exactly what they reach: the factory, the filter class, its hooks, what those call,
 * each generic function and class once per set of concrete type arguments.
 */
import path from "node:path";
import { ts } from "../ts-morph.js";

import { Diagnostic, diagnosticAt, relatedAt } from "../diagnostics.js";
import type { FilterProgram } from "../frontend.js";
import { booleanType, displayType, envoyType, Expr, FilterRegistration, IrFunction, IrModule, IrTable, IrType, Layout, LiteralCheck, membersOf, numberType, stringType, typeKey, voidType } from "../ir/index.js";
import { CompiledRegex, compileRegex, RegexRejection, RegexStore } from "../regex/compile-regex.js";
import { apiExportName } from "./api.js";
import { checkConfigType, configFieldProblems } from "./config-types.js";
import { checkStreamFactoryCaptures, streamFactoryOf, streamFactorySignature } from "./config-stage.js";
import { literalChecks } from "./literal-checks.js";
import { checkPerRouteCall, perRouteTypeOf } from "./per-route.js";
import { internalError, LoweringError, LoweringErrors, typeErrorAt } from "./errors.js";
import type { LoweringHost } from "./context.js";
import { FunctionLowerer } from "./function.js";
import { Implementations } from "./interfaces.js";
import { noSubstitution, settledType, Substitution, TypeError_, TypeMapper } from "./types.js";
import { Classes, memberKey } from "./classes.js";
import { literalConstant } from "./ir-helpers.js";
import { evaluationKey, evaluationOrder, isComputedTable } from "./computed-tables.js";
import { isModuleTable } from "./tables.js";
import { CATALOGUE, diag, formatMessage } from "../diagnostics/catalogue.js";
import { FILTER_KINDS, kindOfRegister, type FilterKind } from "../api/kinds.js";
import { checkKindSupported, checkNoOtherKindsHook, KIND_HOOKS } from "./kinds.js";

/** What a JSON.parse call decodes into: the type's structure and its literal checks. */
export interface JsonParseTarget {
  type: IrType;
  literals?: LiteralCheck[];
  /** Not JSON.parse but `envoy.getPerRouteConfig<T>()` with T as `type` (lower/per-route.ts). */
  perRoute?: true;
  /** Not JSON.parse but `envoy.defineSnapshot<T>` or `envoy.getSnapshot<T>` (lower/snapshots.ts). */
  snapshot?: true;
}

export interface LowerOptions {
  moduleName: string;
  streamMemoryLimit: number;
  cpuBudget: number;
  /** The Envoy release built for ("1.40"): kinds it cannot load are refused (TSE3021). */
  envoyVersion?: string;
  /** Compiled regular expressions from earlier builds (build's is the build cache's, regex-cache.ts). */
  regexStore?: RegexStore;
}

export interface LoweringResult {
  module: IrModule;
  diagnostics: Diagnostic[];
  /** JSON.parse calls and the types they decode into (for the reference backend). */
  jsonParses: Map<ts.Node, JsonParseTarget>;
}

export function lowerModule(filterProgram: FilterProgram, options: LowerOptions): LoweringResult {
  const lowerer = new ModuleLowerer(filterProgram, options);
  const module = lowerer.run();
  return { module, diagnostics: lowerer.diagnostics, jsonParses: lowerer.jsonParses };
}

class ModuleLowerer implements LoweringHost {
  readonly diagnostics: Diagnostic[] = [];
  readonly checker: ts.TypeChecker;
  readonly types: TypeMapper;
  readonly jsonParses = new Map<ts.Node, JsonParseTarget>();
  private readonly functions: IrFunction[] = [];
  private readonly instances = new Map<string, IrFunction>();
  private readonly usedNames = new Set<string>();
  /** Bodies to lower, with the declaration a failure is reported at. */
  private readonly queue: { node: ts.Node; run: () => void }[] = [];
  private readonly filters: FilterRegistration[] = [];
  private readonly regexes: IrModule["regexes"] = [];
  private readonly tables = new Map<ts.VariableDeclaration, IrTable>();
  private readonly backgroundTasks: { layout: Layout; run: IrFunction }[] = [];
  private readonly regexNames = new Map<ts.Node, string>();
  private readonly compiledRegexes = new Map<ts.Node, CompiledRegex>();
  private readonly entryDir: string;
  readonly implementations: Implementations;
  readonly classes: Classes;
  /** Checks that need every implementer known, run when the queue is empty. */
  private readonly lateChecks: { node: ts.Node; run: () => void }[] = [];

  constructor(
    private readonly filterProgram: FilterProgram,
    private readonly options: LowerOptions,
  ) {
    this.checker = filterProgram.checker;
    this.types = new TypeMapper(this.checker);
    this.classes = new Classes(this);
    this.types.onClass = (layout, instance) => this.classes.shape(layout, instance);
    this.entryDir = path.dirname(filterProgram.entry.fileName);
    this.implementations = new Implementations(this);
  }

  afterLowering(node: ts.Node, check: () => void): void {
    this.lateChecks.push({ node, run: check });
  }

  run(): IrModule {
    for (const file of this.filterProgram.userFiles) {
      for (const statement of file.statements) this.guard(() => this.topLevel(statement), statement);
    }
    while (this.queue.length > 0) {
      const { node, run } = this.queue.shift()!;
      this.guard(run, node);
    }
    for (const { node, run } of this.lateChecks) this.guard(run, node);
    if (this.filters.length === 0 && this.diagnostics.length === 0) {
      this.diagnostics.push(
        diagnosticAt(this.filterProgram.entry, diag.TSE3001, formatMessage(diag.TSE3001), CATALOGUE.TSE3001.hint),
      );
    }
    markRecursion(this.functions);
    return {
      name: this.options.moduleName,
      filters: this.filters,
      functions: this.functions,
      layouts: this.types.layouts,
      streamMemoryLimit: this.options.streamMemoryLimit,
      cpuBudget: this.options.cpuBudget,
      regexes: this.regexes,
      ...(this.tables.size ? { tables: this.tablesInEvaluationOrder() } : {}),
      ...(this.backgroundTasks.length ? { backgroundTasks: this.backgroundTasks } : {}),
    };
  }

  /** Built in JavaScript's order (computed tables may read the ones before them). */
  private tablesInEvaluationOrder(): IrTable[] {
    const key = evaluationKey(evaluationOrder(this.filterProgram.entry, this.checker));
    return [...this.tables.entries()].sort(([a], [b]) => key(a) - key(b)).map(([, table]) => table);
  }

  report(error: LoweringError): void {
    if (error instanceof LoweringErrors) return error.errors.forEach((e) => this.report(e));
    if (error.suppressed) return;
    const diagnostic = diagnosticAt(error.node, error.code, error.message, error.hint, error.offset);
    if (error.related.length > 0) diagnostic.related = error.related.map((r) => relatedAt(r.node, r.message));
    this.diagnostics.push(diagnostic);
  }

  private guard(step: () => void, node: ts.Node): void {
    try {
      step();
    } catch (error) {
      if (error instanceof LoweringError) this.report(error);
      else if (error instanceof TypeError_) this.report(typeErrorAt(node, error));
      else if (error instanceof Error) this.report(internalError(node, error));
      else throw error;
    }
  }

  get userFiles(): readonly ts.SourceFile[] {
    return this.filterProgram.userFiles;
  }

  sourceName(file: ts.SourceFile): string {
    return path.relative(this.entryDir, file.fileName).split(path.sep).join("/");
  }

  recordJsonParse(node: ts.CallExpression, type: IrType, literals: LiteralCheck[] | undefined): void {
    this.jsonParses.set(node, { type, ...(literals ? { literals } : {}) });
  }

  recordPerRouteCall(node: ts.CallExpression, type: IrType): void {
    this.jsonParses.set(node, { type, perRoute: true });
    this.afterLowering(node, () => checkPerRouteCall(node, type, this.filters.flatMap((f) => (f.perRouteType ? [f.perRouteType] : []))));
  }

  recordBackgroundTask(task: { layout: Layout; run: IrFunction }): void {
    if (!this.backgroundTasks.some((t) => t.layout === task.layout)) this.backgroundTasks.push(task);
  }

  recordSnapshotCall(node: ts.CallExpression, type: IrType, literals: LiteralCheck[] | undefined): void {
    this.jsonParses.set(node, { type, snapshot: true, ...(literals ? { literals } : {}) });
  }

  regexFor(node: ts.RegularExpressionLiteral): string {
    const existing = this.regexNames.get(node);
    if (existing) return existing;
    const compiled = this.regexInfo(node);
    const cName = `regex_${this.regexes.length}`;
    this.regexes.push({ cName, tables: compiled.tables });
    this.regexNames.set(node, cName);
    return cName;
  }

  regexInfo(node: ts.RegularExpressionLiteral): CompiledRegex {
    const existing = this.compiledRegexes.get(node);
    if (existing) return existing;
    try {
      const compiled = compileRegex(node.text, this.options.regexStore);
      this.compiledRegexes.set(node, compiled);
      return compiled;
    } catch (error) {
      if (error instanceof RegexRejection) throw new LoweringError(node, error.code, error.message, error.hint, false, error.offset);
      throw error;
    }
  }

  private mapType(type: ts.Type, node: ts.Node, substitution: Substitution = noSubstitution): IrType {
    try {
      return this.types.map(type, substitution);
    } catch (error) {
      if (error instanceof TypeError_) throw typeErrorAt(node, error);
      throw error;
    }
  }

  private uniqueName(stem: string): string {
    const base = `f_${stem.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let name = base;
    for (let i = 2; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  // ------------------------------------------------------------------ top level

  private topLevel(statement: ts.Statement): void {
    if (
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isVariableStatement(statement) ||
      ts.isEmptyStatement(statement) ||
      ts.isModuleDeclaration(statement) ||
      ts.isExportAssignment(statement)
    ) {
      return; // declarations are lowered when used; the subset checker judged them already
    }
    if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression)) {
      const call = statement.expression;
      const kind = kindOfRegister(apiExportName(call.expression, this.checker) ?? "");
      if (kind) return this.registration(call, kind);
    }
    throw new LoweringError(
      statement,
      diag.TSE3002,
      formatMessage(diag.TSE3002),
      CATALOGUE.TSE3002.hint,
    );
  }

  constantFor(declaration: ts.VariableDeclaration): Expr | undefined {
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !ts.isSourceFile(list.parent.parent)) return undefined;
    return literalConstant(declaration.initializer);
  }

  tableFor(declaration: ts.VariableDeclaration): Expr | undefined {
    const list = declaration.parent;
    const init = declaration.initializer;
    if (!init || !ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !ts.isSourceFile(list.parent.parent)) return undefined;
    if (!isModuleTable(init) && !isComputedTable(init)) return undefined;
    let table = this.tables.get(declaration);
    if (!table) {
      const name = declaration.name.getText();
      const type = this.mapType(this.checker.getTypeAtLocation(declaration.name), declaration.name);
      const build = this.newFunction(`table_${name}`, name, type);
      table = { cName: `tse_table_${this.tables.size}_${name.replace(/[^A-Za-z0-9_]/g, "_")}`, displayName: name, type, build };
      this.tables.set(declaration, table);
      const lowerer = new FunctionLowerer(this, build, noSubstitution);
      lowerer.analyze(init);
      this.queue.push({ node: declaration, run: () => lowerer.lowerBody(init) });
    }
    return { kind: "table", table, type: table.type };
  }

  // ------------------------------------------------------------------ functions and classes

  newFunction(stem: string, displayName: string, returnType: IrType, self?: Layout): IrFunction {
    const fn: IrFunction = { cName: this.uniqueName(stem), displayName, params: [], returnType, body: [], lowered: false, mayRecurse: false, hasTry: false };
    if (self) fn.self = { layout: self, local: { name: "this", cName: "self", type: { kind: "object", layout: self } } };
    this.functions.push(fn);
    return fn;
  }

  private returnTypeOf(declaration: ts.SignatureDeclaration, substitution: Substitution): IrType {
    const signature = this.checker.getSignatureFromDeclaration(declaration);
    if (!signature) throw new LoweringError(declaration, diag.TSE2002, "function without a signature", "declare its parameter and return types");
    return this.mapType(settledType(this.checker, declaration, this.checker.getReturnTypeOfSignature(signature)), declaration.type ?? declaration, substitution);
  }

  functionFor(declaration: ts.FunctionDeclaration | ts.MethodDeclaration, substitution: Substitution): IrFunction {
    const typeArgs = (declaration.typeParameters ?? []).map((p) => typeKey(substitution.get(this.checker.getTypeAtLocation(p))!));
    const key = `${declaration.getSourceFile().fileName}:${declaration.pos}<${typeArgs.join(",")}>`;
    const existing = this.instances.get(key);
    if (existing) return existing;
    if (!declaration.body) throw new LoweringError(declaration, diag.TSE2001, "a function without a body is not supported", "give the function a body");
    // A static method is a function named after its class.
    const owner = ts.isMethodDeclaration(declaration) && ts.isClassDeclaration(declaration.parent) ? `${declaration.parent.name?.text}.` : "";
    const name = `${owner}${declaration.name?.getText() ?? "function"}`;
    const display = typeArgs.length ? `${name}<${(declaration.typeParameters ?? []).map((p) => displayType(substitution.get(this.checker.getTypeAtLocation(p))!)).join(", ")}>` : name;
    const fn = this.newFunction(name, display, this.returnTypeOf(declaration, substitution));
    this.instances.set(key, fn);
    const lowerer = new FunctionLowerer(this, fn, substitution);
    lowerer.analyze(declaration);
    const prologue = lowerer.lowerParameters(declaration);
    this.queue.push({ node: declaration, run: () => lowerer.lowerBody(declaration.body!, prologue) });
    return fn;
  }

  methodFor(declaration: ts.MethodDeclaration | ts.AccessorDeclaration, layout: Layout, typeArguments: Substitution = noSubstitution): IrFunction {
    const typeArgs = (declaration.typeParameters ?? []).map((p) => typeArguments.get(this.checker.getTypeAtLocation(p)));
    if (typeArgs.some((t) => !t)) throw new LoweringError(declaration, diag.TSE2001, "a generic method used without type arguments", "call it, so its type arguments are known");
    const key = `${declaration.getSourceFile().fileName}:${declaration.pos}@${layout.cName}<${typeArgs.map((t) => typeKey(t!)).join(",")}>`;
    const existing = this.instances.get(key);
    if (existing) return existing;
    if (!declaration.body) throw new LoweringError(declaration, diag.TSE2001, "an abstract method is not supported", "give the method a body");
    // A generic method: the class's type arguments and its own, compiled once per combination.
    const substitution = new Map([...(this.types.classOf(layout)?.substitution ?? noSubstitution), ...typeArguments]);
    const name = memberKey(declaration);
    const display = typeArgs.length ? `${name}<${typeArgs.map((t) => displayType(t!)).join(", ")}>` : name;
    const fn = this.newFunction(`${layout.cName.replace(/^T_/, "")}_${name}`, `${layout.displayName}.${display}`, this.returnTypeOf(declaration, substitution), layout);
    // A base class's method compiled for a subclass that overrides it (for `super.m()`) is not the layout's `m`.
    if (!typeArgs.length && this.classes.findMethod(layout, name) === declaration) layout.methods.set(name, fn);
    this.instances.set(key, fn);
    const lowerer = new FunctionLowerer(this, fn, substitution);
    lowerer.analyze(declaration);
    const prologue = lowerer.lowerParameters(declaration);
    this.queue.push({ node: declaration, run: () => lowerer.lowerBody(declaration.body!, prologue) });
    return fn;
  }

  lowerer(fn: IrFunction, substitution: Substitution): FunctionLowerer {
    return new FunctionLowerer(this, fn, substitution);
  }

  enqueue(node: ts.Node, run: () => void): void {
    this.queue.push({ node, run });
  }

  // ------------------------------------------------------------------ registration

  /** Runs `step`; when a type has no representation (TSE2002), reports each of the config's fields that has a problem, at once. */
  private reportingConfigFields<T>(factory: ts.SignatureDeclaration, step: () => T): T {
    try {
      return step();
    } catch (error) {
      const parameter = factory.parameters[0];
      if (!(error instanceof LoweringError) || error.code !== diag.TSE2002 || !parameter) throw error;
      const problems = configFieldProblems(parameter, this.checker, (type) => this.types.map(type, noSubstitution));
      throw problems.length > 0 ? new LoweringErrors(problems) : error;
    }
  }


  private registration(call: ts.CallExpression, kind: FilterKind = FILTER_KINDS[0]!): void {
    checkKindSupported(call, kind, this.options.envoyVersion);
    const [nameArgument, factoryArgument] = call.arguments;
    if (!nameArgument || !ts.isStringLiteralLike(nameArgument)) {
      throw new LoweringError(nameArgument ?? call, diag.TSE3003, formatMessage(diag.TSE3003), CATALOGUE.TSE3003.hint);
    }
    const name = nameArgument.text;
    if (!/^[A-Za-z0-9_.\-/]+$/.test(name)) {
      throw new LoweringError(nameArgument, diag.TSE3003, `filter name '${name}' has characters Envoy configs do not expect`, "use letters, digits, '_', '-', '.', '/'");
    }
    if (this.filters.some((f) => f.name === name)) {
      throw new LoweringError(nameArgument, diag.TSE3003, `a filter named '${name}' is already registered`, "give each filter its own name");
    }
    if (!factoryArgument) throw new LoweringError(call, diag.TSE3004, `${kind.register} needs a factory`, `${kind.register}(name, (config: Config) => new MyFilter(config))`);

    let factoryDeclaration: ts.SignatureDeclaration & { body?: ts.ConciseBody };
    if (ts.isArrowFunction(factoryArgument) || ts.isFunctionExpression(factoryArgument)) {
      factoryDeclaration = factoryArgument;
    } else if (ts.isIdentifier(factoryArgument)) {
      const symbol = this.checker.getSymbolAtLocation(factoryArgument);
      const resolved = symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
      const declaration = resolved?.valueDeclaration;
      if (!declaration || !ts.isFunctionDeclaration(declaration) || !declaration.body) {
        throw new LoweringError(factoryArgument, diag.TSE3004, formatMessage(diag.TSE3004), CATALOGUE.TSE3004.hint);
      }
      factoryDeclaration = declaration;
    } else {
      throw new LoweringError(factoryArgument, diag.TSE3004, formatMessage(diag.TSE3004), CATALOGUE.TSE3004.hint);
    }
    const signature = this.checker.getSignatureFromDeclaration(factoryDeclaration);
    const outerReturned = signature && this.checker.getReturnTypeOfSignature(signature);
    // The two-stage shape returns the per-stream factory (lower/config-stage.ts).
    const streamSignature = outerReturned && streamFactorySignature(outerReturned);
    const returned = streamSignature ? this.checker.getReturnTypeOfSignature(streamSignature) : outerReturned;
    const envoyParameter = factoryDeclaration.parameters[1];
    if (factoryDeclaration.parameters.length > 2 || (envoyParameter && !(streamSignature && this.types.isApiType(this.checker.getTypeAtLocation(envoyParameter), "EnvoyFilterConfig")))) {
      throw new LoweringError(
        factoryDeclaration.parameters[streamSignature ? 2 : 1] ?? envoyParameter!,
        diag.TSE3004,
        streamSignature ? "the config stage takes the config and the EnvoyFilterConfig" : "the factory takes at most one parameter, the config",
        streamSignature ? "(config: Config, envoy: EnvoyFilterConfig) => () => new MyFilter(...)" : "(config: Config) => new MyFilter(config)",
      );
    }
    if (!returned?.getSymbol() || !(returned.getSymbol()!.flags & ts.SymbolFlags.Class)) {
      throw new LoweringError(
        factoryDeclaration,
        diag.TSE3004,
        `the factory must return an instance of a filter class, not ${returned ? this.checker.typeToString(returned) : "nothing"}`,
        "return `new MyFilter(...)` and leave the return type inferred (or annotate it with the class)",
      );
    }
    // Mapping the filter class maps its fields, the config's type among them.
    const returnType = this.reportingConfigFields(factoryDeclaration, () => this.mapType(returned, factoryDeclaration));
    if (returnType.kind !== "object" || returnType.layout.kind !== "class") throw new Error("class type did not map to a class layout");
    if (streamSignature) {
      checkStreamFactoryCaptures(factoryDeclaration, {
        checker: this.checker,
        isApiType: (type, apiName) => this.types.isApiType(type, apiName),
        mapType: (type, node) => this.mapType(type, node),
        classDeclaration: (layout) => this.types.classOf(layout)?.declaration,
      });
    }
    const factoryType: IrType = streamSignature ? { kind: "function", params: [], returns: returnType } : returnType;
    const factory = this.newFunction(`${name}_${streamSignature ? "configure" : "factory"}`, `${streamSignature ? "config stage" : "factory"} of '${name}'`, factoryType);
    const lowerer = new FunctionLowerer(this, factory, noSubstitution);
    lowerer.analyze(factoryDeclaration);
    const prologue = this.reportingConfigFields(factoryDeclaration, () => lowerer.lowerParameters(factoryDeclaration));
    const configType = factory.params[0]?.type;
    let configLiterals: LiteralCheck[] | undefined;
    if (configType) {
      const parameter = factoryDeclaration.parameters[0]!;
      checkConfigType(configType, parameter, true, "config", this.checker);
      configLiterals = literalChecks(this.checker.getTypeOfSymbol(signature!.getParameters()[0]!), configType, this.checker, parameter, "config", parameter.type);
    }
    lowerer.lowerBody(factoryDeclaration.body!, prologue);
    const streamFactory = streamSignature ? streamFactoryOf(factory, factoryDeclaration) : undefined;

    const layout = returnType.layout;
    const classDeclaration = this.types.classOf(layout)?.declaration;
    const hooks: FilterRegistration["hooks"] = {};
    const kindHooks = KIND_HOOKS.get(kind)!;
    // Hooks may be inherited from a base filter class.
    for (const member of classDeclaration ? this.classes.methods(layout) : []) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const hookName = member.name.text;
      if (!Object.hasOwn(kindHooks, hookName)) {
        checkNoOtherKindsHook(member, hookName, kind);
        checkNotMisspelledHook(member, hookName, kind);
        continue;
      }
      const method = this.methodFor(member, layout);
      checkHookSignature(method, hookName, member, kind);
      hooks[hookName] = method;
    }
    const perRoute = kind.kind !== "http" ? undefined : perRouteTypeOf(call, this.checker, (type, node) => this.mapType(type, node));
    const perRouteFields = perRoute ? { perRouteType: perRoute.type, ...(perRoute.literals ? { perRouteLiterals: perRoute.literals } : {}) } : {};
    this.filters.push({ ...(kind.kind !== "http" ? { kind: kind.kind } : {}), name, configType, ...(configLiterals ? { configLiterals } : {}), factory, ...(streamFactory ? { streamFactory } : {}), filterLayout: layout, hooks, ...perRouteFields });
  }
}

/** Levenshtein distance, for hook names: a few dozen characters. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * A method named like a hook that is none would never run (a WAF whose `onRequestBodyy` never
 * sees a body passes everything): `on` + a capital letter, or within two edits of a hook's name.
 */
function checkNotMisspelledHook(node: ts.MethodDeclaration, name: string, kind: FilterKind): void {
  const hooks = kind.api.hooks.map((hook) => hook.name);
  const [nearest] = hooks.map((hook) => ({ hook, distance: editDistance(name.toLowerCase(), hook.toLowerCase()) })).sort((a, b) => a.distance - b.distance);
  if (!/^on[A-Z]/.test(name) && nearest!.distance > 2) return;
  throw new LoweringError(node.name, diag.TSE3007, `method \`${name}\` looks like a hook but is none: Envoy never calls it`, `did you mean \`${nearest!.hook}\`? The hooks are ${hooks.map((hook) => `\`${hook}\``).join(", ")}; rename a helper so it does not start with \`on\` and a capital letter`);
}

function checkHookSignature(method: IrFunction, hook: string, node: ts.MethodDeclaration, kind: FilterKind): void {
  const expected = KIND_HOOKS.get(kind)![hook]!;
  const paramsOk = method.params.every((p, i) => expected.params[i] && p.type.kind === expected.params[i]!.kind);
  // A void hook may return something: Envoy ignores it, and so does the glue.
  const returnOk = expected.returns.kind === "void" || method.returnType.kind === expected.returns.kind;
  if (!paramsOk || method.params.length > expected.params.length || !returnOk) {
    const spec = kind.api.hooks.find((h) => h.name === hook)!;
    const shape = `(${spec.params.map((p) => `${p.name}: ${p.type}`).join(", ")}): ${spec.returns}`;
    throw new LoweringError(node, diag.TSE3005, `hook ${hook} has the wrong signature`, `declare it as ${hook}${shape}; add \`implements ${kind.classInterface}\` to the class to have TypeScript check it`);
  }
}

/**
 * Which functions check the stack on entry: those calling function values (directly or through the
 * runtime) or dispatching methods, and one function on every cycle of direct calls.
 */
function markRecursion(functions: IrFunction[]): void {
  const calls = new Map<IrFunction, Set<IrFunction>>();
  const dynamic = new Set<IrFunction>();
  const visitExpr = (fn: IrFunction, value: unknown): void => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((v) => visitExpr(fn, v));
      return;
    }
    const node = value as { kind?: string; callee?: unknown; fn?: IrFunction };
    if (node.kind === "call" && node.callee && typeof node.callee === "object" && "cName" in (node.callee as object)) calls.get(fn)!.add(node.callee as IrFunction);
    // Calls of function values and dispatched methods may reach anything; so may runtime operations
    // handed a function value (sort comparators, replace callbacks), which call it from C.
    if (node.kind === "callValue" || node.kind === "methodCall") dynamic.add(fn);
    if (node.kind === "runtime" && (value as { args: Expr[] }).args.some((arg) => membersOf(arg.type).some((m) => m.kind === "function"))) dynamic.add(fn);
    if (node.kind === "new") {
      const ctor = (value as { layout: Layout }).layout.constructorFunction;
      if (ctor) calls.get(fn)!.add(ctor);
    }
    for (const [key, child] of Object.entries(value as object)) {
      if (key === "type" || key === "layout" || key === "local" || key === "callee" && (child as { cName?: string })?.cName || key === "fn" || key === "target" && false) continue;
      visitExpr(fn, child);
    }
  };
  for (const fn of functions) calls.set(fn, new Set());
  for (const fn of functions) visitExpr(fn, fn.body);
  for (const fn of dynamic) fn.mayRecurse = true;
  // Every cycle of direct calls needs one function that checks, and one is enough: recursion then
  // overflows in the same function however deep the stack is, and the reference host names the
  // same one (abi/ts/sdk.ts). Pick the first function of each cyclic component until none is left.
  let remaining = functions.filter((fn) => !dynamic.has(fn));
  for (;;) {
    const members = new Set(remaining);
    const cyclic = stronglyConnected(remaining, (fn) => [...calls.get(fn)!].filter((next) => members.has(next))).filter(
      (component) => component.length > 1 || calls.get(component[0]!)!.has(component[0]!),
    );
    if (cyclic.length === 0) return;
    const picked = new Set(cyclic.map((component) => remaining.find((fn) => component.includes(fn))!));
    for (const fn of picked) fn.mayRecurse = true;
    remaining = remaining.filter((fn) => !picked.has(fn));
  }
}

/** Tarjan's strongly connected components (written here: a few lines, not worth a dependency). */
function stronglyConnected<T>(nodes: T[], edges: (node: T) => T[]): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const components: T[][] = [];
  const visit = (node: T): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: T[] = [];
      let member: T;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components;
}
