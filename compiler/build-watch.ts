/**
 * `tsc2envoy build --watch`: builds the entries, then rebuilds an entry when any file of its program
 * changes. Each entry keeps its ts-morph project between builds (TypeScript's lib files stay parsed,
 * unchanged files are not parsed again), the C compiler is found once, and the runtime objects
 * (cc.ts) and compiled regular expressions (regex-cache.ts) stay in memory, so a rebuild is the
 * edited files' parse, the type check, lowering and one C file compiled and linked (docs/cli.md#watch, docs/benchmarks.md#build-speed).
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import chokidar from "chokidar";
import type { Project } from "./ts-morph.js";

import { findToolchain } from "./cc.js";
import { CompileError, Diagnostic, UsageError } from "./diagnostics.js";
import { build, BuildOptions, BuildResult, withBuildCacheRegexes } from "./driver.js";
import { newFilterProject } from "./frontend.js";
import { packageRoot } from "./paths.js";

export interface WatchReporter {
  /** An entry built: `rebuildMs` is set for rebuilds (from the change seen to the files written). */
  built(entry: string, result: BuildResult, rebuildMs?: number): void;
  /** An entry has errors; its last good module stays where it was. */
  failed(entry: string, diagnostics: Diagnostic[]): void;
  /** A line of progress (what changed, that it is watching). */
  say(message: string): void;
}

/** How long a burst of file events (an editor's save: write, rename, chmod) is gathered into one rebuild. */
const SETTLE_MS = 20;

/** The files of a project the user edits: not TypeScript's lib files, our declarations or packages. */
function watchedFiles(project: Project): string[] {
  return project
    .getSourceFiles()
    .map((file) => file.getFilePath() as string)
    .filter((file) => !file.startsWith(`${packageRoot}${path.sep}`) && !file.split(/[\\/]/).includes("node_modules") && !/(^|[\\/])lib\.[\w.]*d\.ts$/.test(file));
}

/** Builds every entry, then watches; resolves (after closing the watcher) when `stop` is signalled. */
export async function watchBuilds(entries: string[], givenOptions: BuildOptions, reporter: WatchReporter, stop: Promise<void>): Promise<void> {
  // One regex store for every build: a rebuild takes unchanged patterns from memory.
  const options = withBuildCacheRegexes(givenOptions);
  const toolchain = await findToolchain(options.cc, options.target);
  const projects = new Map(entries.map((entry) => [entry, newFilterProject()]));

  const buildEntry = async (entry: string, since?: number) => {
    try {
      const result = await build(entry, options, toolchain, projects.get(entry));
      reporter.built(entry, result, since === undefined ? undefined : performance.now() - since);
    } catch (error) {
      // An output that cannot be written, say, is reported and waits for the next change.
      if (error instanceof UsageError && since !== undefined) return reporter.say(error.message);
      if (!(error instanceof CompileError)) throw error;
      reporter.failed(entry, error.diagnostics);
    }
  };
  for (const entry of entries) await buildEntry(entry);
  // A bug of ours in a rebuild stops the watch and is thrown to the CLI (exit code 3).
  let fatal!: (error: unknown) => void;
  const failed = new Promise<never>((_resolve, reject) => (fatal = reject));

  const watched = () => new Set([...projects.values()].flatMap(watchedFiles));
  let files = watched();
  const watcher = chokidar.watch([...files], { ignoreInitial: true });
  const changed = new Set<string>();
  let firstSeen = 0;
  let timer: NodeJS.Timeout | undefined;
  let rebuilding = Promise.resolve();
  const rebuild = async () => {
    const paths = [...changed];
    const since = firstSeen;
    changed.clear();
    reporter.say(`${paths.map((file) => path.relative(process.cwd(), file) || file).join(", ")} changed: rebuilding`);
    for (const [entry, project] of projects) {
      const touched = paths.filter((file) => project.getSourceFile(file) !== undefined);
      if (touched.length === 0) continue;
      // A deleted file leaves the project; the build then reports the import that named it.
      for (const file of touched) project.getSourceFile(file)?.refreshFromFileSystemSync();
      await buildEntry(entry, since);
    }
    const next = watched();
    watcher.add([...next].filter((file) => !files.has(file)));
    watcher.unwatch([...files].filter((file) => !next.has(file)));
    files = next;
  };
  watcher.on("all", (_event, file) => {
    if (changed.size === 0) firstSeen = performance.now();
    changed.add(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(() => (rebuilding = rebuilding.then(rebuild).catch(fatal)), SETTLE_MS);
  });
  await new Promise<void>((resolve) => watcher.once("ready", resolve));
  reporter.say("watching the filters' files for changes (Ctrl-C stops)");
  try {
    await Promise.race([stop, failed]);
  } finally {
    clearTimeout(timer);
    await watcher.close();
  }
  await rebuilding;
}
