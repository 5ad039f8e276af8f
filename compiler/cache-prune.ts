/**
 * Keeps the build cache (object-cache.ts, regex-cache.ts, code-cache.ts) from growing without
 * bound, as ccache's or npm's cache do (docs/cli.md#the-build-cache).
 *
 * Policy: an entry not used for MAX_AGE_MS is removed, and each kind keeps at most its cap, the
 * least recently used removed first. "Used" is the entry's mtime, which a lookup brings up to date
 * at most once a day (object-cache.ts refreshUse), so entries of an older compiler, runtime or
 * Node, whose keys nothing asks for any more, age out on their own; the caps bound a month of
 * heavy pattern editing. Age rather than size alone: a size cap would need every entry's size on
 * each run, and an entry a user still builds with is never the one removed.
 *
 * When: at most once a PRUNE_INTERVAL_MS, recorded by the stamp file's mtime, after a command's
 * output is written; a warm build pays one lstat of the stamp. Safe against builds running at the
 * same time: an entry is renamed away whole before it is deleted, and a lookup treats an entry
 * that vanished as a miss. Only names matching a kind's own entry pattern, owned by us and of the
 * right type (never a symbolic link), inside a directory passing the cache's checks, are removed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { CODE_CACHE_FILE, CODE_CACHE_LEFTOVER, CODE_CACHE_SUBDIRECTORY } from "./code-cache.js";
import { cacheDirectory, currentUid, ENTRY_NAME, LEFTOVER_NAME, untrusted } from "./object-cache.js";
import { REGEX_CACHE_SUBDIRECTORY } from "./regex-cache.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** An entry not used for this long is removed. */
export const MAX_AGE_MS = 30 * DAY_MS;
/** How often a command prunes. */
export const PRUNE_INTERVAL_MS = DAY_MS;
/** A publish (or a prune) takes milliseconds: a staging directory this old belongs to a process that died. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
/** The stamp file, in the build cache: its mtime is when pruning last ran. */
export const PRUNE_STAMP = ".last-prune";

export interface CacheKind {
  /** What one entry is, for `tsc2envoy cache`'s report (plural: with an s). */
  noun: string;
  subdirectory?: string;
  entry: RegExp;
  leftover: RegExp;
  /** Entries are directories (published by ObjectCache), else regular files. */
  directories: boolean;
  /** At most this many are kept, the least recently used removed first. */
  maxEntries: number;
}

export const CACHE_KINDS: readonly CacheKind[] = [
  // One per compiler, flags, target and Envoy release: a few in use at a time.
  { noun: "runtime build", entry: ENTRY_NAME, leftover: LEFTOVER_NAME, directories: true, maxEntries: 32 },
  // A few KB each: a project's patterns, and a month of edits to them.
  { noun: "regular expression", subdirectory: REGEX_CACHE_SUBDIRECTORY, entry: ENTRY_NAME, leftover: LEFTOVER_NAME, directories: true, maxEntries: 2000 },
  // One per package file of each installed compiler (npx in several projects: several).
  { noun: "code cache file", subdirectory: CODE_CACHE_SUBDIRECTORY, entry: CODE_CACHE_FILE, leftover: CODE_CACHE_LEFTOVER, directories: false, maxEntries: 64 },
];

/** `dir` if it exists and passes the build cache's checks (a real directory, ours, private), else undefined. */
function trustedDirectory(dir: string): string | undefined {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  return stat && !untrusted(stat, "directory") ? dir : undefined;
}

/** The kind's directory inside a trusted build cache, or undefined. */
function kindDirectory(kind: CacheKind): string | undefined {
  const base = trustedDirectory(cacheDirectory());
  if (!base || !kind.subdirectory) return base;
  return trustedDirectory(path.join(base, kind.subdirectory));
}

interface Found {
  name: string;
  mtimeMs: number;
  leftover: boolean;
}

/** The kind's entries and leftovers in `dir`: our own names, owned by us, of the right type; anything else is left alone. */
function ownEntries(dir: string, kind: CacheKind): Found[] {
  const found: Found[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    // Removed by hand meanwhile: nothing of ours is left there.
    return found;
  }
  for (const name of names) {
    const leftover = kind.leftover.test(name);
    if (!leftover && !kind.entry.test(name)) continue;
    const stat = fs.lstatSync(path.join(dir, name), { throwIfNoEntry: false });
    // Gone (another build pruned it), a symbolic link, or not what we create here: not ours to remove.
    if (!stat || stat.uid !== currentUid() || !(kind.directories ? stat.isDirectory() : stat.isFile())) continue;
    found.push({ name, mtimeMs: stat.mtimeMs, leftover });
  }
  return found;
}

/** Removes one entry; false when it could not be (already gone counts as removed by someone). */
function removeEntry(dir: string, found: Found, kind: CacheKind): boolean {
  const target = path.join(dir, found.name);
  try {
    if (!kind.directories) {
      fs.unlinkSync(target);
      return true;
    }
    let doomed = target;
    if (!found.leftover) {
      // Renamed away first, so that a concurrent lookup sees the whole entry or none of it.
      doomed = path.join(dir, `.pruning-${found.name}-${crypto.randomBytes(3).toString("hex")}`);
      fs.renameSync(target, doomed);
    }
    // rm does not follow symbolic links inside the directory: it removes the links.
    fs.rmSync(doomed, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

export interface PruneResult {
  removed: number;
  kept: number;
}

/** Prunes one kind now: entries past MAX_AGE_MS or beyond the cap (`all`: every entry), and dead leftovers. */
function pruneKind(kind: CacheKind, now: number, all: boolean): PruneResult {
  const dir = kindDirectory(kind);
  if (!dir) return { removed: 0, kept: 0 };
  const found = ownEntries(dir, kind);
  const entries = found.filter((f) => !f.leftover).sort((a, b) => b.mtimeMs - a.mtimeMs);
  const doomed = [
    ...entries.filter((f, i) => all || i >= kind.maxEntries || now - f.mtimeMs > MAX_AGE_MS),
    // Even with `all`: a young one may be a build publishing right now.
    ...found.filter((f) => f.leftover && now - f.mtimeMs > LEFTOVER_AGE_MS),
  ];
  let removed = 0;
  for (const f of doomed) if (removeEntry(dir, f, kind) && !f.leftover) removed++;
  return { removed, kept: entries.length - removed };
}

/** Prunes every kind now (`all`: removes every entry); what was removed and kept, by kind. */
export function pruneBuildCache(options: { all?: boolean; now?: number } = {}): Map<CacheKind, PruneResult> {
  const now = options.now ?? Date.now();
  return new Map(CACHE_KINDS.map((kind) => [kind, pruneKind(kind, now, options.all ?? false)]));
}

/**
 * Prunes the build cache when it was last pruned PRUNE_INTERVAL_MS ago or more (or never); for
 * commands to call after their output is written. Never fails: a cache it cannot prune is left as it is.
 */
export function pruneBuildCacheIfDue(now = Date.now()): void {
  try {
    const base = trustedDirectory(cacheDirectory());
    if (!base) return;
    const stampPath = path.join(base, PRUNE_STAMP);
    const stamp = fs.lstatSync(stampPath, { throwIfNoEntry: false });
    // A stamp in the future (a clock set back) would stop pruning for good: it counts as due.
    if (stamp?.isFile() && Math.abs(now - stamp.mtimeMs) < PRUNE_INTERVAL_MS) return;
    // Claimed first, so that builds starting meanwhile do not prune too; no symlink followed.
    const fd = fs.openSync(stampPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
    try {
      fs.futimesSync(fd, now / 1000, now / 1000);
    } finally {
      fs.closeSync(fd);
    }
    pruneBuildCache({ now });
  } catch {
    // Pruning is housekeeping: the next due command tries again.
  }
}

/** Each kind's entries and their total size, for `tsc2envoy cache`. */
export function describeBuildCache(): { kind: CacheKind; entries: number; bytes: number }[] {
  return CACHE_KINDS.map((kind) => {
    const dir = kindDirectory(kind);
    if (!dir) return { kind, entries: 0, bytes: 0 };
    const entries = ownEntries(dir, kind).filter((f) => !f.leftover);
    let bytes = 0;
    for (const { name } of entries) {
      const entry = path.join(dir, name);
      try {
        const files = kind.directories ? fs.readdirSync(entry).map((file) => path.join(entry, file)) : [entry];
        for (const file of files) bytes += fs.lstatSync(file, { throwIfNoEntry: false })?.size ?? 0;
      } catch {
        // Pruned by another command meanwhile.
      }
    }
    return { kind, entries: entries.length, bytes };
  });
}
