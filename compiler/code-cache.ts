/**
 * V8's code cache for the large CommonJS packages the compiler loads (ts-morph and the 9 MB
 * TypeScript it bundles, refa): a build starts from their compiled bytecode instead of parsing
 * and compiling them again, about 200 ms of CPU a build (docs/benchmarks.md#build-speed). Node 20
 * has no `module.enableCompileCache` (22 has).
 *
 * Our own hook rather than v8-compile-cache(-lib): that library saves the cache when a module is
 * compiled, which holds only the functions V8 compiles eagerly (measured: half the gain), and keeps
 * it in the shared temporary directory by default. Here the cache is written when the process
 * exits, with every function the run compiled, and lives in the verified per-user build cache
 * (object-cache.ts): bytecode another user could plant would run as the user. A cache that is
 * missing, rejected by V8 (another Node or V8 flags) or not trusted is just not used.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

import { cacheDirectory, ObjectCache, refreshUse, untrusted } from "./object-cache.js";

/** Smaller files are not worth a cache file: they compile in well under a millisecond. */
const MIN_SOURCE_LENGTH = 100_000;

/** The code cache's directory inside the build cache (a dot name, as the cache's staging directories). */
export const CODE_CACHE_SUBDIRECTORY = ".code-cache";
/** A cache file's name (cacheFile), and one being written (writeCaches), left behind if its process died. */
export const CODE_CACHE_FILE = /^[0-9a-f]{32}\.v8$/;
export const CODE_CACHE_LEFTOVER = /^[0-9a-f]{32}\.v8\.\d+\.tmp$/;

interface Header {
  /** The source file and what identifies its version (a reinstall writes a new file). */
  source: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** The Node (and so V8) that wrote it; V8 also rejects another version's data itself. */
  node: string;
}

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;

/** The cache file for `source`: one per source path, replaced when the source or Node changes. */
function cacheFile(dir: string, source: string): string {
  return path.join(dir, `${crypto.createHash("sha256").update(source).digest("hex").slice(0, 32)}.v8`);
}

function headerOf(source: string): Header {
  const stat = fs.statSync(source);
  return { source, size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, node: process.version };
}

/** The cached data for `header`'s source, or undefined: no file, another version, or a file not only ours. */
function readCache(file: string, header: Header): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (untrusted(stat, "file")) return undefined;
    const bytes = fs.readFileSync(fd);
    const newline = bytes.indexOf(10);
    if (newline < 0 || bytes.subarray(0, newline).toString("utf8") !== JSON.stringify(header)) return undefined;
    refreshUse(stat, () => fs.futimesSync(fd, new Date(), new Date()));
    return bytes.subarray(newline + 1);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The code cache directory if it exists or can be made, and only we can write to it and to the build cache. */
function trustedDirectory(): string | undefined {
  try {
    // The build cache's own checks, silent: a code cache that cannot be written is just not written.
    return ObjectCache.open(() => undefined, { subject: "the code cache", subdirectory: CODE_CACHE_SUBDIRECTORY, quietRefusal: true })?.dir;
  } catch {
    return undefined;
  }
}

/** Writes the cache files atomically (a concurrent build reads a whole file or none). */
function writeCaches(pending: { header: Header; script: vm.Script }[]): void {
  const dir = trustedDirectory();
  if (!dir) return;
  for (const { header, script } of pending) {
    const file = cacheFile(dir, header.source);
    const staging = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(staging, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), script.createCachedData()]), { mode: 0o600 });
      fs.renameSync(staging, file);
    } catch {
      fs.rmSync(staging, { force: true });
    }
  }
}

/**
 * Serves large CommonJS modules loaded from now on from the code cache, and writes the cache of
 * those it missed when the process exits. For the CLI: call it before ts-morph is loaded.
 */
export function installCodeCache(): void {
  const moduleProto = Module.prototype as unknown as { _compile: Compile };
  const original = moduleProto._compile;
  const dir = path.join(cacheDirectory(), CODE_CACHE_SUBDIRECTORY);
  const pending: { header: Header; script: vm.Script }[] = [];
  // import() inside the module as Node's own CommonJS loader has it (vm.constants: Node 20.12 on).
  const dynamicImport = (vm.constants as typeof vm.constants | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  moduleProto._compile = function (this: Module, content: string, filename: string, format?: string) {
    // ES modules and TypeScript that newer Nodes' require() loads go their own way.
    if (content.length < MIN_SOURCE_LENGTH || (format !== undefined && format !== "commonjs")) return original.call(this, content, filename, format);
    let script: vm.Script;
    let header: Header;
    let cachedData: Buffer | undefined;
    try {
      header = headerOf(filename);
      cachedData = readCache(cacheFile(dir, filename), header);
      script = new vm.Script(Module.wrap(content), { filename, cachedData, ...(dynamicImport !== undefined ? { importModuleDynamically: dynamicImport } : {}) });
    } catch {
      return original.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected) pending.push({ header, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  process.once("exit", () => {
    if (pending.length > 0) writeCaches(pending);
  });
}
