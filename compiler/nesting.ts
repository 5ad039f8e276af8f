/**
 * How deeply a filter may nest. TypeScript's parser and checker and every stage after them recurse
 * along the syntax tree, and the C compiler bounds bracket nesting (clang: 256, braces and
 * parentheses together), so a program nested past MAX_NESTING levels gets a located diagnostic
 * (TSE1024) before anything recurses into it, instead of a stack overflow or C that does not
 * compile. Links of a chain (`a + b + c`, `a && b && c`, `c ? x : d ? y : z`, `else if`) weigh
 * less than a level: they are compiled without nesting, so long chains stay within the limit.
 * Walks iteratively: the tree being measured may be arbitrarily deep.
 */
import { ts } from "./ts-morph.js";

import { Diagnostic, diagnosticAt } from "./diagnostics.js";
import { CATALOGUE, diag, formatMessage } from "./diagnostics/catalogue.js";

export const MAX_NESTING = 128;

export const NESTING_CODE = diag.TSE1024;

const HINT = CATALOGUE.TSE1024.hint;

/** Weight of a chain link whose operator TypeScript checks without recursion (arithmetic, comparison, string concatenation, comma): 1000-term sums compile. */
const FLAT_LINK = 1 / 10;
/** Weight of other chain links (TypeScript's binder and parser recurse along `&&`/`||`/`??` and else-if chains, and along chained conditionals). */
const RECURSIVE_LINK = 1 / 4;

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isLogical(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** How much deeper `child` is than `parent`. */
function weight(parent: ts.Node, child: ts.Node): number {
  if (ts.isBinaryExpression(parent) && child === parent.left && ts.isBinaryExpression(child) && !isAssignment(parent.operatorToken.kind)) {
    return isLogical(parent.operatorToken.kind) ? RECURSIVE_LINK : FLAT_LINK;
  }
  if (ts.isConditionalExpression(parent) && child === parent.whenFalse && ts.isConditionalExpression(child)) return FLAT_LINK;
  if (ts.isIfStatement(parent) && child === parent.elseStatement && ts.isIfStatement(child)) return RECURSIVE_LINK;
  // A try with catch and finally is four levels of braces in C.
  if (ts.isTryStatement(child)) return 2;
  return 1;
}

function tooDeep(node: ts.Node, depth: number): Diagnostic {
  return diagnosticAt(node, NESTING_CODE, formatMessage(NESTING_CODE, { depth: Math.ceil(depth), max: MAX_NESTING }), HINT);
}

/** The first node of each file nested past MAX_NESTING, as diagnostics. */
export function checkNesting(files: readonly ts.SourceFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const found = deepest(file, MAX_NESTING);
    if (found) diagnostics.push(tooDeep(found.node, found.depth));
  }
  return diagnostics;
}

/** The first node (in tree order) deeper than `limit`, else the deepest node. */
function deepest(file: ts.SourceFile, limit: number): { node: ts.Node; depth: number } | undefined {
  const stack: { node: ts.Node; depth: number }[] = [{ node: file, depth: 0 }];
  let best: { node: ts.Node; depth: number } | undefined;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limit) return { node, depth };
    if (!best || depth > best.depth) best = { node, depth };
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + weight(node, children[i]!) });
  }
  return limit === Infinity ? best : undefined;
}

/** Whether `error` is the JavaScript engine's stack overflow. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * For a stack overflow inside TypeScript on files it did parse: the deepest place in them.
 * `files` may be empty when the parser itself overflowed; then `fallbackFile` is scanned.
 */
export function overflowDiagnostic(files: readonly ts.SourceFile[], fallbackFile: { fileName: string; text: string }): Diagnostic {
  let best: { node: ts.Node; depth: number } | undefined;
  for (const file of files) {
    const found = deepest(file, Infinity);
    if (found && (!best || found.depth > best.depth)) best = found;
  }
  if (best) return tooDeep(best.node, best.depth);
  // Not even parsed: the place with the most brackets open is the best guess at where.
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, fallbackFile.text);
  let depth = 0;
  let deepestDepth = -1;
  let position = 0;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.OpenParenToken || token === ts.SyntaxKind.OpenBracketToken || token === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (token === ts.SyntaxKind.CloseParenToken || token === ts.SyntaxKind.CloseBracketToken || token === ts.SyntaxKind.CloseBraceToken) depth--;
    if (depth > deepestDepth) {
      deepestDepth = depth;
      position = scanner.getTokenStart();
    }
  }
  const before = fallbackFile.text.slice(0, position).split("\n");
  return {
    code: NESTING_CODE,
    file: fallbackFile.fileName,
    line: before.length,
    column: before[before.length - 1]!.length + 1,
    message: `this is nested too deeply for TypeScript's parser; tsc2envoy compiles at most ${MAX_NESTING} levels of nesting`,
    hint: HINT,
  };
}
