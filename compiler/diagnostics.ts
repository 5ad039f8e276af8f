/**
 * Diagnostics shared by every stage: a code, a location, a message and a hint saying what to
 * write instead. Stages collect them; the driver decides when to stop.
 */
import path from "node:path";
import { ts } from "./ts-morph.js";

import type { DiagnosticCode } from "./diagnostics/catalogue.js";

/** A place in a source file; columns are 1-based. */
export interface SourceSpan {
  file: string;
  line: number;
  column: number;
  /** Just past the last character (exclusive), when known. */
  endLine?: number;
  endColumn?: number;
}

/** A place that explains a diagnostic (where a name is declared, the config parameter, ...). */
export interface RelatedLocation extends SourceSpan {
  message: string;
}

export interface Diagnostic extends SourceSpan {
  /** TSE1xxx: subset rules; TSE2xxx: lowering; TSE3xxx: filter registration; TSxxxx: TypeScript. */
  code: string;
  message: string;
  hint?: string;
  related?: RelatedLocation[];
}

/** `start`/`end`: character offsets in `sourceFile`; the end is omitted when unknown. */
export function spanOf(sourceFile: ts.SourceFile, start: number, end?: number): SourceSpan {
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const span: SourceSpan = { file: sourceFile.fileName, line: from.line + 1, column: from.character + 1 };
  if (end === undefined || end <= start) return span;
  const to = sourceFile.getLineAndCharacterOfPosition(end);
  return { ...span, endLine: to.line + 1, endColumn: to.character + 1 };
}

/** `offset`: characters past the node's start (a construct inside a regular expression literal). */
export function diagnosticAt(node: ts.Node, code: DiagnosticCode, message: string, hint?: string, offset = 0): Diagnostic {
  const sourceFile = node.getSourceFile();
  const start = node.getStart(sourceFile);
  // Inside a literal only the start is known; the node's end would mark the whole literal.
  const span = spanOf(sourceFile, start + offset, offset === 0 ? node.getEnd() : undefined);
  return { code, ...span, message, ...(hint !== undefined ? { hint } : {}) };
}

export function relatedAt(node: ts.Node, message: string): RelatedLocation {
  const sourceFile = node.getSourceFile();
  return { ...spanOf(sourceFile, node.getStart(sourceFile), node.getEnd()), message };
}

/** The file as printed: relative to `cwd`, as tsc prints it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  return path.isAbsolute(file) ? path.relative(cwd, file) || file : file;
}

/** One line per diagnostic, in the shape VS Code's `$tsc` problem matcher reads, then the hint. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const head = `${displayPath(d.file, cwd)}:${d.line}:${d.column} - error ${d.code}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By file, line and column, TypeScript's and ours interleaved; exact repeats (a helper shared by two entries) once. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.code, b.code));
}

/** Thrown by a stage that cannot continue; carries everything found so far. */
export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
    this.name = "CompileError";
  }
}

/** An invocation problem (bad option, missing file, no C compiler): exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
