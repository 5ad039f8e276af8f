/**
 * Module-level `const` tables: arrays and objects of literals, built once when the module loads
 * (envoy_dynamic_module_on_program_init), deep-frozen and read by every stream on every worker.
 * Only literals: an initializer that could throw or observe per-stream state has no place there.
 */
import { ts } from "ts-morph";

function unwrap(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}

/** Whether a module-level `const`'s initializer is a table (an array or object literal). */
export function isModuleTable(initializer: ts.Expression): boolean {
  const node = unwrap(initializer);
  return ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node);
}

/** The first part of a table's initializer that is not a literal, and what it is. */
export function tableProblem(initializer: ts.Expression): { node: ts.Node; what: string } | undefined {
  const node = unwrap(initializer);
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
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ["Set", "Map"].includes(node.expression.text)) {
    return { node, what: `a ${node.expression.text} (not supported in tables yet)` };
  }
  return { node, what: "a computed value" };
}
