/**
 * The compiler's structure rules, checked by `npm run check:structure` (and test/structure in
 * `npm test`): no import cycles, the emitter sees only the IR, lowering's orchestrator has one
 * caller, the compiler never reaches into the tests, and ts-morph and refa load through require.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle makes the order files load in matter and hides which layer owns what.",
      severity: "error",
      from: { path: "^compiler/" },
      to: { circular: true },
    },
    {
      name: "emit-only-imports-ir",
      comment: "The C emitter works from the IR alone: it may import compiler/ir/ and its own files, nothing else of the compiler.",
      severity: "error",
      from: { path: "^compiler/emit/" },
      to: { path: "^compiler/", pathNot: ["^compiler/emit/", "^compiler/ir/"] },
    },
    {
      name: "only-module-imports-function-lowerer",
      comment: "lower/function.ts is the orchestrator: concern files reach each other through lower/context.ts.",
      severity: "error",
      from: { path: "^compiler/", pathNot: "^compiler/lower/module\\.ts$" },
      to: { path: "^compiler/lower/function\\.ts$" },
    },
    {
      name: "compiler-not-importing-tests",
      comment: "The shipped compiler must not depend on test code.",
      severity: "error",
      from: { path: "^compiler/" },
      to: { path: "^test/" },
    },
    {
      name: "commonjs-bundles-through-require",
      comment:
        "ts-morph and refa are loaded with require, in compiler/ts-morph.ts and compiler/regex/refa.ts: an import of them elsewhere would have Node's ESM loader scan their CommonJS bundles on every start-up (docs/benchmarks.md#build-speed).",
      severity: "error",
      from: { path: "^compiler/", pathNot: ["^compiler/ts-morph\\.ts$", "^compiler/regex/refa\\.ts$"] },
      to: { path: "(^|/)node_modules/(ts-morph|refa)/|^(ts-morph|refa)$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // node_modules stays in the graph (not followed), so rules about imports of packages see them.
    exclude: { path: "^dist/" },
    tsConfig: { fileName: "tsconfig.json" },
    // Type-only imports count: a cycle through types still ties the files' meanings together.
    tsPreCompilationDeps: true,
  },
};
