/**
 * TypeScript's advice for a missing name or library member assumes Node or a browser ("npm i
 * @types/node", "include 'dom'", "change the 'lib' option"). A filter author can follow none of
 * it: filters run inside Envoy and the options are fixed by tsc2envoy/tsconfig.json. This replaces
 * that advice with a hint saying what a filter uses instead.
 */
import type { Diagnostic } from "./diagnostics.js";

const NODE_MODULES_HINT = 'filters are ES modules compiled ahead of time: `import` from "tsc2envoy" or a relative .ts file';
const TIMER_HINT = "hooks run synchronously on an Envoy worker thread and cannot wait: decide in the hook and return a status (timeouts belong in envoy.yaml)";
const HTTP_CALL_HINT = "a filter cannot make HTTP calls: read the request with envoy.getRequestHeaderValue(name), answer with envoy.sendResponse(status, headers, body), and route with Envoy's config";
const BROWSER_HINT = "there is no browser in Envoy: each hook gets the request as an EnvoyHttpFilter (envoy.getRequestHeaderValue(name)) and can reply with envoy.sendResponse(status, headers, body)";
const TEST_HINT = 'tests go in their own file (filter.test.ts) that imports describe/it/expect from "vitest"; see docs/testing.md';
const LIBRARY_HINT = "filters are compiled against ES2022 (and ES2023 array methods), fixed by tsc2envoy/tsconfig.json; docs/language.md#library lists what it has";

/** Names TypeScript cannot find, and what a filter uses instead. */
const NAME_HINTS: Record<string, string> = {
  process: "there is no `process` in Envoy: settings come from the filter's config (the factory's parameter, `filter_config` in envoy.yaml), not environment variables",
  Buffer: "there is no `Buffer`: header values are strings; work on them with string methods",
  require: NODE_MODULES_HINT,
  module: NODE_MODULES_HINT,
  exports: NODE_MODULES_HINT,
  __dirname: "a filter has no files at run time: put paths and data in its config",
  __filename: "a filter has no files at run time: put paths and data in its config",
  global: "module-level state would be shared by every stream on every Envoy worker thread; keep per-stream state in fields of your filter class",
  setTimeout: TIMER_HINT,
  setInterval: TIMER_HINT,
  setImmediate: TIMER_HINT,
  clearTimeout: TIMER_HINT,
  clearInterval: TIMER_HINT,
  clearImmediate: TIMER_HINT,
  queueMicrotask: TIMER_HINT,
  fetch: HTTP_CALL_HINT,
  XMLHttpRequest: HTTP_CALL_HINT,
  WebSocket: HTTP_CALL_HINT,
  Request: HTTP_CALL_HINT,
  Response: HTTP_CALL_HINT,
  Headers: "read headers with envoy.getRequestHeaderValue(name) or envoy.getRequestHeaders(), change them with envoy.setRequestHeader(name, value)",
  document: BROWSER_HINT,
  window: BROWSER_HINT,
  navigator: BROWSER_HINT,
  location: BROWSER_HINT,
  localStorage: BROWSER_HINT,
  sessionStorage: BROWSER_HINT,
  alert: 'write to Envoy\'s log with log.info(message) (also trace, debug, warn, error, critical), imported from "tsc2envoy"',
  console: 'write to Envoy\'s log with log.info(message) (also trace, debug, warn, error, critical), imported from "tsc2envoy"',
  URL: 'parse the path with string methods or a regular expression: envoy.getRequestHeaderValue(":path")',
  URLSearchParams: 'split the query with string methods or a regular expression: envoy.getRequestHeaderValue(":path")',
  describe: TEST_HINT,
  it: TEST_HINT,
  test: TEST_HINT,
  expect: TEST_HINT,
  beforeEach: TEST_HINT,
  afterEach: TEST_HINT,
  jest: TEST_HINT,
  vi: TEST_HINT,
};

/** Codes whose message ends in advice about @types packages, the `lib` option or module resolution. */
const CODE_HINTS: Record<string, string> = {
  TS2580: "Envoy filters have no Node.js globals or modules; docs/language.md#library lists what a filter can use",
  TS2591: "Envoy filters have no Node.js globals or modules; docs/language.md#library lists what a filter can use",
  TS2581: BROWSER_HINT,
  TS2584: BROWSER_HINT,
  TS2582: TEST_HINT,
  TS2592: TEST_HINT,
  TS2593: TEST_HINT,
  TS2583: LIBRARY_HINT,
  TS2550: LIBRARY_HINT,
  TS2792: 'filters import only "tsc2envoy" and relative .ts files',
};

/** The advice sentence TypeScript appends to those codes' messages. */
const ADVICE = /\s*(Do you need to (install type definitions|change your target library)|Did you mean to set the 'moduleResolution' option)[\s\S]*$/;

/** TypeScript's complaint about a name (or an import) that a TSE diagnostic at the same place already explains. */
const DUPLICATE_OF_OURS = new Set(["TS2304", "TS2307", "TS2552", "TS2580", "TS2591", "TS2792", "TS7016"]);

/** The diagnostic with TypeScript's advice replaced by an Envoy-specific hint (unchanged when none applies). */
export function withEnvoyHint(d: Diagnostic): Diagnostic {
  const name = /^Cannot find name '([^']+)'/.exec(d.message)?.[1];
  const codeHint = CODE_HINTS[d.code];
  const nameHint = name !== undefined && Object.hasOwn(NAME_HINTS, name) ? NAME_HINTS[name] : undefined;
  const hint = nameHint ?? codeHint;
  if (hint === undefined) return d;
  return { ...d, message: codeHint !== undefined ? d.message.replace(ADVICE, "") : d.message, hint };
}

/** TypeScript's diagnostics less those at the very place one of ours explains (a rejected import, `require`). */
export function withoutDuplicatesOfOurs(typescript: readonly Diagnostic[], ours: readonly Diagnostic[]): Diagnostic[] {
  const explained = new Set(ours.map((d) => `${d.file}\0${d.line}\0${d.column}`));
  return typescript.filter((d) => !(DUPLICATE_OF_OURS.has(d.code) && explained.has(`${d.file}\0${d.line}\0${d.column}`)));
}
