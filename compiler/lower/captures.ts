/**
 * Which variables closures capture, and which of those must live in heap cells: JavaScript
 * closures capture variables, not values, so a captured variable that is assigned after the
 * closure is created must be shared through a cell. Variables never assigned again are copied.
 */
import { ts } from "../ts-morph.js";

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node);
}

/** The function (or source file) whose scope declares `declaration`. */
export function owningFunction(declaration: ts.Node): ts.Node {
  let node = declaration.parent;
  // A function declaration's name belongs to the enclosing scope, not to the function itself.
  while (node && !isFunctionLike(node) && !ts.isSourceFile(node)) node = node.parent;
  return node;
}

function isBindingIdentifier(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name === node) ||
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node)
  );
}

/** The local variables of enclosing functions that `fn` refers to, in first-use order; and whether it uses `this`. */
export function freeVariables(fn: ts.Node, checker: ts.TypeChecker): { symbols: ts.Symbol[]; usesThis: boolean } {
  const symbols: ts.Symbol[] = [];
  let usesThis = false;
  const visit = (node: ts.Node, crossedOwnThis: boolean): void => {
    if (node.kind === ts.SyntaxKind.ThisKeyword && !crossedOwnThis) usesThis = true;
    if (ts.isIdentifier(node) && !isBindingIdentifier(node)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) symbol = checker.getShorthandAssignmentValueSymbol(node.parent);
      const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (symbol && declaration && !declaration.getSourceFile().isDeclarationFile && isLocalDeclaration(declaration)) {
        const owner = owningFunction(declaration);
        if (!ts.isSourceFile(owner) && !contains(fn, owner) && owner !== fn && !symbols.includes(symbol)) symbols.push(symbol);
      }
    }
    // Non-arrow functions have their own `this`.
    const ownThis = crossedOwnThis || (node !== fn && isFunctionLike(node) && !ts.isArrowFunction(node));
    ts.forEachChild(node, (child) => visit(child, ownThis));
  };
  ts.forEachChild(fn, (child) => visit(child, false));
  return { symbols, usesThis };
}

function isLocalDeclaration(declaration: ts.Node): boolean {
  return ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isBindingElement(declaration) || ts.isFunctionDeclaration(declaration) || ts.isCatchClause(declaration.parent ?? declaration);
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** The `let`/`const` declaration binding `declaration` (a name or a destructuring element), if any. */
function variableDeclarationOf(declaration: ts.Node): ts.VariableDeclaration | undefined {
  let node: ts.Node = declaration;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) node = node.parent;
  return ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent) && !ts.isForOfStatement(node.parent.parent) && !ts.isForInStatement(node.parent.parent) ? node : undefined;
}

/** Where a closure is created: a function declaration at the start of its block (hoisting), others in place. */
function creationPoint(closure: ts.Node): number {
  return ts.isFunctionDeclaration(closure) ? closure.parent.pos : closure.pos;
}

export interface CellAnalysis {
  /** Variables of the function that live in heap cells. */
  cells: Set<ts.Symbol>;
  /**
   * Cells captured by a closure created before their declaration runs (its own initializer, an
   * earlier arrow function, a hoisted function): declared at the start of their block and, until
   * the declaration, in JavaScript's temporal dead zone.
   */
  earlyBound: Set<ts.Symbol>;
}

/** Variables declared by `fn` itself that need heap cells. */
export function cellVariables(fn: ts.Node, checker: ts.TypeChecker): CellAnalysis {
  const captured = new Set<ts.Symbol>();
  const capturedByHoisted = new Set<ts.Symbol>();
  const earlyBound = new Set<ts.Symbol>();
  const assigned = new Set<ts.Symbol>();
  const symbolOf = (node: ts.Node) => checker.getSymbolAtLocation(node);

  const visit = (node: ts.Node): void => {
    if (node !== fn && isFunctionLike(node)) {
      for (const symbol of freeVariables(node, checker).symbols) {
        const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
        if (declaration && owningFunction(declaration) === fn) {
          captured.add(symbol);
          // Captured before it is bound: by a hoisted function, or inside its own initializer.
          if (ts.isFunctionDeclaration(node) || contains(declaration, node)) capturedByHoisted.add(symbol);
          const variable = variableDeclarationOf(declaration);
          if (variable && creationPoint(node) < variable.end) earlyBound.add(symbol);
        }
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      markAssigned(node.left);
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      markAssigned(node.operand);
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      markAssigned(node.initializer as ts.Expression);
    }
    ts.forEachChild(node, visit);
  };
  const markAssigned = (target: ts.Expression): void => {
    if (ts.isParenthesizedExpression(target)) return markAssigned(target.expression);
    if (ts.isIdentifier(target)) {
      const symbol = symbolOf(target);
      if (symbol) assigned.add(symbol);
    } else if (ts.isArrayLiteralExpression(target)) {
      target.elements.forEach((e) => markAssigned(ts.isSpreadElement(e) ? e.expression : e));
    } else if (ts.isObjectLiteralExpression(target)) {
      for (const p of target.properties) {
        if (ts.isShorthandPropertyAssignment(p)) markAssigned(p.name);
        else if (ts.isPropertyAssignment(p)) markAssigned(p.initializer);
      }
    }
  };
  ts.forEachChild(fn, visit);

  const cells = new Set<ts.Symbol>();
  for (const symbol of captured) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    // Hoisted function declarations capture before later bindings exist; their own names are
    // bound after the closure is made (recursion).
    if (assigned.has(symbol) || capturedByHoisted.has(symbol) || earlyBound.has(symbol) || (declaration && ts.isFunctionDeclaration(declaration))) cells.add(symbol);
  }
  return { cells, earlyBound };
}

/** Whether `node` (a function body) contains a try statement outside nested functions. */
export function containsTry(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || (child !== node && isFunctionLike(child))) return;
    if (ts.isTryStatement(child)) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** The outermost function-like node around `node` (itself if at the top): narrowings flow into nested closures. */
export function outermostFunction(node: ts.Node): ts.Node {
  let outermost = node;
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) if (isFunctionLike(n)) outermost = n;
  return outermost;
}

const predicateCache = new WeakMap<ts.Node, boolean>();

/** Whether `node` calls a function with a type predicate (`x is T` or `asserts x is T`), which narrows without proof. */
export function callsTypePredicate(node: ts.Node, checker: ts.TypeChecker): boolean {
  const cached = predicateCache.get(node);
  if (cached !== undefined) return cached;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(child)) {
      const signature = checker.getResolvedSignature(child);
      const declaration = signature?.getDeclaration();
      // The library's predicates (Array.isArray) check what they claim; the program's only claim it.
      if (signature && declaration && !declaration.getSourceFile().isDeclarationFile && checker.getTypePredicateOfSignature(signature)) found = true;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  predicateCache.set(node, found);
  return found;
}
