/**
 * Compiled regular expressions kept between builds, so that a warm build does not run the regex
 * compiler (refa's NFA and DFA, the one-pass table; about 30 ms a pattern, and refa's loading) for
 * a pattern compiled before (docs/benchmarks.md#build-speed). On disk in the build cache's
 * `.regex-cache/`, whose entries object-cache.ts publishes and verifies as it does the runtime's
 * objects, and in memory for as long as the store lives (build --watch keeps one between builds);
 * the editor plugin keeps one in memory only (memoryRegexStore).
 *
 * The key is the literal's text and everything else that decides the tables: the regex compiler's
 * own files, the versions of regexpp and refa, and the Node running it (charsets.ts takes Unicode
 * sets from its RegExp). A cached pattern gives the same tables, so the same module.c
 * (test/regex/regex-cache.test.ts); an entry for another text or not verified is not used.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ObjectCache } from "./object-cache.js";
import type { CompiledRegex, RegexStore } from "./regex/compile-regex.js";

/** Bumped when an entry's format changes. */
const FORMAT = "regex-cache 1";
const ENTRY_FILE = "regex.json";
/** The regex cache's directory inside the build cache. */
export const REGEX_CACHE_SUBDIRECTORY = ".regex-cache";
const USE = { subject: "a regular expression", subdirectory: REGEX_CACHE_SUBDIRECTORY, quietRefusal: true };

interface Entry {
  text: string;
  compiled: CompiledRegex;
}

let compilerHash: string | undefined;
/** What, besides the literal, decides the compiled tables. Hashed once a process (about 1 ms). */
function regexCompilerHash(): string {
  if (compilerHash) return compilerHash;
  const hash = crypto.createHash("sha256").update(FORMAT).update(process.version).update(process.versions.unicode ?? "");
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "regex");
  for (const file of fs.readdirSync(dir).filter((name) => /\.[jt]s$/.test(name) && !name.endsWith(".d.ts")).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  }
  const require = createRequire(import.meta.url);
  for (const manifest of ["refa/package.json", "@eslint-community/regexpp/package.json"]) hash.update(fs.readFileSync(require.resolve(manifest)));
  return (compilerHash = hash.digest("hex"));
}

const keyOf = (text: string) => crypto.createHash("sha256").update(regexCompilerHash()).update("\0").update(text).digest("hex").slice(0, 32);

/** A store over the build cache; problems with an entry are warned about and the pattern compiled. */
export function buildCacheRegexStore(warn: (message: string) => void): RegexStore {
  /** Entries this store compiled or verified, by key: the JSON, decoded afresh for each build that asks. */
  const held = new Map<string, string>();
  // Opened at the first pattern not held in memory: a build without regular expressions never touches it.
  let disk: ObjectCache | undefined | null = null;
  const openDisk = () => (disk === null ? (disk = ObjectCache.open(warn, USE)) : disk);
  const decode = (text: string, json: string): CompiledRegex | undefined => {
    const entry = JSON.parse(json) as Entry;
    return entry.text === text ? entry.compiled : undefined;
  };
  return {
    get(text) {
      const key = keyOf(text);
      const heldJson = held.get(key);
      if (heldJson !== undefined) return decode(text, heldJson);
      const cache = openDisk();
      const bytes = cache?.lookup(key, [ENTRY_FILE])?.get(ENTRY_FILE);
      if (!cache || !bytes) return undefined;
      const json = bytes.toString("utf8");
      let compiled: CompiledRegex | undefined;
      try {
        compiled = decode(text, json);
      } catch {
        compiled = undefined;
      }
      // Verified, but not this pattern's (copied from another entry, say): compiled and replaced.
      if (!compiled) {
        cache.discard(key, `${ENTRY_FILE} does not hold this pattern`);
        return undefined;
      }
      held.set(key, json);
      return compiled;
    },
    set(text, compiled) {
      const key = keyOf(text);
      const json = JSON.stringify({ text, compiled } satisfies Entry);
      held.set(key, json);
      openDisk()?.publish(key, new Map([[ENTRY_FILE, Buffer.from(json)]]));
    },
  };
}

/** Patterns the editor's store keeps: each edit inside a literal is a new one, so the oldest are dropped. */
const MEMORY_ENTRIES = 256;

/**
 * A store in memory only, for the editor plugin: it lives as long as tsserver, so an unchanged
 * pattern is compiled once, and checking what is being typed writes nothing to the build cache.
 */
export function memoryRegexStore(): RegexStore {
  /** By text (the compiler cannot change under a running process): the JSON, decoded afresh per use as lowering may keep it. */
  const held = new Map<string, string>();
  return {
    get(text) {
      const json = held.get(text);
      if (json === undefined) return undefined;
      // Least recently used last out.
      held.delete(text);
      held.set(text, json);
      return (JSON.parse(json) as Entry).compiled;
    },
    set(text, compiled) {
      held.set(text, JSON.stringify({ text, compiled } satisfies Entry));
      for (const oldest of held.keys()) {
        if (held.size <= MEMORY_ENTRIES) break;
        held.delete(oldest);
      }
    },
  };
}
