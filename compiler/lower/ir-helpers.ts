/**
 * What several lowering concerns share and no single one owns.
 */
import { ts } from "../ts-morph.js";

import { diag } from "../diagnostics/catalogue.js";
import { booleanType, Expr, IrType, isHeapType, numberType, representation, stringType } from "../ir/index.js";
import { LoweringError } from "./errors.js";

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

/** A placeholder for `let x: T;` declared without a value (TypeScript guarantees assignment before use). */
export function zeroValue(type: IrType, node: ts.Node): Expr {
  switch (representation(type)) {
    case "f64":
      return { kind: "number", value: 0, type };
    case "bool":
      return { kind: "boolean", value: false, type };
    case "unit":
      return { kind: "undefined", type };
    default:
      if (isHeapType(type) || type.kind === "union") return { kind: "runtime", op: "unset", args: [], type };
      throw new LoweringError(node, diag.TSE2001, "this declaration without a value is not supported", "initialize it where it is declared");
  }
}

/** Whether a function or method is `async` (its calls are awaited: lower/awaits.ts). */
export function isAsyncDeclaration(declaration: ts.Node | undefined): boolean {
  return !!declaration && ts.canHaveModifiers(declaration) && (ts.getModifiers(declaration) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** Calls of async functions lowered as what an `await` waits for (lower/awaits.ts); any other call of one is TSE1070. */
export const awaitedCalls = new WeakSet<ts.CallExpression>();
