/**
 * The build cache stays bounded (compiler/cache-prune.ts): entries not used for 30 days, and the
 * least recently used beyond a kind's cap, are removed at most once a day (a stamp file); what is
 * used is marked so at most once a day; nothing but the cache's own entries is ever removed (not
 * a foreign file, not a symbolic link or what it points to); an entry pruned while a build reads
 * it is a miss, not a warning; `tsc2envoy cache` reports, prunes and clears it by hand.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { CACHE_KINDS, MAX_AGE_MS, PRUNE_STAMP, pruneBuildCacheIfDue } from "../../compiler/cache-prune.js";
import { ObjectCache } from "../../compiler/object-cache.js";
import { runCli } from "../helpers/cli.js";
import { scratchDir } from "../helpers/paths.js";

const root = scratchDir("cache-prune");
const savedCacheDir = process.env.TSC2ENVOY_CACHE_DIR;
const DAY = 24 * 60 * 60 * 1000;
const hex = (n: number) => n.toString(16).padStart(32, "0");

let cache: string;
let count = 0;
/** A private cache directory for each test, the one compiler/ reads through TSC2ENVOY_CACHE_DIR. */
beforeEach(() => {
  cache = path.join(root, `cache-${count++}`);
  fs.mkdirSync(cache, { mode: 0o700 });
  process.env.TSC2ENVOY_CACHE_DIR = cache;
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  if (savedCacheDir === undefined) delete process.env.TSC2ENVOY_CACHE_DIR;
  else process.env.TSC2ENVOY_CACHE_DIR = savedCacheDir;
  fs.rmSync(root, { recursive: true, force: true });
});

/** Sets `file`'s mtime `daysAgo` days back (a symbolic link's own, not its target's). */
function age(file: string, daysAgo: number): void {
  const when = new Date(Date.now() - daysAgo * DAY);
  fs.lutimesSync(file, when, when);
}

/** An entry as ObjectCache publishes it, last used `daysAgo` days ago. */
function publish(subdirectory: string | undefined, key: string, daysAgo: number): string {
  const store = ObjectCache.open(() => undefined, { subject: "a test entry", subdirectory })!;
  store.publish(key, new Map([["object.o", Buffer.from(key)]]));
  const entry = path.join(store.dir, key);
  age(entry, daysAgo);
  return entry;
}

/** A code cache file, last used `daysAgo` days ago. */
function codeCacheFile(name: string, daysAgo: number): string {
  const dir = path.join(cache, ".code-cache");
  fs.mkdirSync(dir, { mode: 0o700, recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "{}\n", { mode: 0o600 });
  age(file, daysAgo);
  return file;
}

const exists = (file: string) => fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;

describe("pruning the build cache", () => {
  it("removes entries of every kind not used for 30 days and keeps recent ones", () => {
    const oldRuntime = publish(undefined, hex(1), 31);
    const recentRuntime = publish(undefined, hex(2), 29);
    const oldRegex = publish(".regex-cache", hex(3), 400);
    const recentRegex = publish(".regex-cache", hex(4), 0);
    const oldCode = codeCacheFile(`${hex(5)}.v8`, 45);
    const recentCode = codeCacheFile(`${hex(6)}.v8`, 1);
    pruneBuildCacheIfDue();
    expect([oldRuntime, oldRegex, oldCode].filter(exists)).toEqual([]);
    expect([recentRuntime, recentRegex, recentCode].filter(exists)).toEqual([recentRuntime, recentRegex, recentCode]);
    // Nothing left half-removed.
    expect(fs.readdirSync(cache).sort()).toEqual([".code-cache", PRUNE_STAMP, ".regex-cache", hex(2)].sort());
    expect(fs.statSync(path.join(cache, PRUNE_STAMP)).mode & 0o777).toBe(0o600);
  });

  it("removes nothing it did not create: other names, symbolic links and what they point to stay", () => {
    const outside = scratchDir("cache-prune-outside");
    fs.writeFileSync(path.join(outside, "precious"), "mine");
    age(outside, 90);
    const foreign = [path.join(cache, "notes.txt"), path.join(cache, ".regex-cache-backup"), path.join(cache, hex(7).toUpperCase())];
    for (const file of foreign) fs.writeFileSync(file, "not the cache's");
    // A name the cache uses, but a symbolic link, and a file where an entry directory belongs.
    const link = path.join(cache, hex(8));
    fs.symlinkSync(outside, link);
    const misplaced = path.join(cache, hex(9));
    fs.writeFileSync(misplaced, "a file, not an entry");
    for (const file of [...foreign, link, misplaced]) age(file, 90);
    pruneBuildCacheIfDue();
    expect([...foreign, link, misplaced].filter(exists)).toEqual([...foreign, link, misplaced]);
    expect(fs.readFileSync(path.join(outside, "precious"), "utf8")).toBe("mine");
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("removes what a build that died left half-published only once it is an hour old", () => {
    const staleStaging = path.join(cache, `.staging-${hex(10)}-AbC123`);
    const liveStaging = path.join(cache, `.staging-${hex(11)}-XyZ789`);
    const stalePruning = path.join(cache, ".regex-cache", `.pruning-${hex(12)}-a1b2c3`);
    const staleCode = codeCacheFile(`${hex(13)}.v8.4242.tmp`, 1);
    for (const dir of [staleStaging, liveStaging, stalePruning]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const dir of [staleStaging, stalePruning]) age(dir, 1);
    pruneBuildCacheIfDue();
    expect([staleStaging, stalePruning, staleCode].filter(exists)).toEqual([]);
    expect(exists(liveStaging)).toBe(true);
  });

  it("keeps at most each kind's cap, removing the least recently used first", () => {
    const runtime = CACHE_KINDS.find((kind) => kind.subdirectory === undefined)!;
    const entries = Array.from({ length: runtime.maxEntries + 3 }, (_, i) => publish(undefined, hex(100 + i), i * 0.5));
    pruneBuildCacheIfDue();
    expect(entries.filter(exists)).toEqual(entries.slice(0, runtime.maxEntries));
  });

  it("runs at most once a day: the stamp records when it last ran", () => {
    pruneBuildCacheIfDue();
    const stamp = path.join(cache, PRUNE_STAMP);
    expect(exists(stamp)).toBe(true);
    const old = publish(undefined, hex(20), 60);
    pruneBuildCacheIfDue();
    expect(exists(old)).toBe(true);
    age(stamp, 0.9);
    pruneBuildCacheIfDue();
    expect(exists(old)).toBe(true);
    age(stamp, 1.1);
    pruneBuildCacheIfDue();
    expect(exists(old)).toBe(false);
    expect(Date.now() - fs.statSync(stamp).mtimeMs).toBeLessThan(60_000);
    // A stamp from the future (a clock set back) does not stop it for good.
    const older = publish(undefined, hex(21), 60);
    age(stamp, -3);
    pruneBuildCacheIfDue();
    expect(exists(older)).toBe(false);
  });

  it("leaves a cache it would not use alone: group-writable, or a symbolic link", () => {
    const old = publish(undefined, hex(30), 60);
    fs.chmodSync(cache, 0o770);
    pruneBuildCacheIfDue();
    expect(exists(old)).toBe(true);
    expect(exists(path.join(cache, PRUNE_STAMP))).toBe(false);
    fs.chmodSync(cache, 0o700);
    const link = path.join(root, `link-${count}`);
    fs.symlinkSync(cache, link);
    process.env.TSC2ENVOY_CACHE_DIR = link;
    pruneBuildCacheIfDue();
    expect(exists(old)).toBe(true);
  });

  it("a lookup marks an entry used at most once a day", () => {
    const store = ObjectCache.open(() => undefined)!;
    const stale = publish(undefined, hex(40), 10);
    const fresh = publish(undefined, hex(41), 0.5);
    const freshMtime = fs.statSync(fresh).mtimeMs;
    expect(store.lookup(hex(40), ["object.o"])).toBeDefined();
    expect(store.lookup(hex(41), ["object.o"])).toBeDefined();
    expect(Date.now() - fs.statSync(stale).mtimeMs).toBeLessThan(60_000);
    expect(fs.statSync(fresh).mtimeMs).toBe(freshMtime);
    // So a used entry outlives the age limit.
    age(stale, MAX_AGE_MS / DAY + 5);
    store.lookup(hex(40), ["object.o"]);
    pruneBuildCacheIfDue();
    expect(exists(stale)).toBe(true);
  });

  it("an entry pruned while a lookup reads it is a miss, not a verification failure", () => {
    const warnings: string[] = [];
    const store = ObjectCache.open((message) => warnings.push(message))!;
    const entry = publish(undefined, hex(50), 0);
    // Another build renames the entry away (as pruning does) between the lookup's manifest and its object.
    const openSync = fs.openSync;
    vi.spyOn(fs, "openSync").mockImplementation((file, ...rest) => {
      if (String(file).endsWith("object.o") && exists(entry)) fs.renameSync(entry, path.join(cache, `.pruning-${hex(50)}-aaaaaa`));
      return openSync(file, ...(rest as [fs.OpenMode]));
    });
    expect(store.lookup(hex(50), ["object.o"])).toBeUndefined();
    expect(warnings).toEqual([]);
    vi.restoreAllMocks();
    // The control: an entry that is there but incomplete still fails verification, with a warning.
    const broken = publish(undefined, hex(51), 0);
    fs.rmSync(path.join(broken, "object.o"));
    expect(store.lookup(hex(51), ["object.o"])).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("failed verification");
  });
});

describe("tsc2envoy cache", () => {
  it("reports what the cache holds, prunes it now with --prune and empties it with --clear", async () => {
    publish(undefined, hex(60), 40);
    publish(undefined, hex(61), 0);
    publish(".regex-cache", hex(62), 0);
    codeCacheFile(`${hex(63)}.v8`, 0);
    fs.writeFileSync(path.join(cache, "notes.txt"), "mine");
    const env = { TSC2ENVOY_CACHE_DIR: cache };
    const report = await runCli(["cache"], env);
    expect(report.exitCode).toBe(0);
    expect(report.stdout).toBe(`the build cache ${cache} holds 2 runtime builds (1 KB), 1 regular expression (1 KB), 1 code cache file (1 KB)`);
    // The CLI loads the compiler's packages, so its run also wrote their code cache (a few files).
    const pruned = await runCli(["cache", "--prune"], env);
    expect(pruned.stdout).toMatch(new RegExp(`^removed 1 entry\nthe build cache ${cache.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} holds 1 runtime build \\(1 KB\\), 1 regular expression \\(1 KB\\), \\d+ code cache files \\([\\d.]+ MB\\)$`));
    const cleared = await runCli(["cache", "--clear"], env);
    expect(cleared.stdout).toMatch(/^removed \d+ entries\n/);
    expect(cleared.stdout).toMatch(/holds 0 runtime builds \(0 KB\), 0 regular expressions \(0 KB\), 0 code cache files \(0 KB\)$/);
    expect(fs.readFileSync(path.join(cache, "notes.txt"), "utf8")).toBe("mine");
    expect((await runCli(["cache", "--prune", "--clear"], env)).exitCode).toBe(2);
  });

  it("refuses a cache other users can write to, removing nothing", async () => {
    const entry = publish(undefined, hex(70), 0);
    fs.chmodSync(cache, 0o777);
    const result = await runCli(["cache", "--clear"], { TSC2ENVOY_CACHE_DIR: cache });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`tsc2envoy: the build cache ${cache} is not used by builds (its mode 0777 gives other users access), so it was left as it is`);
    expect(exists(entry)).toBe(true);
  });

  it("check prunes when due, after its output, and marks the code cache it read as used", async () => {
    const old = publish(".regex-cache", hex(80), 40);
    const env = { TSC2ENVOY_CACHE_DIR: cache };
    // The first run writes the code cache; the second reads it.
    expect((await runCli(["check", "examples/passthrough.ts"], env)).exitCode).toBe(0);
    expect(exists(old)).toBe(false);
    const codeCache = path.join(cache, ".code-cache");
    const files = fs.readdirSync(codeCache).map((name) => path.join(codeCache, name));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) age(file, 3);
    expect((await runCli(["check", "examples/passthrough.ts"], env)).exitCode).toBe(0);
    expect(files.filter((file) => Date.now() - fs.statSync(file).mtimeMs > DAY)).toEqual([]);
  });
});
