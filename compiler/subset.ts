/**
 * Stage 2, subset checker: rejects TypeScript that has no faithful native meaning in a filter,
 * naming the construct, where it is, and what to write instead. Constructs that are valid but not
 * compiled yet are rejected later, by lowering (TSE2xxx), so nothing is ever silently miscompiled.
 */
import { ts } from "./ts-morph.js";

import { Diagnostic, diagnosticAt } from "./diagnostics.js";
import type { FilterProgram } from "./frontend.js";
import { CATALOGUE, diag, DiagnosticCode, formatMessage } from "./diagnostics/catalogue.js";
import { isDictTsType } from "./lower/dicts.js";
import { computedTableProblem, evaluationKey, evaluationOrder, isComputedTable } from "./lower/computed-tables.js";

const API_MODULE = "tsc2envoy";

const STATE_HINT =
  "module-level state would be shared by every stream on every Envoy worker thread; keep per-stream state in fields of your filter class and per-config data in the config";

interface RuleContext {
  checker: ts.TypeChecker;
  report(node: ts.Node, code: DiagnosticCode, message: string, hint?: string): void;
  /** Reports `code` with its catalogue message and hint. */
  reject(node: ts.Node, code: DiagnosticCode): void;
}

export function checkSubset(filterProgram: FilterProgram): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context: RuleContext = {
    checker: filterProgram.checker,
    report: (node, code, message, hint) => diagnostics.push(diagnosticAt(node, code, message, hint)),
    reject: (node, code) => diagnostics.push(diagnosticAt(node, code, CATALOGUE[code].message, CATALOGUE[code].hint)),
  };
  const key = evaluationKey(evaluationOrder(filterProgram.entry, filterProgram.checker));
  for (const file of filterProgram.userFiles) {
    checkModuleLevel(file, context, filterProgram.checker, key);
    const visit = (node: ts.Node): void => {
      if (checkIteratorProtocol(node, context)) return;
      checkNode(node, context);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return diagnostics;
}

function checkModuleLevel(file: ts.SourceFile, { report, reject }: RuleContext, checker: ts.TypeChecker, key: (node: ts.Node) => number): void {
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      if (!(flags & ts.NodeFlags.Const)) {
        report(statement, diag.TSE1009, "module-level `let`/`var` is mutable state shared across Envoy worker threads", STATE_HINT);
        continue;
      }
      for (const declaration of statement.declarationList.declarations) {
        // Computed at module load from pure code, then deep-frozen (lower/computed-tables.ts).
        const computed = declaration.initializer && isComputedTable(declaration.initializer) ? computedTableProblem(declaration, checker, key) : undefined;
        if (computed) report(computed.node, computed.code, computed.message, computed.hint);
      }
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      // A specifier that is not a string is a syntax error TypeScript reports.
      const specifier = statement.moduleSpecifier.text;
      if (specifier !== API_MODULE && !specifier.startsWith("./") && !specifier.startsWith("../")) {
        report(
          statement.moduleSpecifier,
          diag.TSE1010,
          `import of '${specifier}': filters may import only "tsc2envoy" and relative files`,
          "npm packages carry JavaScript that cannot run inside Envoy; copy the logic into a relative .ts file of your filter",
        );
      }
    } else if (ts.isModuleDeclaration(statement)) {
      reject(statement, diag.TSE1016);
    } else if (ts.isExportAssignment(statement)) {
      reject(statement, diag.TSE1017);
    }
  }
}

const FORBIDDEN_GLOBALS: Record<string, [code: DiagnosticCode, message: string, hint: string]> = {
  eval: [diag.TSE1003, "`eval` runs code unknown at compile time", "write the code directly; filters are compiled ahead of time"],
  Function: [diag.TSE1004, "the `Function` constructor builds code at run time", "write a function or an arrow function"],
  Proxy: [diag.TSE1005, "`Proxy` intercepts operations dynamically and has no native equivalent", "use a class with explicit methods"],
  Reflect: [diag.TSE1006, "`Reflect` inspects objects dynamically", "access properties by name with a typed object or a Map"],
  Symbol: [diag.TSE1008, "symbols are not supported", "use string keys or a Map"],
  globalThis: [diag.TSE1019, "`globalThis` is shared mutable state", STATE_HINT],
  arguments: [diag.TSE1018, "`arguments` is not supported", "declare rest parameters: (...args: T[])"],
  require: [diag.TSE1010, "`require` loads JavaScript at run time", "use `import` of a relative .ts file"],
};

const PROTOTYPE_FUNCTIONS = new Set(["setPrototypeOf", "getPrototypeOf", "create", "defineProperty", "defineProperties"]);

function checkNode(node: ts.Node, { checker, report, reject }: RuleContext): void {
  switch (node.kind) {
    case ts.SyntaxKind.AnyKeyword:
      reject(node, diag.TSE1001);
      return;
    case ts.SyntaxKind.UnknownKeyword:
      reject(node, diag.TSE1002);
      return;
    case ts.SyntaxKind.SymbolKeyword:
      report(node, diag.TSE1008, "type `symbol` is not supported", "use string keys or a Map");
      return;
    case ts.SyntaxKind.WithStatement:
      reject(node, diag.TSE1012);
      return;
    case ts.SyntaxKind.DebuggerStatement:
      reject(node, diag.TSE1023);
      return;
    case ts.SyntaxKind.DeleteExpression: {
      // `delete d[k]` of a Record<string, T> (a dict) is an entry's removal; other shapes are fixed.
      let target: ts.Expression = (node as ts.DeleteExpression).expression;
      while (ts.isParenthesizedExpression(target)) target = target.expression;
      const dict = (ts.isElementAccessExpression(target) || ts.isPropertyAccessExpression(target)) && isDictTsType(checker, checker.getTypeAtLocation(target.expression));
      if (!dict) reject(node, diag.TSE1014);
      return;
    }
    case ts.SyntaxKind.Decorator:
      reject(node, diag.TSE1015);
      return;
    case ts.SyntaxKind.AwaitExpression: {
      const where = awaitPlacement(node as ts.AwaitExpression);
      if (where) report(node, diag.TSE1030, `\`await\` ${where} is not supported`, CATALOGUE.TSE1030.hint);
      return;
    }
    case ts.SyntaxKind.YieldExpression:
      report(node, diag.TSE1013, "generators are not supported", "return an array (`function numbers(): number[]`) and iterate it with for...of");
      return;
    case ts.SyntaxKind.ImportKeyword:
      if (ts.isCallExpression(node.parent)) {
        report(node.parent, diag.TSE1010, "dynamic `import()` loads code at run time", "use a static `import` of a relative .ts file");
      }
      return;
  }

  if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
    reject(node, diag.TSE1011);
  } else if (ts.isFunctionLike(node) && !ts.isMethodDeclaration(node) && !isModuleFunction(node) && ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
    // Async methods and module-level functions become state machines (docs/async.md); closures cannot.
    const asyncKeyword = ts.getModifiers(node)!.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword)!;
    reject(asyncKeyword, diag.TSE1013);
  } else if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken) {
    report(node.asteriskToken, diag.TSE1013, "generators are not supported", "return an array (`function numbers(): number[]`) and iterate it with for...of");
  } else if (ts.isIdentifier(node)) {
    checkGlobalReference(node, checker, report);
  } else if (ts.isPropertyAccessExpression(node)) {
    const name = node.name.text;
    if (name === "prototype" || name === "__proto__") {
      report(node, diag.TSE1007, `\`${name}\` manipulates prototypes, which compiled objects do not have`, "use classes and `extends`");
    } else if (ts.isIdentifier(node.expression) && node.expression.text === "Object" && PROTOTYPE_FUNCTIONS.has(name) && isGlobal(node.expression, checker)) {
      report(node, diag.TSE1007, `\`Object.${name}\` changes or creates objects through their prototype or property descriptors`, "construct objects with classes or object literals of a declared type");
    }
  } else if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
      const nullish = (e: ts.Expression) => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
      if (!nullish(node.left) && !nullish(node.right)) {
        const strict = op === ts.SyntaxKind.EqualsEqualsToken ? "===" : "!==";
        report(node.operatorToken, diag.TSE1020, `loose equality \`${node.operatorToken.getText()}\` converts types implicitly`, `use \`${strict}\`; \`x == null\` is accepted for "null or undefined"`);
      }
    }
  } else if (ts.isComputedPropertyName(node) && !ts.isStringLiteralLike(node.expression) && !ts.isNumericLiteral(node.expression) && !inDictLiteral(node, checker)) {
    report(node, diag.TSE1008, "computed property names are not supported", "use a Record<string, T> or a Map for keys known only at run time");
  }
}

/** `{ [k]: v }` written where a Record<string, T> is expected: a dict's entry. */
function inDictLiteral(name: ts.ComputedPropertyName, checker: ts.TypeChecker): boolean {
  const literal = name.parent.parent;
  if (!ts.isPropertyAssignment(name.parent) || !ts.isObjectLiteralExpression(literal)) return false;
  const contextual = checker.getContextualType(literal);
  return !!contextual && (contextual.isUnion() ? contextual.types : [contextual]).some((t) => isDictTsType(checker, t));
}

/** The library's iterator types: compiled code has no iterator objects (for...of and spreads read them whole). */
const ITERATOR_TYPES = new Set(["Iterator", "IterableIterator", "IteratorObject", "MapIterator", "SetIterator", "ArrayIterator", "StringIterator", "RegExpStringIterator", "BuiltinIterator", "Generator"]);

/**
 * The iterator protocol (TSE1054), reported once with what to write instead: `[Symbol.iterator]`
 * (whose parts TSE1008 would otherwise report as a symbol and a computed name) and `it.next()`.
 * True when the node is reported and its children need no check.
 */
function checkIteratorProtocol(node: ts.Node, { checker, report }: RuleContext): boolean {
  const symbolIterator = (e: ts.Node) => ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Symbol" && (e.name.text === "iterator" || e.name.text === "asyncIterator");
  if ((ts.isComputedPropertyName(node) && symbolIterator(node.expression)) || (symbolIterator(node) && !ts.isComputedPropertyName(node.parent))) {
    const member = ts.isComputedPropertyName(node) ? "a user iterable (`[Symbol.iterator]()`)" : "`Symbol.iterator`";
    report(node, diag.TSE1054, formatMessage(diag.TSE1054, { what: member }), "give the class a method returning an array (`items(): T[]`) and write `for (const x of range.items())`, or loop with an index");
    return true;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "next") {
    const receiver = checker.getTypeAtLocation(node.expression.expression);
    const symbol = receiver.getSymbol() ?? receiver.aliasSymbol;
    if (symbol && ITERATOR_TYPES.has(symbol.getName()) && (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile)) {
      report(node, diag.TSE1054, formatMessage(diag.TSE1054, { what: `\`next()\` on a ${symbol.getName()}` }), CATALOGUE.TSE1054.hint);
      return true;
    }
  }
  return false;
}

function isGlobal(identifier: ts.Identifier, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(identifier);
  if (!symbol) return true;
  return (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile);
}

function checkGlobalReference(identifier: ts.Identifier, checker: ts.TypeChecker, report: RuleContext["report"]): void {
  const rule = FORBIDDEN_GLOBALS[identifier.text];
  if (!rule) return;
  // Only references, not property names (`x.eval`) or declarations of the same name.
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === identifier) return;
  if (!isGlobal(identifier, checker)) return;
  report(identifier, rule[0], rule[1], rule[2]);
}

/**
 * Where an `await` cannot become a suspension point of an async function's state machine
 * (docs/async.md), or undefined where it can: a statement `await e;`, `const v = await e;`,
 * `x = await e;` or `return await e;`, reached from the method's or module-level function's body
 * through blocks, if/else, for/while/do loops, labels and try blocks only.
 */
function awaitPlacement(node: ts.AwaitExpression): string | undefined {
  let child: ts.Node = node;
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) [child, parent] = [parent, parent.parent];
  const declaration = ts.isVariableDeclaration(parent) && parent.initializer === child ? parent.parent : undefined;
  // `x = await e;` and `this.x = await e;`: the target is evaluated after the wait, so it must not depend on it.
  const assignment = ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child && isPlainTarget(parent.left);
  if (declaration && ts.isVariableDeclarationList(declaration) && declaration.declarations.length === 1 && ts.isVariableStatement(declaration.parent)) {
    child = declaration.parent;
  } else if (ts.isExpressionStatement(parent) || ts.isReturnStatement(parent)) {
    child = parent;
  } else if (assignment && ts.isExpressionStatement(parent.parent)) {
    child = parent.parent;
  } else {
    return "inside an expression (its value must be a statement's: `const v = await e;`, `x = await e;`, `return await e;`)";
  }
  for (let up = child.parent; up; child = up, up = up.parent) {
    if (ts.isMethodDeclaration(up) || isModuleFunction(up)) return undefined;
    if (ts.isFunctionLike(up)) return "inside a nested function";
    if (ts.isBlock(up) || ts.isIfStatement(up) || ts.isLabeledStatement(up)) continue;
    if (ts.isWhileStatement(up) || ts.isDoStatement(up) || ts.isForStatement(up)) continue;
    if (ts.isTryStatement(up)) {
      if (up.tryBlock === child) continue;
      return up.finallyBlock === child ? "inside a `finally` block" : "inside a `catch` block";
    }
    if (ts.isCatchClause(up)) return "inside a `catch` block";
    if (ts.isForOfStatement(up) || ts.isForInStatement(up)) return "inside `for...of`/`for...in` (use a `for` loop with an index)";
    if (ts.isCaseClause(up) || ts.isDefaultClause(up) || ts.isCaseBlock(up) || ts.isSwitchStatement(up)) return "inside `switch` (use if/else)";
    return `inside ${ts.SyntaxKind[up.kind]}`;
  }
  return undefined;
}

/** A function declaration at the top level of its file: an async one is a state machine like an async method. */
function isModuleFunction(node: ts.Node): boolean {
  return ts.isFunctionDeclaration(node) && ts.isSourceFile(node.parent);
}

/** A variable or a field of `this`. */
function isPlainTarget(node: ts.Expression): boolean {
  return ts.isIdentifier(node) || (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword);
}
