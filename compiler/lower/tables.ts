/**
 * Module-level `const` tables: arrays, objects, Sets and Maps of literals, built once when the module loads
 * (envoy_dynamic_module_on_program_init), deep-frozen and read by every stream on every worker.
 * Only literals: an initializer that could throw or observe per-stream state has no place there.
 */
import { ts } from "../ts-morph.js";

function unwrap(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}

/** `new Set(...)` or `new Map(...)`: the collection's name. */
function collectionOf(node: ts.Expression): string | undefined {
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ["Set", "Map"].includes(node.expression.text) ? node.expression.text : undefined;
}

/** Whether a module-level `const`'s initializer is a table (an array or object literal, a `new Set`/`new Map`). */
export function isModuleTable(initializer: ts.Expression): boolean {
  const node = unwrap(initializer);
  return ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node) || collectionOf(node) !== undefined;
}

/** The first part of a table's initializer that is not a literal, and what it is. */
export function tableProblem(initializer: ts.Expression): { node: ts.Node; what: string } | undefined {
  const node = unwrap(initializer);
  // A Set or Map of literals, as the table itself (one inside a table is a computed value below).
  if (collectionOf(node) && !isInsideTable(node)) {
    const args = (node as ts.NewExpression).arguments ?? [];
    if (args.length === 0) return undefined;
    const entries = unwrap(args[0]!);
    if (args.length > 1 || !ts.isArrayLiteralExpression(entries)) return { node: args[0]!, what: `a ${collectionOf(node)} built from something other than an array literal` };
    return tableProblem(entries);
  }
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return { node: element, what: "a spread or a hole" };
      const problem = tableProblem(element);
      if (problem) return problem;
    }
    return undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) return { node: property, what: "a property other than `name: literal`" };
      const problem = tableProblem(property.initializer);
      if (problem) return problem;
    }
    return undefined;
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return undefined;
  if (ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return undefined;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return undefined;
  if (collectionOf(node)) return { node, what: `a ${collectionOf(node)} inside a table (only a whole table may be a Set or Map)` };
  return { node, what: "a computed value" };
}

/** Whether `node` is part of a table's initializer rather than the initializer itself. */
function isInsideTable(node: ts.Node): boolean {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) parent = parent.parent;
  return !ts.isVariableDeclaration(parent);
}
