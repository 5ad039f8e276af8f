/**
 * What several lowering concerns share and no single one owns.
 */
import { ts } from "ts-morph";

import { booleanType, Expr, numberType, stringType } from "../ir/index.js";

/** The Error constructors, in the order the runtime numbers them (error.new, error.instanceof). */
export const ERROR_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);

/** A number, string or boolean literal (a negated number too): the constant module-level `const`s and static fields hold. */
export function literalConstant(node: ts.Expression | undefined): Expr | undefined {
  if (!node) return undefined;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return literalConstant(node.expression);
  if (ts.isNumericLiteral(node)) return { kind: "number", value: Number(node.text), type: numberType };
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", value: node.text, type: stringType };
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: "boolean", value: true, type: booleanType };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: "boolean", value: false, type: booleanType };
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const inner = literalConstant(node.operand);
    if (inner?.kind === "number") return { kind: "number", value: -inner.value, type: numberType };
  }
  return undefined;
}
