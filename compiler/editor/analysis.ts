/**
 * What the editor plugin runs: `tsc2envoy check` of one open file, on the text the editor has
 * (unsaved edits included). A ts-morph project is kept per open file between edits, so an edit
 * re-parses the changed file and re-checks the program instead of building it anew (docs/editor.md
 * has the numbers). The analysis uses the compiler's own TypeScript (ts-morph's), never the
 * editor's, whose syntax kinds may differ by version.
 */
import fs from "node:fs";
import type { Project, SourceFile } from "../ts-morph.js";

import { checkModule } from "../driver.js";
import type { Diagnostic } from "../diagnostics.js";
import { newFilterProject } from "../frontend.js";
import { memoryRegexStore } from "../regex-cache.js";

/** The text the editor has for a file; undefined when it has none (then the disk is read). */
export type ReadText = (fileName: string) => string | undefined;

/** Open files whose projects are kept (about 8 MB each); the least recently checked is dropped first. */
const MAX_PROJECTS = 4;

/** The module name given to `check`: the file name need not be one (`my.filter.ts`). */
const EDITOR_MODULE_NAME = "editor";

export class EditorAnalysis {
  private readonly projects = new Map<string, Project>();
  /** Compiled regular expressions, for every file and edit: an unchanged pattern is not compiled again. */
  private readonly regexStore = memoryRegexStore();

  constructor(private readonly readText: ReadText) {}

  /** `tsc2envoy check`'s diagnostics (TypeScript's and ours) located in `fileName`. */
  diagnostics(fileName: string): Diagnostic[] {
    const project = this.projectFor(fileName);
    const { diagnostics } = checkModule(fileName, { name: EDITOR_MODULE_NAME, regexStore: this.regexStore }, project);
    return diagnostics.filter((d) => d.file === fileName);
  }

  private projectFor(entry: string): Project {
    let project = this.projects.get(entry);
    this.projects.delete(entry);
    // The library and API declarations never change under the editor: checking them again per edit is most of the time.
    project ??= newFilterProject({ skipLibCheck: true });
    this.projects.set(entry, project);
    for (const stale of [...this.projects.keys()].slice(0, Math.max(0, this.projects.size - MAX_PROJECTS))) this.projects.delete(stale);
    this.refresh(project, entry);
    return project;
  }

  /** The project's files as the editor has them now: the entry, what it imports, nothing else. */
  private refresh(project: Project, entry: string): void {
    this.update(project, entry);
    for (const file of ownFiles(project)) this.update(project, file.getFilePath());
    const before = new Set(project.getSourceFiles());
    project.resolveSourceFileDependencies();
    // Files just imported were read from disk; the editor may have them open with other text.
    for (const file of ownFiles(project)) if (!before.has(file)) this.update(project, file.getFilePath());
    const entryFile = project.getSourceFile(entry);
    if (!entryFile) return;
    const reached = reachable(entryFile);
    for (const file of project.getSourceFiles()) if (!reached.has(file)) project.removeSourceFile(file);
  }

  private update(project: Project, fileName: string): void {
    const text = this.readText(fileName) ?? readDisk(fileName);
    const existing = project.getSourceFile(fileName);
    if (text === undefined) {
      if (existing) project.removeSourceFile(existing);
    } else if (existing?.getFullText() !== text) {
      project.createSourceFile(fileName, text, { overwrite: true });
    }
  }
}

/** The user's files: not in node_modules, not declarations (tsc2envoy.d.ts does not change). */
function ownFiles(project: Project): SourceFile[] {
  return project.getSourceFiles().filter((f) => !f.isDeclarationFile() && !f.isInNodeModules());
}

/** The entry and every file it imports, directly or not (an import the user deleted drops its file). */
function reachable(entry: SourceFile): Set<SourceFile> {
  const seen = new Set<SourceFile>();
  const pending = [entry];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...file.getReferencedSourceFiles());
  }
  return seen;
}

function readDisk(fileName: string): string | undefined {
  try {
    return fs.readFileSync(fileName, "utf8");
  } catch {
    return undefined;
  }
}
