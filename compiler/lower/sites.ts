/**
 * Sites: the source line each operation's errors and failures are reported at. An operation gets
 * the line V8 reports for the same operation in a stack frame (so the reference host, which reads
 * it from the stack, agrees): a call at the name it calls (`xs.push` at `push`), an assignment at
 * the name it assigns, anything else where it starts. Lowering tags what it creates for a node with that
 * node's site, innermost node first.
 */
import { ts } from "../ts-morph.js";

import type { Site } from "../ir/index.js";

/** The token V8 places an operation of `node` at. */
function siteToken(node: ts.Node): ts.Node {
  if (ts.isCallExpression(node)) {
    let callee: ts.Expression = node.expression;
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    return ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    // V8 places it at the operator; source maps of the transpiled JavaScript, at the target's name
    // just before it: that is the line both hosts can agree on.
    let target: ts.Expression = node.left;
    while (ts.isParenthesizedExpression(target) || ts.isNonNullExpression(target)) target = target.expression;
    return ts.isPropertyAccessExpression(target) ? target.name : ts.isElementAccessExpression(target) ? target.argumentExpression : target;
  }
  return node;
}

export function siteAt(node: ts.Node, file: string): Site {
  const source = node.getSourceFile();
  return { file, line: source.getLineAndCharacterOfPosition(siteToken(node).getStart(source)).line + 1 };
}

/** Keys of IR objects that hold no expressions or statements of the function being lowered. */
const NOT_CODE = new Set(["type", "layout", "local", "fn", "field", "literals", "element", "member", "renew", "catchLocal", "site"]);

/**
 * Gives every expression (and loop) in `code` that has no site yet `site`. `seen` holds what was
 * tagged before: everything below it is tagged too, so each object is visited once.
 */
export function tagSites(code: unknown, site: Site, seen: WeakSet<object>): void {
  if (!code || typeof code !== "object" || seen.has(code)) return;
  seen.add(code);
  if (Array.isArray(code)) {
    for (const item of code) tagSites(item, site, seen);
    return;
  }
  const node = code as { kind?: string; type?: unknown; site?: Site; cName?: string };
  if (node.cName !== undefined) return; // an IrFunction (a direct call's callee)
  if (node.site === undefined && node.kind !== undefined && (node.type !== undefined || node.kind === "loop" || node.kind === "forOf" || node.kind === "forOfCollection")) node.site = site;
  for (const [key, child] of Object.entries(code)) if (!NOT_CODE.has(key)) tagSites(child, site, seen);
}

/** Where a function's entry reports: its first statement (or expression body), else its body. */
export function functionSite(body: ts.ConciseBody, file: string): Site {
  const first = ts.isBlock(body) ? (body.statements[0] ?? body) : body;
  return siteAt(first, file);
}

/** A declaration's extent, 0-based [line, column] at both ends. */
export function spanOf(node: ts.Node, file: string): { file: string; start: [number, number]; end: [number, number] } {
  const source = node.getSourceFile();
  const at = (position: number): [number, number] => {
    const { line, character } = source.getLineAndCharacterOfPosition(position);
    return [line, character];
  };
  return { file, start: at(node.getStart(source)), end: at(node.end) };
}
