/**
 * Diagnostics shared by every stage: a code, a location, a message and a hint saying what to
 * write instead. Stages collect them; the driver decides when to stop.
 */
import path from "node:path";
import { ts } from "ts-morph";

import type { DiagnosticCode } from "./diagnostics/catalogue.js";

export interface Diagnostic {
  /** TSE1xxx: subset rules; TSE2xxx: lowering; TSE3xxx: filter registration; TSxxxx: TypeScript. */
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** `offset`: characters past the node's start (a construct inside a regular expression literal). */
export function diagnosticAt(node: ts.Node, code: DiagnosticCode, message: string, hint?: string, offset = 0): Diagnostic {
  const sourceFile = node.getSourceFile();
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile) + offset);
  return { code, file: sourceFile.fileName, line: line + 1, column: character + 1, message, hint };
}

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const file = path.isAbsolute(d.file) ? path.relative(cwd, d.file) || d.file : d.file;
  const head = `${file}:${d.line}:${d.column} - error ${d.code}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
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
