/**
 * How `build`, `check` and `run` print diagnostics. On a terminal: colour and a code frame under
 * each one, as `tsc --pretty` does. Otherwise plain lines in the shape VS Code's `$tsc` problem
 * matcher reads (`file:line:col - error CODE: message`). With `--format json`, one JSON document.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type * as BabelCodeFrame from "@babel/code-frame";
import picocolors from "picocolors";

import { Diagnostic, displayPath, SourceSpan, sortDiagnostics } from "./diagnostics.js";

export type OutputFormat = "text" | "json";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json"];

/**
 * `--color`/`--no-color` win; then NO_COLOR (no-color.org: set and not empty) turns colour off
 * and FORCE_COLOR (not 0 or false) on; else colour when the stream is a terminal.
 */
export function colorEnabled(flag: boolean | undefined, isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY === true && env.TERM !== "dumb";
}

export interface TextOptions {
  /** Colour and code frames; plain lines without. */
  pretty: boolean;
  cwd?: string;
}

type Colors = ReturnType<typeof picocolors.createColors>;

/** Each diagnostic (sorted by place), then a summary line as tsc prints it. */
export function renderText(diagnostics: readonly Diagnostic[], options: TextOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.length === 0) return "";
  const colors = picocolors.createColors(options.pretty);
  const sources = new Map<string, string | undefined>();
  const source = (file: string): string | undefined => {
    if (!sources.has(file)) sources.set(file, readSource(file));
    return sources.get(file);
  };
  const blocks = sorted.map((d) => (options.pretty ? prettyDiagnostic(d, colors, source, cwd) : plainDiagnostic(d, cwd)));
  const separator = options.pretty ? "\n" : "";
  return `${blocks.join(separator)}${separator}${summary(sorted, cwd)}\n`;
}

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function location(d: SourceSpan, cwd: string): string {
  return `${displayPath(d.file, cwd)}:${d.line}:${d.column}`;
}

/** Related lines are indented, so a problem matcher (which wants a file at the line start) skips them. */
function plainDiagnostic(d: Diagnostic, cwd: string): string {
  const lines = [`${location(d, cwd)} - error ${d.code}: ${d.message}`];
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  for (const r of d.related ?? []) lines.push(`  related: ${location(r, cwd)} - ${r.message}`);
  return `${lines.join("\n")}\n`;
}

function prettyDiagnostic(d: Diagnostic, c: Colors, source: (file: string) => string | undefined, cwd: string): string {
  const head = `${c.cyan(displayPath(d.file, cwd))}:${c.yellow(String(d.line))}:${c.yellow(String(d.column))} - ${c.red("error")} ${c.gray(`${d.code}:`)} ${d.message}`;
  const parts = [head];
  const frame = codeFrame(d, source(d.file), c, 2);
  if (frame) parts.push("", frame);
  if (d.hint) parts.push("", `  ${c.cyan("hint:")} ${d.hint}`);
  for (const r of d.related ?? []) {
    parts.push("", `  ${c.cyan(location(r, cwd))} - ${r.message}`);
    const relatedFrame = codeFrame(r, source(r.file), c, 0);
    if (relatedFrame) parts.push(relatedFrame.replace(/^/gm, "  "));
  }
  return `${parts.join("\n")}\n`;
}

/** @babel/code-frame, loaded when a code frame is first shown: a build without errors does not load it (docs/benchmarks.md#build-speed). */
let codeFrameModule: typeof BabelCodeFrame | undefined;
const codeFrameColumns: typeof BabelCodeFrame.codeFrameColumns = (...args) => (codeFrameModule ??= createRequire(import.meta.url)("@babel/code-frame") as typeof BabelCodeFrame).codeFrameColumns(...args);

/** The lines around the place, its first line marked (a whole class would be too long to show). */
function codeFrame(d: SourceSpan, text: string | undefined, c: Colors, context: number): string | undefined {
  if (text === undefined || d.line < 1) return undefined;
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
  const lineText = lines[d.line - 1];
  if (lineText === undefined) return undefined;
  const endColumn = d.endLine === d.line && d.endColumn !== undefined ? d.endColumn : lineText.length + 1;
  const end = { line: d.line, column: Math.max(endColumn, d.column + 1) };
  const colored = c.isColorSupported;
  return codeFrameColumns(text, { start: { line: d.line, column: d.column }, end }, { highlightCode: colored, forceColor: colored, linesAbove: context, linesBelow: context });
}

/** tsc's summary: "Found 1 error in a.ts:3", "... in the same file, starting at: a.ts:3", "Found 5 errors in 2 files." */
export function summary(diagnostics: readonly Diagnostic[], cwd = process.cwd()): string {
  const count = diagnostics.length;
  const files = new Set(diagnostics.map((d) => d.file));
  const first = diagnostics[0]!;
  const at = `${displayPath(first.file, cwd)}:${first.line}`;
  if (count === 1) return `Found 1 error in ${at}`;
  if (files.size === 1) return `Found ${count} errors in the same file, starting at: ${at}`;
  return `Found ${count} errors in ${files.size} files.`;
}

/** One entry of a `--format json` report: the file given on the command line and what came of it. */
export interface EntryReport {
  entry: string;
  ok: boolean;
  errorCount: number;
  /** `check`: the file registers no filter (a helper module filters import). */
  helperModule?: boolean;
  /** `build`: the files written. */
  wrote?: string[];
  /** `build --content-name`: Envoy's dynamic_module_config.name. */
  moduleName?: string;
}

/** The `--format json` document: every diagnostic (sorted, paths as in text output) and each entry's result. */
export function renderJson(diagnostics: readonly Diagnostic[], entries: readonly EntryReport[], cwd = process.cwd()): string {
  const report = {
    diagnostics: sortDiagnostics(diagnostics).map((d) => ({
      file: displayPath(d.file, cwd),
      line: d.line,
      column: d.column,
      ...(d.endLine !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
      code: d.code,
      category: "error",
      message: d.message,
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
      related: (d.related ?? []).map((r) => ({ ...r, file: displayPath(r.file, cwd) })),
    })),
    errorCount: sortDiagnostics(diagnostics).length,
    entries,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
