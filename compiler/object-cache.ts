/**
 * The per-user cache of compiled runtime objects: `$TSC2ENVOY_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/tsc2envoy`, else `~/.cache/tsc2envoy`. Whatever is linked from it runs inside
 * Envoy, so it is used only when nobody else can write to it: the directory must be a real
 * directory (not a symlink) owned by the current user with no group/other access (it is created
 * 0700), and each file must be a regular file of ours that only we can write. An entry records the
 * sha256 of each object when published; objects are read into memory and checked against it before
 * they are handed out, so the bytes linked are the bytes verified. Anything that fails a check is
 * reported as a warning and the runtime is compiled privately instead.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describeFileSystemError, makeDirectories } from "./output.js";

const MANIFEST = "manifest.json";

interface Manifest {
  key: string;
  /** Object file name to the sha256 (hex) of its bytes. */
  objects: Record<string, string>;
}

export function cacheDirectory(): string {
  const explicit = process.env.TSC2ENVOY_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, "tsc2envoy");
}

export function currentUid(): number {
  return process.getuid?.() ?? os.userInfo().uid;
}

const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

/** Why `stat` (of something in the cache) is not safe to trust, or undefined. */
export function untrusted(stat: fs.Stats, kind: "directory" | "file"): string | undefined {
  if (stat.isSymbolicLink()) return "it is a symbolic link";
  if (kind === "directory" ? !stat.isDirectory() : !stat.isFile()) return `it is not a ${kind === "directory" ? "directory" : "regular file"}`;
  if (stat.uid !== currentUid()) return `it is owned by uid ${stat.uid}, not by you (uid ${currentUid()})`;
  const forbidden = kind === "directory" ? 0o077 : 0o022;
  if ((stat.mode & forbidden) !== 0) return `its mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")} gives other users access`;
  return undefined;
}

/** Reads a cache file through one descriptor (no symlink followed) and checks what was opened. */
function readTrusted(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    const problem = untrusted(fs.fstatSync(fd), "file");
    if (problem) throw new Error(`${path.basename(file)}: ${problem}`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * How often an entry's mtime is brought up to date when it is used: the pruning (cache-prune.ts)
 * removes what was not used for weeks, so a day's precision is enough, and a warm build does not
 * write to the cache for each entry it reads.
 */
export const USE_REFRESH_MS = 24 * 60 * 60 * 1000;

/** Calls `touch` when the entry `stat` describes was last marked used more than a day ago; a failure is ignored. */
export function refreshUse(stat: fs.Stats, touch: () => void): void {
  if (Date.now() - stat.mtimeMs < USE_REFRESH_MS) return;
  try {
    touch();
  } catch {
    // Marking an entry used is a hint to the pruning: at worst it is compiled again later.
  }
}

/** An entry's name: the hex key both the runtime's and the regex cache's entries have. */
export const ENTRY_NAME = /^[0-9a-f]{32}$/;
/** An entry being published (publish's mkdtemp) or removed (cache-prune.ts), left behind if its process died. */
export const LEFTOVER_NAME = /^\.(?:staging|pruning)-[0-9a-f]{32}-[A-Za-z0-9]{6}$/;

/** What a cache holds, for its warnings; the runtime's objects by default. */
export interface CacheUse {
  /** What is compiled when an entry cannot be used or saved ("the runtime"). */
  subject: string;
  /** A subdirectory of the build cache holding these entries (a dot name, as `.code-cache`). */
  subdirectory?: string;
  /** Say nothing when the cache is refused: another user of it (the runtime's) says why. */
  quietRefusal?: boolean;
}

const RUNTIME: CacheUse = { subject: "the runtime" };

export class ObjectCache {
  private constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
    private readonly use: CacheUse,
  ) {}

  /** The cache, or undefined (with a warning saying why and what to do) when it is not safe to use. */
  static open(warn: (message: string) => void, use: CacheUse = RUNTIME): ObjectCache | undefined {
    const base = cacheDirectory();
    const refuse = (reason: string, fix: string) => {
      if (!use.quietRefusal) warn(`not using the build cache ${base}: ${reason}; compiling ${use.subject} in a private directory instead (${fix})`);
      return undefined;
    };
    const dirs = use.subdirectory ? [base, path.join(base, use.subdirectory)] : [base];
    for (const dir of dirs) {
      try {
        if (dir === base) makeDirectories(path.dirname(base), 0o700);
        fs.mkdirSync(dir, { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          return refuse(`it cannot be created: ${describeFileSystemError(error)}`, "set TSC2ENVOY_CACHE_DIR to a directory you can write to");
        }
      }
      const problem = untrusted(fs.lstatSync(dir), "directory");
      if (problem) {
        const fix = problem.startsWith("its mode") ? `chmod 700 ${dir}` : "remove it, or set TSC2ENVOY_CACHE_DIR to a directory of your own";
        return refuse(dir === base ? problem : `${path.basename(dir)}: ${problem}`, fix);
      }
    }
    return new ObjectCache(dirs[dirs.length - 1]!, warn, use);
  }

  /**
   * The verified objects of entry `key`, or undefined when there is no such entry or it fails
   * verification (then it is removed, with a warning).
   */
  lookup(key: string, names: readonly string[]): Map<string, Buffer> | undefined {
    const entry = path.join(this.dir, key);
    try {
      const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
      if (!stat) return undefined;
      const problem = untrusted(stat, "directory");
      if (problem) throw new Error(problem);
      refreshUse(stat, () => fs.lutimesSync(entry, new Date(), new Date()));
      const manifest = JSON.parse(readTrusted(path.join(entry, MANIFEST)).toString("utf8")) as Manifest;
      if (manifest.key !== key) throw new Error(`${MANIFEST} is for another entry`);
      const objects = new Map<string, Buffer>();
      for (const name of names) {
        const expected = manifest.objects?.[name];
        if (typeof expected !== "string") throw new Error(`${MANIFEST} does not list ${name}`);
        const bytes = readTrusted(path.join(entry, name));
        if (sha256(bytes) !== expected) throw new Error(`${name}: sha256 mismatch`);
        objects.set(name, bytes);
      }
      return objects;
    } catch (error) {
      // Pruned (cache-prune.ts renames an entry away whole) or replaced while we read it: a miss.
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && !fs.existsSync(entry)) return undefined;
      this.discard(key, error instanceof SyntaxError ? `${MANIFEST} is not valid JSON` : describeFileSystemError(error));
      return undefined;
    }
  }

  /** Removes entry `key`, which failed a check (its user's own, after lookup's), with a warning. */
  discard(key: string, reason: string): void {
    const entry = path.join(this.dir, key);
    this.warn(`the build cache entry ${entry} failed verification (${reason}); recompiling ${this.use.subject}`);
    fs.rmSync(entry, { recursive: true, force: true });
  }

  /** Publishes `objects` as entry `key` atomically (parallel builds may race for the same entry). */
  publish(key: string, objects: ReadonlyMap<string, Uint8Array>): void {
    let staging: string | undefined;
    try {
      staging = fs.mkdtempSync(path.join(this.dir, `.staging-${key}-`));
      const manifest: Manifest = { key, objects: {} };
      for (const [name, bytes] of objects) {
        fs.writeFileSync(path.join(staging, name), bytes, { mode: 0o600 });
        manifest.objects[name] = sha256(bytes);
      }
      fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest), { mode: 0o600 });
      fs.renameSync(staging, path.join(this.dir, key));
      staging = undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another build published the entry first: theirs is as good as ours.
      if (code !== "ENOTEMPTY" && code !== "EEXIST") this.warn(`could not save ${this.use.subject} to the build cache ${this.dir}: ${describeFileSystemError(error)}`);
    } finally {
      if (staging) fs.rmSync(staging, { recursive: true, force: true });
    }
  }
}
