/**
 * Stage 1, frontend: loads the filter's entry file and everything it imports into a ts-morph
 * project with strict options, and reports TypeScript's own errors.
 */
import fs from "node:fs";
import path from "node:path";
import { Project, ts } from "./ts-morph.js";

import { Diagnostic, RelatedLocation, spanOf } from "./diagnostics.js";
import { checkNesting, isStackOverflow, overflowDiagnostic } from "./nesting.js";
import { apiDeclarationsPath, filterTsconfigPath } from "./paths.js";
import { withEnvoyHint } from "./typescript-hints.js";

/**
 * The options filters are checked with: strict, and no DOM or Node globals (neither exists in
 * Envoy). Read from the preset users' tsconfig.json extends, so editors and the compiler agree.
 */
export const filterCompilerOptions: ts.CompilerOptions = (() => {
  const preset = JSON.parse(fs.readFileSync(filterTsconfigPath, "utf8")) as { compilerOptions: unknown };
  const { options, errors } = ts.convertCompilerOptionsFromJson(preset.compilerOptions, path.dirname(filterTsconfigPath));
  if (errors.length > 0) throw new Error(`${filterTsconfigPath}: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, "\n")}`);
  return { ...options, paths: { tsc2envoy: [apiDeclarationsPath] } };
})();

export interface FilterProgram {
  project: Project;
  program: ts.Program;
  checker: ts.TypeChecker;
  entry: ts.SourceFile;
  /** The filter's own files (entry first), not library or API declarations. */
  userFiles: ts.SourceFile[];
}

/** An empty project with the filter options (`extra`: the editor's); the editor plugin keeps one per open file between edits. */
export function newFilterProject(extra: ts.CompilerOptions = {}): Project {
  // TypeScript's own lib files are not checked (their errors could only be TypeScript's): a third of
  // a build's type-checking time (docs/benchmarks.md#build-speed). Ours (tsc2envoy.d.ts) still are.
  return new Project({ compilerOptions: { ...filterCompilerOptions, skipDefaultLibCheck: true, ...extra }, skipAddingFilesFromTsConfig: true });
}

/**
 * `filterProgram` is absent when the program cannot be analyzed at all: nested past what the
 * compiler handles (checked before TypeScript's binder and checker recurse into it).
 * `project`: one that already holds the entry's current text (the editor's unsaved buffer).
 */
export function loadFilterProgram(entryPath: string, project = newFilterProject()): { filterProgram?: FilterProgram; diagnostics: Diagnostic[] } {
  let program: ts.Program;
  let entry: ts.SourceFile | undefined;
  try {
    const entryFile = project.getSourceFile(path.resolve(entryPath)) ?? project.addSourceFileAtPath(path.resolve(entryPath));
    project.resolveSourceFileDependencies();
    program = project.getProgram().compilerObject;
    entry = program.getSourceFile(entryFile.getFilePath());
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    const parsed = project.getSourceFiles().map((f) => f.compilerNode);
    return { diagnostics: [overflowDiagnostic(parsed, { fileName: path.resolve(entryPath), text: fs.readFileSync(entryPath, "utf8") })] };
  }
  if (!entry) throw new Error(`frontend: ${entryPath} missing from its own program`);
  const userFiles = [
    entry,
    ...program
      .getSourceFiles()
      .filter((f) => f !== entry && !program.isSourceFileDefaultLibrary(f) && !f.isDeclarationFile)
      .filter((f) => !isInNodeModules(f.fileName)),
  ];
  const nesting = checkNesting(userFiles);
  if (nesting.length > 0) return { diagnostics: nesting };
  try {
    const checker = program.getTypeChecker();
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      // A rejected npm import is reported once, at the import (TSE1010), not from the package's files.
      .filter((d) => !d.file || d.file === entry || !isInNodeModules(d.file.fileName))
      .map((d) => withEnvoyHint(toDiagnostic(d)));
    return { filterProgram: { project, program, checker, entry, userFiles }, diagnostics };
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return { diagnostics: [overflowDiagnostic(userFiles, { fileName: entry.fileName, text: entry.text })] };
  }
}

function isInNodeModules(fileName: string): boolean {
  return fileName.includes("/node_modules/");
}

function toDiagnostic(d: ts.Diagnostic): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return { code: `TS${d.code}`, file: "<options>", line: 0, column: 0, message };
  const related = (d.relatedInformation ?? []).filter((r) => r.file && r.start !== undefined).map(toRelated);
  return { code: `TS${d.code}`, ...spanOf(d.file, d.start, d.start + (d.length ?? 0)), message, ...(related.length > 0 ? { related } : {}) };
}

function toRelated(r: ts.DiagnosticRelatedInformation): RelatedLocation {
  return { ...spanOf(r.file!, r.start!, r.start! + (r.length ?? 0)), message: ts.flattenDiagnosticMessageText(r.messageText, "\n") };
}
