/**
 * The runtime object cache is private and verified: an object another user could have planted
 * (a runtime object with a constructor added, which would run inside Envoy) is never linked. The
 * cache lives under the user's cache home, is created 0700, is refused when it is a symlink, owned
 * by someone else or open to other users, and each object is checked against the sha256 recorded
 * when it was published.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

import { runCli } from "../helpers/cli.js";
import { scratchDir } from "../helpers/paths.js";

const marker = "tsc2envoy-test-planted-object";
const root = scratchDir("build-cache");
/** A fresh directory under this file's scratch root (removed with it). */
const fresh = (prefix: string) => fs.mkdtempSync(path.join(root, `${prefix}-`));
const isRoot = process.getuid?.() === 0;

/** Builds passthrough into a fresh directory; returns the CLI's result and the module's bytes. */
async function build(env: Record<string, string | undefined>) {
  const out = fresh("cache-out");
  const result = await runCli(["build", "examples/passthrough.ts", "-o", out], env);
  expect(result.exitCode).toBe(0);
  return { stderr: result.stderr, so: fs.readFileSync(path.join(out, "libpassthrough.so")) };
}

/** The one entry a build published in `cacheDir`. */
function entryOf(cacheDir: string): string {
  const entries = fs.readdirSync(cacheDir).filter((name) => !name.startsWith("."));
  expect(entries).toHaveLength(1);
  return path.join(cacheDir, entries[0]!);
}

/** What an attacker would do: add a constructor to a cached runtime object (it stays linkable). */
async function plantConstructor(entry: string): Promise<void> {
  const work = fresh("plant");
  fs.writeFileSync(path.join(work, "planted.c"), `#include <stdio.h>\n__attribute__((constructor)) static void planted(void) { puts("${marker}"); }\n`);
  await execa("cc", ["-c", "-fPIC", "-o", "planted.o", "planted.c"], { cwd: work });
  fs.copyFileSync(path.join(entry, "arena.o"), path.join(work, "arena.o"));
  await execa("ld", ["-r", "-o", "combined.o", "arena.o", "planted.o"], { cwd: work });
  fs.copyFileSync(path.join(work, "combined.o"), path.join(entry, "arena.o"));
}

/** ... and, having write access to the entry, record the planted object's hash too. */
function forgeManifest(entry: string): void {
  const manifestPath = path.join(entry, "manifest.json");
  const objects: Record<string, string> = {};
  for (const name of fs.readdirSync(entry).filter((n) => n.endsWith(".o"))) {
    objects[name] = crypto.createHash("sha256").update(fs.readFileSync(path.join(entry, name))).digest("hex");
  }
  const key = path.basename(entry);
  fs.writeFileSync(manifestPath, JSON.stringify({ key, objects }));
}

const linked = (so: Buffer) => so.includes(Buffer.from(marker));

/** A populated cache whose arena.o has a planted constructor, the manifest forged to match. */
async function plantedCache(cacheDir: string): Promise<void> {
  await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
  const entry = entryOf(cacheDir);
  await plantConstructor(entry);
  forgeManifest(entry);
  // The test's check is sound: a build that trusts this cache does link the planted object.
  expect(fs.readFileSync(path.join(entry, "arena.o")).includes(Buffer.from(marker))).toBe(true);
}

describe("the build cache", () => {
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("is not the shared temporary directory: an entry planted in $TMPDIR/tsc2envoy-cache-<uid> is not linked", async () => {
    const tmp = fresh("tmpdir");
    fs.chmodSync(tmp, 0o1777);
    const planted = path.join(tmp, `tsc2envoy-cache-${process.getuid!()}`);
    await plantedCache(planted);
    if (isRoot) fs.chownSync(planted, 65534, 65534);
    fs.chmodSync(planted, 0o777);
    const xdg = fresh("xdg");
    const { so } = await build({ TMPDIR: tmp, TSC2ENVOY_CACHE_DIR: undefined, XDG_CACHE_HOME: xdg });
    expect(linked(so)).toBe(false);
  });

  it.runIf(isRoot)("refuses a directory another user owns, even with a matching manifest", async () => {
    const cacheDir = path.join(fresh("cache"), "objects");
    await plantedCache(cacheDir);
    fs.chownSync(cacheDir, 65534, 65534);
    const { stderr, so } = await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
    expect(stderr).toBe(
      `tsc2envoy: warning: not using the build cache ${cacheDir}: it is owned by uid 65534, not by you (uid 0); ` +
        "compiling the runtime in a private directory instead (remove it, or set TSC2ENVOY_CACHE_DIR to a directory of your own)",
    );
    expect(linked(so)).toBe(false);
  });

  it("refuses a directory other users can write to", async () => {
    const cacheDir = path.join(fresh("cache"), "objects");
    await plantedCache(cacheDir);
    fs.chmodSync(cacheDir, 0o777);
    const { stderr, so } = await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
    expect(stderr).toContain(`not using the build cache ${cacheDir}: its mode 0777 gives other users access`);
    expect(stderr).toContain(`(chmod 700 ${cacheDir})`);
    expect(linked(so)).toBe(false);
  });

  it("refuses a symbolic link", async () => {
    const scratch = fresh("cache");
    const real = path.join(scratch, "real");
    await plantedCache(real);
    const link = path.join(scratch, "link");
    fs.symlinkSync(real, link);
    const { stderr, so } = await build({ TSC2ENVOY_CACHE_DIR: link });
    expect(stderr).toContain(`not using the build cache ${link}: it is a symbolic link`);
    expect(linked(so)).toBe(false);
  });

  it("detects a tampered object by its hash, does not link it, and replaces the entry", async () => {
    const cacheDir = path.join(fresh("cache"), "objects");
    const clean = await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
    const entry = entryOf(cacheDir);
    await plantConstructor(entry);
    const { stderr, so } = await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
    expect(stderr).toBe(`tsc2envoy: warning: the build cache entry ${entry} failed verification (arena.o: sha256 mismatch); recompiling the runtime`);
    expect(linked(so)).toBe(false);
    expect(so.equals(clean.so)).toBe(true);
    const again = await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
    expect(again.stderr).toBe("");
    expect(again.so.equals(clean.so)).toBe(true);
  });

  it("holds the compiler's code cache, used when only we can write it and replaced when others could", async () => {
    const cacheDir = path.join(fresh("cache"), "objects");
    await build({ TSC2ENVOY_CACHE_DIR: cacheDir });
    const codeCache = path.join(cacheDir, ".code-cache");
    expect(fs.statSync(codeCache).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(codeCache).map((name) => path.join(codeCache, name));
    // ts-morph, its bundled TypeScript and ts-morph-common, refa: the packages over 100 KB.
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.every((file) => (fs.statSync(file).mode & 0o777) === 0o600)).toBe(true);
    const inodes = () => files.map((file) => fs.statSync(file).ino);
    const written = inodes();
    expect((await build({ TSC2ENVOY_CACHE_DIR: cacheDir })).stderr).toBe("");
    // Read and accepted, so not written again.
    expect(inodes()).toEqual(written);
    for (const file of files) fs.chmodSync(file, 0o666);
    expect((await build({ TSC2ENVOY_CACHE_DIR: cacheDir })).stderr).toBe("");
    // Not read (another user could have written it): compiled afresh and replaced by a private file.
    expect(inodes().filter((inode, i) => inode === written[i])).toEqual([]);
    expect(files.every((file) => (fs.statSync(file).mode & 0o777) === 0o600)).toBe(true);
  });

  it("warm says so when it cannot use the cache (exit 2), rather than compile into a private directory", async () => {
    const cacheDir = path.join(fresh("cache"), "objects");
    fs.mkdirSync(cacheDir, { mode: 0o700 });
    fs.chmodSync(cacheDir, 0o777);
    const result = await runCli(["warm"], { TSC2ENVOY_CACHE_DIR: cacheDir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`not using the build cache ${cacheDir}: its mode 0777 gives other users access`);
    expect(result.stderr).toContain(`tsc2envoy: the build cache ${cacheDir} cannot be used (see the warning above), so it was not warmed`);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it("lives in $XDG_CACHE_HOME/tsc2envoy, else ~/.cache/tsc2envoy, created private (0700)", async () => {
    const xdg = fresh("xdg");
    expect((await build({ TSC2ENVOY_CACHE_DIR: undefined, XDG_CACHE_HOME: xdg })).stderr).toBe("");
    expect(fs.statSync(path.join(xdg, "tsc2envoy")).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(entryOf(path.join(xdg, "tsc2envoy")), "manifest.json"))).toBe(true);

    const home = fresh("home");
    expect((await build({ TSC2ENVOY_CACHE_DIR: undefined, XDG_CACHE_HOME: undefined, HOME: home })).stderr).toBe("");
    expect(fs.statSync(path.join(home, ".cache")).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(home, ".cache", "tsc2envoy")).mode & 0o777).toBe(0o700);
    entryOf(path.join(home, ".cache", "tsc2envoy"));
  });
});
