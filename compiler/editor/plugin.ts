/**
 * The TypeScript language-service plugin (`tsc2envoy/language-service`, enabled by the preset
 * tsconfig): adds the subset, lowering and registration diagnostics (TSE codes) of the open file
 * to the editor's semantic diagnostics, and Envoy hints to TypeScript's own. tsserver loads it
 * through language-service/index.js (CommonJS). It must never break the editor: any failure of the
 * analysis is logged to tsserver's log and the editor keeps TypeScript's diagnostics.
 */
import type { ts } from "../ts-morph.js";

import { Diagnostic, SourceSpan, UsageError } from "../diagnostics.js";
import { withEnvoyHint, withoutDuplicatesOfOurs } from "../typescript-hints.js";
import { EditorAnalysis } from "./analysis.js";

/**
 * TypeScript wants numeric codes: TSEnnnn is reported as 90000 + nnnn (TSE1009 -> 91009), clear
 * of TypeScript's own (below 20000 for errors); the message starts with the real code.
 */
export const NUMERIC_CODE_BASE = 90000;

export function numericCode(code: string): number | undefined {
  const digits = /^TSE(\d{4})$/.exec(code)?.[1];
  return digits === undefined ? undefined : NUMERIC_CODE_BASE + Number(digits);
}

/** What appears in the editor: the code, the message and the hint. */
export function editorMessage(d: Pick<Diagnostic, "code" | "message" | "hint">): string {
  return d.hint ? `${d.code}: ${d.message}\nhint: ${d.hint}` : `${d.code}: ${d.message}`;
}

const SOURCE = "tsc2envoy";

function isFilterSource(fileName: string): boolean {
  return /\.ts$/.test(fileName) && !/\.d\.ts$/.test(fileName) && !fileName.includes("/node_modules/");
}

/**
 * `typescript`: the editor's own module (for its enums, whatever its version); ours analyzes.
 * Returns a language service that answers as `info.languageService` does, plus our diagnostics.
 */
export function decorateLanguageService(info: ts.server.PluginCreateInfo, typescript: typeof ts): ts.LanguageService {
  const service = info.languageService;
  const log = (message: string) => info.project.projectService.logger.info(`[tsc2envoy] ${message}`);
  const analysis = new EditorAnalysis((fileName) => service.getProgram()?.getSourceFile(fileName)?.text);
  const proxy: ts.LanguageService = Object.create(null);
  for (const key of Object.keys(service) as (keyof ts.LanguageService)[]) {
    const method = service[key] as (...args: unknown[]) => unknown;
    (proxy as unknown as Record<string, unknown>)[key] = (...args: unknown[]) => method.apply(service, args);
  }
  proxy.getSemanticDiagnostics = (fileName) => {
    const theirs = service.getSemanticDiagnostics(fileName);
    if (!isFilterSource(fileName)) return theirs;
    try {
      const sourceFile = service.getProgram()?.getSourceFile(fileName);
      if (!sourceFile) return theirs;
      const started = performance.now();
      const ours = analysis.diagnostics(fileName).filter((d) => d.code.startsWith("TSE"));
      log(`${fileName}: ${ours.length} diagnostic(s) in ${(performance.now() - started).toFixed(1)} ms`);
      return [...withHints(theirs, ours, sourceFile, typescript), ...ours.map((d) => toTypeScript(d, sourceFile, typescript))];
    } catch (error) {
      // A file that cannot be an entry (not on disk yet) is no failure worth a stack.
      log(error instanceof UsageError ? `not checked: ${error.message}` : `analysis of ${fileName} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return theirs;
    }
  };
  return proxy;
}

/** TypeScript's diagnostics with Envoy hints in place of its advice, less those one of ours explains. */
function withHints(theirs: readonly ts.Diagnostic[], ours: Diagnostic[], sourceFile: ts.SourceFile, typescript: typeof ts): ts.Diagnostic[] {
  const asOurs = theirs.map((d): Diagnostic => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return { code: `TS${d.code}`, file: sourceFile.fileName, line: line + 1, column: character + 1, message: typescript.flattenDiagnosticMessageText(d.messageText, "\n") };
  });
  const kept = new Set(withoutDuplicatesOfOurs(asOurs, ours));
  return theirs.flatMap((d, i) => {
    const mine = asOurs[i]!;
    if (!kept.has(mine)) return [];
    const hinted = withEnvoyHint(mine);
    return hinted === mine || d.start === undefined ? [d] : [{ ...d, messageText: `${hinted.message}\nhint: ${hinted.hint}` }];
  });
}

function toTypeScript(d: Diagnostic, sourceFile: ts.SourceFile, typescript: typeof ts): ts.Diagnostic {
  // Related places in other files (a config type declared elsewhere) show only in `tsc2envoy check`.
  const related = (d.related ?? []).filter((r) => r.file === sourceFile.fileName);
  return {
    file: sourceFile,
    ...spanIn(sourceFile, d),
    messageText: editorMessage(d),
    category: typescript.DiagnosticCategory.Error,
    code: numericCode(d.code) ?? 0,
    source: SOURCE,
    ...(related.length > 0
      ? { relatedInformation: related.map((r) => ({ file: sourceFile, ...spanIn(sourceFile, r), messageText: r.message, category: typescript.DiagnosticCategory.Message, code: 0 })) }
      : {}),
  };
}

/** Our 1-based line and column (the same text the editor has) as TypeScript's offsets. */
function spanIn(sourceFile: ts.SourceFile, span: SourceSpan): { start: number; length: number } {
  const position = (line: number, column: number) => sourceFile.getPositionOfLineAndCharacter(line - 1, column - 1);
  const start = position(span.line, span.column);
  const end = span.endLine !== undefined && span.endColumn !== undefined ? position(span.endLine, span.endColumn) : start;
  return { start, length: end - start };
}
