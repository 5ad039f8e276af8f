/**
 * registerHttpFilter's two-stage factory, `(config, envoy: EnvoyFilterConfig) => () => new F(...)`:
 * the outer function runs once per config, the arrow it returns once per stream. What the arrow
 * captures from the outer function is shared by every worker thread, so it must be immutable:
 * objects, arrays and tuples are deep-frozen when the config stage ends (runtime-c/frozen.c, and
 * Object.freeze in the reference SDK); whatever freezing cannot cover is rejected here (TSE3008).
 */
import { ts } from "../ts-morph.js";

import { CATALOGUE, diag } from "../diagnostics/catalogue.js";
import { displayType, Expr, IrFunction, IrType, Layout, Stmt } from "../ir/index.js";
import { LoweringError, LoweringErrors } from "./errors.js";

/** The function type a staged factory returns (`() => Filter`), or undefined for the one-stage shape. */
export function streamFactorySignature(returned: ts.Type): ts.Signature | undefined {
  if ((returned.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class) return undefined;
  const signatures = returned.getCallSignatures();
  return signatures.length === 1 ? signatures[0] : undefined;
}

export interface StageHost {
  checker: ts.TypeChecker;
  isApiType(type: ts.Type, name: string): boolean;
  mapType(type: ts.Type, node: ts.Node): IrType;
  classDeclaration(layout: Layout): ts.ClassLikeDeclaration | undefined;
}

export type FunctionLike = ts.SignatureDeclaration & { body?: ts.ConciseBody };

/** The arrows the outer function returns; anything else it returns is an error. */
function returnedArrows(outer: FunctionLike): ts.Expression[] {
  const body = outer.body!;
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return; // a nested function's returns are its own
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

const unwrap = (node: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) ? unwrap(node.expression) : node);

/** A variable the per-stream arrow reads from the config stage, at its first use. */
export interface StageCapture {
  use: ts.Identifier;
  symbol: ts.Symbol;
  declaration: ts.Declaration;
}

/** Each expression the outer function returns, and when it is an arrow, what the arrow captures. */
export function stageReturns(outer: FunctionLike, checker: ts.TypeChecker): { returned: ts.Expression; arrow?: ts.ArrowFunction | ts.FunctionExpression; captures: StageCapture[] }[] {
  return returnedArrows(outer).map((returned) => {
    const arrow = unwrap(returned);
    if (!ts.isArrowFunction(arrow) && !ts.isFunctionExpression(arrow)) return { returned, captures: [] };
    const captures: StageCapture[] = [];
    const seen = new Set<ts.Symbol>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const symbol = ts.isShorthandPropertyAssignment(node.parent) ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
        const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
        if (symbol && declaration && !seen.has(symbol) && within(declaration, outer) && !within(declaration, arrow)) {
          seen.add(symbol);
          captures.push({ use: node, symbol, declaration });
        }
      }
      ts.forEachChild(node, visit);
    };
    if (arrow.body) visit(arrow.body);
    return { returned, arrow, captures };
  });
}

/**
 * Checks what the per-stream arrows capture: never the EnvoyFilterConfig, never a variable that may
 * change (let), only values deep-freezing covers. Throws every problem at once.
 */
export function checkStreamFactoryCaptures(outer: FunctionLike, host: StageHost): void {
  const problems: LoweringError[] = [];
  for (const { returned, arrow, captures } of stageReturns(outer, host.checker)) {
    if (!arrow) {
      problems.push(new LoweringError(returned, diag.TSE3004, "the config stage must return the per-stream factory as an arrow function", "return () => new MyFilter(...)"));
      continue;
    }
    if (arrow.parameters.length > 0) {
      problems.push(new LoweringError(arrow.parameters[0]!, diag.TSE3004, "the per-stream factory takes no parameters", "return () => new MyFilter(...)"));
    }
    for (const capture of captures) {
      const problem = captureProblem(capture.use, capture.symbol, capture.declaration, host);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) throw new LoweringErrors(problems);
}

function within(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}

function captureProblem(use: ts.Identifier, symbol: ts.Symbol, declaration: ts.Declaration, host: StageHost): LoweringError | undefined {
  const name = symbol.getName();
  const type = host.checker.getTypeOfSymbolAtLocation(symbol, use);
  const problem = (what: string, hint: string) =>
    new LoweringError(use, diag.TSE3008, `the per-stream factory captures \`${name}\` (${host.checker.typeToString(type)}) from the config stage: ${what}`, hint);
  if (host.isApiType(type, "EnvoyFilterConfig")) {
    return problem("EnvoyFilterConfig exists during the config stage only", "define metrics in the config stage and capture their handles; streams get their own EnvoyHttpFilter in each hook");
  }
  if (ts.isVariableDeclaration(declaration) && !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) {
    return problem("a `let` variable is shared by every worker thread and could change", `declare it \`const ${name} = ...\` (its value is frozen when the config stage ends)`);
  }
  if (ts.isFunctionDeclaration(declaration)) {
    return problem("a function declared in the config stage", "declare the function at the top level of the file and pass it what it needs");
  }
  const sharedFlag = lastIndexFlag(declaration);
  if (sharedFlag) {
    return problem(`its flag ${sharedFlag} keeps lastIndex, which freezing makes read-only: test, exec, match, replace and search would throw`, `drop the ${sharedFlag} flag: a pattern shared by every stream cannot keep a position`);
  }
  let irType: IrType;
  try {
    irType = host.mapType(type, use);
  } catch (error) {
    if (error instanceof LoweringError) return error;
    throw error;
  }
  const why = unfreezable(irType, host, new Set());
  return why ? problem(why.what, why.hint) : undefined;
}

/** `g` or `y` when a variable is initialized with a RegExp whose flags are written out and have one. */
function lastIndexFlag(declaration: ts.Declaration): string | undefined {
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const init = unwrap(declaration.initializer);
  let flags: string | undefined;
  if (init.kind === ts.SyntaxKind.RegularExpressionLiteral) flags = init.getText().slice(init.getText().lastIndexOf("/") + 1);
  else if (ts.isNewExpression(init) && init.expression.getText() === "RegExp" && init.arguments?.[1] && ts.isStringLiteralLike(init.arguments[1])) flags = init.arguments[1].text;
  return [...(flags ?? "")].find((flag) => flag === "g" || flag === "y");
}

/** Why a value of `type` cannot be deep-frozen, if it cannot. */
export function unfreezable(type: IrType, host: Pick<StageHost, "classDeclaration">, seen: Set<Layout>): { what: string; hint: string } | undefined {
  switch (type.kind) {
    case "array":
      return unfreezable(type.element, host, seen);
    case "union":
      for (const member of type.members) {
        const why = unfreezable(member, host, seen);
        if (why) return why;
      }
      return undefined;
    case "object": {
      if (seen.has(type.layout)) return undefined;
      seen.add(type.layout);
      if (type.layout.kind === "class") {
        const mutable = mutableField(type.layout, host);
        if (mutable) return { what: `class ${type.layout.displayName} has the mutable field \`${mutable}\`, which would be shared by every stream`, hint: `mark its fields readonly, or capture plain data (interfaces, arrays) and create the ${type.layout.displayName} per stream` };
      }
      for (const field of type.layout.fields) {
        // Methods are called through the object, never stored by filter code (class methods have no state).
        if (field.method) continue;
        const why = unfreezable(field.type, host, seen);
        if (why) return why;
      }
      return undefined;
    }
    case "function":
      return { what: "a function value cannot be frozen (it may hold state of its own)", hint: "declare the function at the top level of the file" };
    case "map":
      // A record is deep-frozen like an object (runtime-c/frozen.c); a Map's entries stay writable.
      if (type.dict) return unfreezable(type.value, host, seen);
      return { what: "a Map cannot be frozen", hint: "capture an array or a record and build the lookup from it, or use a readonly array of pairs" };
    case "set":
      return { what: "a Set cannot be frozen", hint: "capture an array or a record and build the lookup from it, or use a readonly array of pairs" };
    case "regexp":
      // Freezing makes lastIndex read-only (runtime-c/frozen.c): with g or y, matching throws, as in Node.
      return undefined;
    case "regexpMatch":
      return { what: `${displayType(type)} is a match result, an array the stream could change`, hint: "capture the strings it holds" };
    case "error":
      return { what: "an Error object can be written to", hint: "capture its message" };
    case "date":
      return { what: "a Date can be changed (setTime)", hint: "capture its time value (d.getTime()) and make the Date per stream" };
    default:
      return undefined;
  }
}

/** A field of the class not declared readonly (a property or a parameter property). */
export function mutableField(layout: Layout, host: Pick<StageHost, "classDeclaration">): string | undefined {
  const declaration = host.classDeclaration(layout);
  if (!declaration) return undefined;
  const readonly = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
  for (const member of declaration.members) {
    if (ts.isPropertyDeclaration(member) && !readonly(member)) return member.name.getText();
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isParameterPropertyDeclaration(parameter, member) && !readonly(parameter)) return parameter.name.getText();
      }
    }
  }
  return undefined;
}

/** The per-stream factory: the closure the outer function returns (one function, however many returns). */
export function streamFactoryOf(outer: IrFunction, node: ts.Node): IrFunction {
  const found = new Set<IrFunction>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) return value.forEach(visit);
    const stmt = value as Stmt;
    if (stmt.kind === "return" && stmt.value) {
      let expr: Expr = stmt.value;
      while (expr.kind === "convert") expr = expr.value;
      if (expr.kind === "closure") found.add(expr.fn);
      else found.add(undefined as unknown as IrFunction);
    }
    for (const [key, child] of Object.entries(value as object)) {
      if (key === "type" || key === "layout" || key === "local" || key === "fn" || key === "callee") continue;
      visit(child);
    }
  };
  visit(outer.body);
  const [fn] = [...found];
  if (found.size !== 1 || !fn) {
    throw new LoweringError(node, diag.TSE3004, "the config stage must return one per-stream factory, an arrow function", CATALOGUE.TSE3004.hint);
  }
  return fn;
}
