/** A construct lowering cannot compile faithfully; reported as a located diagnostic. */
import { ts } from "../ts-morph.js";

import { isStackOverflow, NESTING_CODE } from "../nesting.js";
import { CATALOGUE, diag, DiagnosticCode, formatMessage } from "../diagnostics/catalogue.js";
import type { TypeError_ } from "./type-error.js";

export class LoweringError extends Error {
  /** Places that explain this error, printed with it. */
  readonly related: { node: ts.Node; message: string }[] = [];

  constructor(
    readonly node: ts.Node,
    readonly code: DiagnosticCode,
    message: string,
    readonly hint: string,
    /** A consequence of an error already reported: lowering stops here but says nothing. */
    readonly suppressed = false,
    /** Characters past the node's start where the diagnostic points. */
    readonly offset = 0,
  ) {
    super(message);
  }
}

/** Independent problems found in one pass (every config-type problem at once); reported one by one. */
export class LoweringErrors extends LoweringError {
  constructor(readonly errors: readonly LoweringError[]) {
    const first = errors[0]!;
    super(first.node, first.code, first.message, first.hint, first.suppressed, first.offset);
  }
}

/** `error` met at `use`: at the class member it names (an editor underlines that), the use related; else at the use. */
export function typeErrorAt(use: ts.Node, error: TypeError_): LoweringError {
  const lowered = new LoweringError(error.at ?? use, error.code ?? diag.TSE2002, error.message, error.hint);
  if (error.at) lowered.related.push({ node: use, message: "the class is used here" });
  return lowered;
}

/** A bug in the compiler, met while lowering `node`: still a located diagnostic, not a stack trace. */
export function internalError(node: ts.Node, error: Error): LoweringError {
  // Nesting within MAX_NESTING compiles; a stack overflow past it is still the program's depth, not a bug.
  if (isStackOverflow(error)) return new LoweringError(node, NESTING_CODE, "this is nested too deeply to compile", CATALOGUE.TSE1024.hint);
  return new LoweringError(node, diag.TSE2099, formatMessage(diag.TSE2099, { error: error.message }), CATALOGUE.TSE2099.hint);
}

export function unsupported(node: ts.Node, what: string, hint: string): never {
  throw new LoweringError(node, diag.TSE2001, formatMessage(diag.TSE2001, { what }), hint);
}

/** A readable name for a syntax kind: "ForInStatement" -> "for-in statement". */
export function describeSyntax(node: ts.Node): string {
  const special: Partial<Record<ts.SyntaxKind, string>> = {
    [ts.SyntaxKind.ForInStatement]: "`for...in`",
    [ts.SyntaxKind.SwitchStatement]: "`switch`",
    [ts.SyntaxKind.TryStatement]: "`try`/`catch`",
    [ts.SyntaxKind.ArrowFunction]: "an arrow function here",
    [ts.SyntaxKind.FunctionExpression]: "a function expression",
    [ts.SyntaxKind.TypeOfExpression]: "`typeof`",
    [ts.SyntaxKind.SpreadElement]: "spread `...`",
    [ts.SyntaxKind.RegularExpressionLiteral]: "a regular expression",
    [ts.SyntaxKind.TaggedTemplateExpression]: "a tagged template",
    [ts.SyntaxKind.ClassExpression]: "a class expression",
    [ts.SyntaxKind.NullKeyword]: "`null`",
  };
  const known = special[node.kind];
  if (known) return known;
  const words = ts.SyntaxKind[node.kind]!.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `a ${words}`;
}
