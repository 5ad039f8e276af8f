/**
 * Module-level `const`s computed by calls (`const TABLE = build()`, `const IDS = new Set(list.map(f))`):
 * built once when the module loads, like literal tables (lower/tables.ts), in JavaScript's order of
 * module evaluation, then deep-frozen. What they reach must be pure: no Envoy API, no log, no clock
 * or randomness (TSE1052), no module-level `const` that JavaScript has not initialized yet
 * (TSE1053: Node throws a ReferenceError there), and no Date (TSE1052: nothing freezes one).
 */
import { ts } from "../ts-morph.js";

import { diag } from "../diagnostics/catalogue.js";
import { isModuleTable, tableProblem } from "./tables.js";

/** Whether a module-level `const`'s initializer is computed (neither a literal, a table of literals nor a RegExp literal). */
export function isComputedTable(initializer: ts.Expression): boolean {
  if (isModuleTable(initializer)) return tableProblem(initializer) !== undefined;
  return !isLiteral(initializer) && !ts.isRegularExpressionLiteral(initializer);
}

function isLiteral(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return isLiteral(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return isLiteral(node.operand);
  return ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword;
}

/** The files in the order JavaScript evaluates them: each file after the relative files it imports, depth first. */
export function evaluationOrder(entry: ts.SourceFile, checker: ts.TypeChecker): ts.SourceFile[] {
  const order: ts.SourceFile[] = [];
  const seen = new Set<ts.SourceFile>();
  const visit = (file: ts.SourceFile) => {
    if (seen.has(file) || file.isDeclarationFile) return;
    seen.add(file);
    for (const statement of file.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier) continue;
      const target = checker.getSymbolAtLocation(statement.moduleSpecifier)?.valueDeclaration;
      if (target && ts.isSourceFile(target)) visit(target);
    }
    order.push(file);
  };
  visit(entry);
  return order;
}

/** Sorts module-level declarations into evaluation order. */
export function evaluationKey(order: readonly ts.SourceFile[]): (node: ts.Node) => number {
  return (node) => order.indexOf(node.getSourceFile()) * 2 ** 32 + node.getStart();
}

export interface TableProblem {
  node: ts.Node;
  code: typeof diag.TSE1052 | typeof diag.TSE1053;
  message: string;
  hint: string;
}

/** The clocks and randomness: a table built from them would differ from Node's on every load. */
const NONDETERMINISTIC = new Set(["Date.now", "Math.random", "performance.now", "crypto.getRandomValues", "crypto.randomUUID"]);

function isModuleConst(declaration: ts.Declaration): declaration is ts.VariableDeclaration {
  return ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent) && ts.isVariableStatement(declaration.parent.parent) && ts.isSourceFile(declaration.parent.parent.parent);
}

/**
 * What the initializer of `declaration` (a computed table) reaches that it may not: followed into
 * every user function, method and class it names (named is taken as called: when unsure, reject).
 */
export function computedTableProblem(declaration: ts.VariableDeclaration, checker: ts.TypeChecker, key: (node: ts.Node) => number): TableProblem | undefined {
  const name = declaration.name.getText();
  const here = key(declaration);
  const visited = new Set<ts.Node>();
  const pending: ts.Node[] = [declaration.initializer!];
  const where = (node: ts.Node) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return node.getSourceFile() === declaration.getSourceFile() ? `line ${line + 1}` : `${file.fileName.split("/").pop()}:${line + 1}`;
  };
  const impure = (node: ts.Node, what: string): TableProblem => ({
    node: declaration.initializer!,
    code: diag.TSE1052,
    message: `module-level \`const ${name}\` is computed when the module loads, and reaches ${what} (${where(node)}), which has no meaning there`,
    hint: "compute it from pure functions of literals, or in the config stage (registerHttpFilter's outer function)",
  });
  let problem: TableProblem | undefined;
  const visit = (node: ts.Node): void => {
    // Types are erased: a type naming a class below reads nothing (`extends Base` does).
    if (problem || (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node))) return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && NONDETERMINISTIC.has(`${node.expression.text}.${node.name.text}`)) {
      problem = impure(node, `\`${node.getText()}\` (a different value on every load)`);
      return;
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") {
      problem = impure(node, "a Date (nothing can freeze one: `setTime` would change it for every stream)");
      return;
    }
    if (ts.isIdentifier(node)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const target of symbol?.declarations ?? []) {
        const file = target.getSourceFile();
        if (file.isDeclarationFile) {
          // The filter API: its enums are constants; anything else (log, metrics, registration) needs Envoy.
          if (/tsc2envoy\.d\.ts$/.test(file.fileName) && !(symbol!.flags & (ts.SymbolFlags.Enum | ts.SymbolFlags.EnumMember | ts.SymbolFlags.Type))) {
            problem = impure(node, `\`${node.text}\` of the filter API`);
          }
          continue;
        }
        // Classes are not hoisted either: `new Limits()` above `class Limits` throws in Node.
        const moduleClass = ts.isClassDeclaration(target) && ts.isSourceFile(target.parent);
        if ((isModuleConst(target) || moduleClass) && key(target) >= here) {
          problem = {
            node: declaration.initializer!,
            code: diag.TSE1053,
            message: `module-level \`const ${name}\` is computed when the module loads, and reads \`${node.text}\` (${where(node)}) before JavaScript has initialized it`,
            hint: `declare \`${node.text}\` before \`${name}\` (in an imported file or above it)`,
          };
          return;
        }
        const body = ts.isFunctionDeclaration(target) || ts.isMethodDeclaration(target) || ts.isClassDeclaration(target) || ts.isConstructorDeclaration(target) || ts.isGetAccessor(target) || ts.isSetAccessor(target);
        if (body && !visited.has(target)) {
          visited.add(target);
          pending.push(target);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  while (pending.length > 0 && !problem) visit(pending.pop()!);
  const unfreezable = problem ? undefined : unfreezableIn(checker.getTypeAtLocation(declaration.name), checker, new Set());
  return problem ?? (unfreezable !== undefined ? impure(declaration.name, `${unfreezable} in its value`) : undefined);
}

/** A Date or a function inside the value: freezing cannot stop `setTime`, nor a closure's captured state. */
function unfreezableIn(type: ts.Type, checker: ts.TypeChecker, seen: Set<ts.Type>): string | undefined {
  if (seen.has(type)) return undefined;
  seen.add(type);
  const inner = (types: readonly ts.Type[]) => types.map((t) => unfreezableIn(t, checker, seen)).find((why) => why !== undefined);
  if (type.isUnionOrIntersection()) return inner(type.types);
  if (type.getSymbol()?.getName() === "Date") return "a Date (nothing can freeze one: `setTime` would change it for every stream)";
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  if (type.getCallSignatures().length > 0) return "a function (what it captures would be shared by every stream)";
  const args = (type as ts.TypeReference).target ? checker.getTypeArguments(type as ts.TypeReference) : [];
  const fields = type.getProperties().flatMap((p) => (p.valueDeclaration && !p.valueDeclaration.getSourceFile().isDeclarationFile && !ts.isMethodDeclaration(p.valueDeclaration) ? [checker.getTypeOfSymbolAtLocation(p, p.valueDeclaration)] : []));
  return inner([...args, ...fields]);
}
