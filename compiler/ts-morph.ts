/**
 * ts-morph (with the TypeScript it bundles), for every compiler file. Loaded with `require`, not
 * `import`: Node's ESM loader would first sniff the 1 MB CommonJS bundle's format and scan it for
 * export names (cjs-module-lexer), about 110 ms of each build's start-up
 * (docs/benchmarks.md#build-speed); `require` also lets the code cache (code-cache.ts) serve it.
 */
import tsMorph = require("ts-morph");

export import ts = tsMorph.ts;
export import Project = tsMorph.Project;
export type SourceFile = tsMorph.SourceFile;
