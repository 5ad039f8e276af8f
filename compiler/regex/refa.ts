/**
 * refa (regex automata), loaded with `require` for the reason ts-morph is (../ts-morph.ts): an
 * `import` of its 600 KB CommonJS bundle has Node's ESM loader sniff and scan it first. Loaded on
 * first use, not with the compiler: a build whose regular expressions all come from the build
 * cache (regex-cache.ts), or that has none, skips its 25-30 ms of loading.
 */
import { createRequire } from "node:module";
import type * as Refa from "refa";

let loaded: typeof Refa | undefined;

export function refa(): typeof Refa {
  return (loaded ??= createRequire(import.meta.url)("refa") as typeof Refa);
}
