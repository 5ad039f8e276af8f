/**
 * The IR, as the rest of the compiler sees it (a table of contents; each part says what it holds):
 *
 * - nodes.ts        the node types: types, layouts, locals, functions, statements, expressions
 * - types.ts        the type algebra: C representation, unions, subtyping, layouts, display
 * - runtime-ops.ts  the runtime operations, typed: parameters, result, purity, C function
 * - regex.ts        regular expressions as data (the tables compiler/regex builds)
 * - build.ts        small constructors that fold constants and record side effects
 * - effects.ts      side effects of expressions
 * - purity.ts       filters whose streams can share one instance (no per-stream state)
 * - releases.ts     escape analysis: loop iterations and hook calls whose temporaries may be freed
 * - print.ts        the IR as stable text (`--dump-ir`, golden .ir files)
 * - validate.ts     the invariants the emitter relies on, checked after lowering in tests
 *
 * Lowering builds the IR; emit/ reads it and imports nothing else of the compiler. The filter API
 * table (compiler/api/filter-api.ts, pure data) is part of what the IR names (hooks, envoy.* ops),
 * so it is passed on here for the emitter's hook glue.
 */
export * from "./nodes.js";
export * from "./types.js";
export * from "./runtime-ops.js";
export type * from "./regex.js";
export { OnePassFlag } from "./regex.js";
export * from "./build.js";
export * from "./effects.js";
export { convertedLocal, slotMatches } from "./match-slots.js";
export * from "./purity.js";
export * from "./releases.js";
export * from "./print.js";
export * from "./validate.js";
export { enumMembers, FILTER_API } from "../api/filter-api.js";
export { apiEnum, apiMethod, FILTER_KINDS, filterKind, kindHook, type FilterKind, type FilterKindName } from "../api/kinds.js";
export type { ApiHook, HookName } from "../api/filter-api.js";
