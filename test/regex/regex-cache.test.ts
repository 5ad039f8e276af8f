/**
 * Compiled regular expressions in the build cache (compiler/regex-cache.ts): a build that takes its
 * patterns from the cache emits the same module.c as one that compiles them, and an entry that is
 * corrupted, not only ours, or for another pattern is not used (the pattern is compiled again). A
 * build whose patterns all come from the cache does not load refa; `check` uses the same cache.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { compileToC } from "../../compiler/driver.js";
import { compileRegex, CompiledRegex, RegexStore } from "../../compiler/regex/compile-regex.js";
import { buildCacheRegexStore } from "../../compiler/regex-cache.js";
import { examplesDir, repoRoot, scratchDir } from "../helpers/paths.js";

const entry = path.join(examplesDir, "route_rules.ts");
const cacheDir = scratchDir("regex-cache");
const entriesDir = path.join(cacheDir, ".regex-cache");
const savedCacheDir = process.env.TSC2ENVOY_CACHE_DIR;

/** A store over the test's cache that records what it was asked and what was saved. */
function countingStore() {
  const warnings: string[] = [];
  const store = buildCacheRegexStore((message) => warnings.push(message));
  const counts = { hits: 0, misses: 0, saved: 0 };
  const counting: RegexStore = {
    get(text) {
      const found = store.get(text);
      if (found) counts.hits++;
      else counts.misses++;
      return found;
    },
    set(text, compiled) {
      counts.saved++;
      store.set(text, compiled);
    },
  };
  return { store: counting, warnings, counts };
}

const entries = () => fs.readdirSync(entriesDir).sort();
const entryText = (key: string) => (JSON.parse(fs.readFileSync(path.join(entriesDir, key, "regex.json"), "utf8")) as { text: string }).text;

describe("the regex cache", () => {
  let fresh: string;
  beforeAll(() => {
    process.env.TSC2ENVOY_CACHE_DIR = cacheDir;
    fresh = compileToC(entry);
  });
  afterAll(() => {
    if (savedCacheDir === undefined) delete process.env.TSC2ENVOY_CACHE_DIR;
    else process.env.TSC2ENVOY_CACHE_DIR = savedCacheDir;
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it("saves route_rules' two patterns; a later build takes them from disk and emits the same module.c", () => {
    const first = countingStore();
    expect(compileToC(entry, { regexStore: first.store })).toBe(fresh);
    expect(first.counts).toEqual({ hits: 0, misses: 2, saved: 2 });
    expect(entries()).toHaveLength(2);
    expect(fs.statSync(entriesDir).mode & 0o777).toBe(0o700);

    // A new store (a new build) has nothing in memory: the patterns come from the entries.
    const second = countingStore();
    expect(compileToC(entry, { regexStore: second.store })).toBe(fresh);
    expect(second.counts).toEqual({ hits: 2, misses: 0, saved: 0 });
    expect(second.warnings).toEqual([]);
    for (const key of entries()) {
      const text = entryText(key);
      expect(buildCacheRegexStore(() => undefined).get(text)).toEqual(JSON.parse(JSON.stringify(compileRegex(text))) as CompiledRegex);
    }
  });

  it("does not use an entry whose bytes changed: it warns, compiles the pattern again and replaces the entry", () => {
    const key = entries()[0]!;
    const file = path.join(entriesDir, key, "regex.json");
    const text = fs.readFileSync(file, "utf8");
    // Still valid JSON, a different table: trusted, it would change the module.
    const tampered = text.replace(/"entry":(\d+)/, (_m, n: string) => `"entry":${Number(n) + 1}`);
    expect(tampered).not.toBe(text);
    fs.writeFileSync(file, tampered);
    const build = countingStore();
    expect(compileToC(entry, { regexStore: build.store })).toBe(fresh);
    expect(build.counts).toEqual({ hits: 1, misses: 1, saved: 1 });
    expect(build.warnings).toEqual([`the build cache entry ${path.join(entriesDir, key)} failed verification (regex.json: sha256 mismatch); recompiling a regular expression`]);
    expect(fs.readFileSync(file, "utf8")).toBe(text);
  });

  it("does not use an entry other users could write", () => {
    const key = entries()[0]!;
    fs.chmodSync(path.join(entriesDir, key, "regex.json"), 0o666);
    const build = countingStore();
    expect(compileToC(entry, { regexStore: build.store })).toBe(fresh);
    expect(build.counts.misses).toBe(1);
    expect(build.warnings).toHaveLength(1);
    expect(build.warnings[0]).toContain("gives other users access");
    expect(fs.statSync(path.join(entriesDir, key, "regex.json")).mode & 0o777).toBe(0o600);
  });

  it("does not use a verified entry that holds another pattern (one copied under another key)", () => {
    const [a, b] = entries() as [string, string];
    // b's directory now holds a's pattern, its manifest rewritten to verify under b's key.
    const manifest = JSON.parse(fs.readFileSync(path.join(entriesDir, a, "manifest.json"), "utf8")) as { key: string };
    fs.copyFileSync(path.join(entriesDir, a, "regex.json"), path.join(entriesDir, b, "regex.json"));
    fs.writeFileSync(path.join(entriesDir, b, "manifest.json"), JSON.stringify({ ...manifest, key: b }));
    const build = countingStore();
    expect(compileToC(entry, { regexStore: build.store })).toBe(fresh);
    expect(build.counts).toEqual({ hits: 1, misses: 1, saved: 1 });
    expect(build.warnings).toEqual([`the build cache entry ${path.join(entriesDir, b)} failed verification (regex.json does not hold this pattern); recompiling a regular expression`]);
    // Replaced with the pattern's own.
    expect(entryText(b)).not.toBe(entryText(a));
  });

  it("a build whose patterns all come from the cache does not load refa; one that compiles them does", async () => {
    const script = `
      import { createRequire } from "node:module";
      const { compileToIr, withBuildCacheRegexes } = await import(${JSON.stringify(path.join(repoRoot, "dist", "compiler", "driver.js"))});
      compileToIr(${JSON.stringify(entry)}, withBuildCacheRegexes({ outDir: "unused" }));
      console.log(Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes("/node_modules/refa/")));
    `;
    const run = async (dir: string) => (await execa("node", ["--input-type=module", "-e", script], { env: { TSC2ENVOY_CACHE_DIR: dir } })).stdout;
    const empty = scratchDir("regex-cache-empty");
    expect(await run(empty)).toBe("true");
    expect(await run(empty)).toBe("false");
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it("`tsc2envoy check` saves the patterns it compiles in the build cache, as build does", async () => {
    const empty = scratchDir("regex-cache-check");
    const env = { TSC2ENVOY_CACHE_DIR: empty };
    await execa("node", [path.join(repoRoot, "dist", "compiler", "cli.js"), "check", entry], { env });
    expect(fs.readdirSync(path.join(empty, ".regex-cache")).length).toBeGreaterThanOrEqual(2);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
