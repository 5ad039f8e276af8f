/**
 * Every diagnostic code the compiler gives (TSE1xxx: subset rules, TSE2xxx: lowering, TSE3xxx:
 * filter registration), with what it means, its message's general form, its usual hint and where
 * docs/diagnostics.md explains it. Code reports by `diag.TSExxxx`, never a bare code string
 * (test/diagnostics/catalogue.test.ts checks that, that the docs table is the one
 * `diagnosticsTable()` writes, and that each code has a test case).
 *
 * `message` is the general form; `{name}` fills from `formatMessage`'s parameters. Sites that know
 * more (the type, the construct, the field) pass their own, more precise message and hint.
 */

export interface CatalogueEntry {
  /** What the code covers: the docs table's "meaning" column. */
  summary: string;
  message: string;
  hint: string;
  /** Internal: lowering stops without a diagnostic (the cause was reported already). */
  neverShown?: true;
}

export const CATALOGUE = {
  TSE1001: { summary: "type `any`", message: "type `any` turns off checking, so nothing can be compiled for it", hint: "declare the precise type; for JSON use an interface that describes it" },
  TSE1002: { summary: "type `unknown`", message: "type `unknown` needs a run-time type check before use, which is not supported yet", hint: "declare the precise type" },
  TSE1003: { summary: "`eval`", message: "`eval` runs code unknown at compile time", hint: "write the code directly; filters are compiled ahead of time" },
  TSE1004: { summary: "the `Function` constructor", message: "the `Function` constructor builds code at run time", hint: "write a function or an arrow function" },
  TSE1005: { summary: "`Proxy`", message: "`Proxy` intercepts operations dynamically and has no native equivalent", hint: "use a class with explicit methods" },
  TSE1006: { summary: "`Reflect`", message: "`Reflect` inspects objects dynamically", hint: "access properties by name with a typed object or a Map" },
  TSE1007: {
    summary: "prototype manipulation (`prototype`, `__proto__`, `Object.setPrototypeOf`, `Object.create`, `Object.defineProperty`)",
    message: "`{name}` manipulates prototypes, which compiled objects do not have",
    hint: "use classes and `extends`",
  },
  TSE1008: { summary: "symbols, `symbol` type, computed property names", message: "symbols are not supported", hint: "use string keys or a Map" },
  TSE1009: {
    summary: "module-level mutable state (`let`/`var`, assigned static fields; a module-level RegExp used as a value or with `test`/`exec` under `g`/`y`)",
    message: "module-level `let`/`var` is mutable state shared across Envoy worker threads",
    hint: "module-level state would be shared by every stream on every Envoy worker thread; keep per-stream state in fields of your filter class and per-config data in the config",
  },
  TSE1010: { summary: 'imports other than `"tsc2envoy"` and relative files; `require`; `import()`', message: "import of '{module}': filters may import only \"tsc2envoy\" and relative files", hint: "use `import` of a relative .ts file" },
  TSE1011: { summary: "`var`", message: "`var` is not supported (function scoping and hoisting)", hint: "use `let` or `const`" },
  TSE1012: { summary: "`with`", message: "`with` is not supported", hint: "name the object explicitly" },
  TSE1013: { summary: "`async` arrow functions, function expressions and nested functions, generators, `yield`", message: "async functions are not supported here: only methods and module-level function declarations may be async", hint: "write a synchronous function, or an async method or module-level `async function` (docs/async.md)" },
  TSE1014: { summary: "`delete` of anything but a `Record<string, T>` entry", message: "`delete` changes an object's shape at run time", hint: "keep such keys in a Record<string, T> (delete d[k]) or a Map (map.delete(key)), or set an optional field to undefined" },
  TSE1015: { summary: "decorators", message: "decorators are not supported", hint: "call the function explicitly" },
  TSE1016: { summary: "namespaces, `declare module`", message: "namespaces and `declare module` are not supported", hint: "use ES modules: one file per namespace, with import/export" },
  TSE1017: { summary: "`export default` / `export =` of a value", message: "`export default`/`export =` of a value is not supported", hint: "register the filter with registerHttpFilter(name, factory) at the top level" },
  TSE1018: { summary: "`arguments`", message: "`arguments` is not supported", hint: "declare rest parameters: (...args: T[])" },
  TSE1019: { summary: "`globalThis`", message: "`globalThis` is shared mutable state", hint: "module-level state would be shared by every stream on every Envoy worker thread; keep per-stream state in fields of your filter class and per-config data in the config" },
  TSE1020: { summary: "loose equality `==` / `!=` (other than against `null`/`undefined`)", message: "loose equality `{operator}` converts types implicitly", hint: 'use `{strict}`; `x == null` is accepted for "null or undefined"' },
  TSE1023: { summary: "`debugger`", message: "`debugger` has no meaning inside Envoy", hint: "remove it; use log.debug(...)" },
  TSE1024: {
    summary:
      "nesting past 128 levels (chains of one operator, chained conditionals and `else if` count a fraction of a level: [language.md](language.md#rejected)); also where TypeScript's parser or checker would overflow its stack, at the most deeply nested place",
    message: "this is nested {depth} levels deep; tsc2envoy compiles at most {max} (a link of a chain such as a + b + c counts a fraction of a level)",
    hint: "split it up: hold inner parts in local variables, or move them into helper functions",
  },
  TSE1030: {
    summary: "`await` where an async function cannot suspend: inside an expression, `catch`/`finally`, `for...of`/`for...in`, `switch`; awaiting anything but `sleep(ms)`, `envoy.httpCallout(...)` and the filter's own async functions ([async.md](async.md))",
    message: "`await` {where} is not supported",
    hint: "write `await e;`, `const v = await e;`, `x = await e;` or `return await e;` as a statement of the async function, in sequence, inside if/else, for/while/do loops or a try block",
  },
  TSE1070: {
    summary: "an async function or method called without `await` (its promise would float), or used as a value ([async.md](async.md))",
    message: "calling the async function `{name}` without `await`",
    hint: "write `await {name}(...)` as a statement of an async function, or `await Promise.all([...])` to run several at once",
  },
  TSE1071: {
    summary: "awaiting an async method chosen at run time (through a subclass or an interface) ([async.md](async.md))",
    message: "awaiting an async method chosen at run time is not supported",
    hint: "await a method of the class itself or a module-level async function (a direct call)",
  },
  TSE1072: {
    summary: "`await Promise.all(...)` other than over an array literal of `sleep(ms)` and `envoy.httpCallout(...)` calls ([async.md](async.md#promiseall))",
    message: "`Promise.all` over something other than sleeps and callouts is not supported",
    hint: "write `await Promise.all([envoy.httpCallout(...), sleep(ms)])`; await the filter's own async functions one after another",
  },
  TSE1080: {
    summary: "a background task (`envoy.startBackgroundTask(task, everyMs)`) whose class has no `async run(task)` method ([async.md](async.md#config-level-background-tasks))",
    message: "the background task's class {name} has no async `run` method",
    hint: "give the class `async run(task: EnvoyBackgroundTask): Promise<void>`",
  },
  TSE1081: {
    summary: "a background task whose `run` is chosen at run time: a task typed as an interface or union, or of a class with subclasses or abstract ([async.md](async.md#config-level-background-tasks))",
    message: "the background task's `run` is chosen at run time ({type})",
    hint: "pass a `new` object of one class (no subclasses) that implements BackgroundTask",
  },
  TSE1082: {
    summary: "a background task's class with a field that is not `readonly`, or holding what freezing cannot cover (a Map, a Set, a function): the task object is deep-frozen with the config stage, and a run leaves nothing behind but snapshots ([async.md](async.md#config-level-background-tasks))",
    message: "the background task's class {name} has the field `{field}`, which is not readonly",
    hint: "mark it readonly; what a run finds out goes to a snapshot (task.publishSnapshot)",
  },
  TSE1083: {
    summary: "`envoy.startBackgroundTask(...)` anywhere but directly in the config stage (the function given to `registerHttpFilter`): in a helper, a nested function, a loop ([async.md](async.md#config-level-background-tasks))",
    message: "`startBackgroundTask` {where} is not supported",
    hint: "call envoy.startBackgroundTask once, in the body of the config stage itself",
  },
  TSE1084: {
    summary: "a second `envoy.startBackgroundTask(...)` in one config stage: a config has one background task ([async.md](async.md#config-level-background-tasks))",
    message: "a second background task for one filter config is not supported",
    hint: "do both jobs in one task's run (awaits in sequence, or Promise.all over their callouts)",
  },
  TSE1085: {
    summary: "`envoy.httpStreamHeaders(s)`, `envoy.readHttpStream(s)` or `envoy.httpStreamTrailers(s)` other than awaited as a statement (`const chunk = await envoy.readHttpStream(s);`), or inside `Promise.all` ([async.md](async.md#streamed-callouts))",
    message: "{what} is not supported",
    hint: "await it as a statement of an async hook or function: `const h = await envoy.httpStreamHeaders(s);`, `while ((chunk = await envoy.readHttpStream(s)) !== null)` is written `let chunk = await envoy.readHttpStream(s); while (chunk !== null) { ...; chunk = await envoy.readHttpStream(s); }`",
  },
  TSE1040: {
    summary: "an index signature beside named properties (`{ id: string; [k: string]: string }`): a dict (`Record<string, T>`) has only keys known at run time",
    message: "the index signature beside named properties in {type} is not supported",
    hint: "keep the named properties in an interface and the open-ended ones in a field of type Record<string, T>",
  },
  TSE1041: {
    summary: "an index signature whose keys are not `string` (`Record<number, T>`, `{ [k: number]: T }`, template-literal keys)",
    message: "an index signature keyed by {key} is not supported",
    hint: "use Record<string, T> (JavaScript keys are strings: write String(n)) or a Map<number, T>",
  },
  TSE1050: {
    summary: "a `Date` method that reads or writes local time (`getHours`, `getTimezoneOffset`, `toLocaleString`, ...): the module runs in UTC",
    message: "`Date.prototype.{name}` works in local time; the module runs in UTC",
    hint: "use the UTC method (getUTCHours, ...) or toISOString()",
  },
  TSE1051: {
    summary: "a `Date` form with no compiled meaning: `Date()` as a function, `new Date(year, month, ...)`, the `setUTC*` setters, `toJSON()`, `new Date` of a union",
    message: "{what} is not supported for Date",
    hint: "see docs/language.md#dates",
  },
  TSE1052: {
    summary: "a module-level `const` computed when the module loads that reaches what has no meaning there: the filter API (`log`, metrics), the clocks or `Math.random`, or a value freezing cannot protect (a Date, a function)",
    message: "module-level `const {name}` is computed when the module loads, and reaches {what}",
    hint: "compute it from pure functions of literals, or in the config stage (registerHttpFilter's outer function)",
  },
  TSE1053: {
    summary: "a module-level `const` computed when the module loads that reads a module-level `const` JavaScript has not initialized yet (Node throws a ReferenceError)",
    message: "module-level `const {name}` reads `{other}` before JavaScript has initialized it",
    hint: "declare it first (above, or in an imported file)",
  },
  TSE1054: {
    summary: "the iterator protocol: `[Symbol.iterator]()` (user iterables), `next()` on an iterator (`map.keys().next()`)",
    message: "{what} is not supported: compiled code loops over arrays, strings, Maps, Sets and their keys/values/entries, without iterator objects",
    hint: "iterate with for...of (break when done), take one element from an array (`[...map.keys()][0]`), or give the class a method returning an array",
  },
  TSE2000: { summary: "a consequence of an error already reported (never shown)", message: "already reported", hint: "", neverShown: true },
  TSE2001: { summary: "a construct that is valid TypeScript but not compiled yet (the message names it)", message: "{what} is not supported yet", hint: "see docs/language.md for what is supported" },
  TSE2002: { summary: "a type with no representation yet (`null`, mixed unions, function types, `Map`, ...)", message: "type {type} has no representation yet", hint: "declare a supported type (docs/language.md)" },
  TSE2003: { summary: "a type assertion (`as`) that would change a type without a run-time check", message: "the type assertion from {from} to {to} has no run-time meaning", hint: "narrow the value with a check instead of asserting its type" },
  TSE2010: {
    summary: "a constructor that reads a field before it is definitely assigned, or lets `this` escape (passes it, calls its methods) before every field is assigned",
    message: "the constructor reads `this.{field}` before it is assigned",
    hint: "assign every field on each path through the constructor, or give it an initializer",
  },
  TSE2020: {
    summary:
      "a value used where a type with a different layout is expected; an object that cannot stand for an interface value (the message names the member); a write through an interface that some object behind it cannot take",
    message: "a value of type {from} cannot be used where {to} is expected",
    hint: "declare the value with the expected type (objects convert only when their fields match exactly)",
  },
  TSE2030: { summary: "throwing a value that is not an Error object", message: "throwing a {type}: only Error objects can be thrown", hint: "throw new Error(message) (or TypeError, RangeError, ...)" },
  TSE2040: {
    summary: "a regular expression construct that cannot be matched exactly: backreferences, lookbehind, modifiers (the message names it; see [regex.md](regex.md#rejected))",
    message: "{construct} in a regular expression is not supported",
    hint: "rewrite the pattern without it",
  },
  TSE2041: { summary: "a regular expression flag that is not supported: `v`, `d`", message: "regular expression flag `{flag}` is not supported", hint: "remove the flag" },
  TSE2042: {
    summary: "a regular expression too large to compile (over 20000 automaton instructions, usually large `{n,m}` counts)",
    message: "regular expression {literal} is too large to compile (over {max} automaton instructions)",
    hint: "use smaller repetition counts ({n,m}), or split the pattern into several",
  },
  TSE2043: {
    summary: "a use of a match the compiler cannot type: `m.groups` other than a group read by name, replacer function parameters that do not fit the literal's capture groups",
    message: "the `groups` of a regular expression match are supported only as a group read by name",
    hint: "read the group by name (m.groups?.year, m.groups!.year, m.groups?.[\"year\"]) or by its number: m[1] (named groups still count in the numbering)",
  },
  TSE2044: {
    summary: "`new RegExp(...)` in a hook, method or constructor of a filter class, or in a per-stream factory (all run per stream); build it once in the config stage (see [regex.md](regex.md#patterns-from-the-config))",
    message: "`new RegExp(...)` in {where} would compile the pattern again on every request",
    hint: "build it in the config stage of registerHttpFilter (`(config, envoy) => { const re = new RegExp(config.pattern); return () => new MyFilter(re); }`) and pass it to the filter",
  },
  TSE2099: {
    summary: "an internal compiler error while lowering the statement it points at (a bug: please report it)",
    message: "internal compiler error while compiling this: {error}",
    hint: "this is a bug in tsc2envoy; please report it with this source, and write the construct differently meanwhile",
  },
  TSE3001: { summary: "the entry file registers no filter (from `build`; `check` accepts such a file as a helper module)", message: "the entry file registers no HTTP filter", hint: 'call registerHttpFilter("name", (config: Config) => new MyFilter(config)) at its top level' },
  TSE3002: {
    summary: "top-level code other than `registerHttpFilter(...)`",
    message: "top-level code other than registerHttpFilter(...) is not supported",
    hint: "module code would run once per Envoy process, outside any stream; move it into the filter factory or a hook",
  },
  TSE3003: { summary: "a filter name that is not a string literal, has odd characters, or is registered twice", message: "the filter name must be a string literal", hint: 'registerHttpFilter("my_filter", ...) — Envoy selects it by filter_name' },
  TSE3004: { summary: "a factory that is not a function, takes more than a config, or does not return a class instance", message: "the factory must be a function", hint: "pass an arrow function or the name of a function declaration" },
  TSE3005: { summary: "a hook method whose signature Envoy cannot call", message: "hook {hook} has the wrong signature", hint: "declare it as the HttpFilter interface does; add `implements HttpFilter` to the class to have TypeScript check it" },
  TSE3006: {
    summary: "a config type JSON cannot produce (contains a class, ...), one error per field, at the field; a union of object types no discriminant property tells apart; a `JSON.parse` result type that depends on a type parameter (its literal types could not be checked)",
    message: "config type contains {what}, which JSON cannot produce",
    hint: "describe the data with interfaces, arrays, tuples, strings, numbers, booleans and optional properties",
  },
  TSE3007: {
    summary: "a filter class method named like a hook that is none (`on` + a capital letter, or within two edits of a hook's name): Envoy would never call it",
    message: "method `{name}` looks like a hook but is none: Envoy never calls it",
    hint: "did you mean the hook it is nearest to? Rename a helper so it does not start with `on` and a capital letter",
  },
  TSE3008: {
    summary: "the per-stream factory of a two-stage `registerHttpFilter` captures what cannot be shared by worker threads: the `EnvoyFilterConfig`, a `let` variable, a function, a Map/Set/Error/RegExp match, a class instance with a mutable field",
    message: "the per-stream factory captures `{name}` ({type}) from the config stage: {why}",
    hint: "capture constants holding plain data (numbers, strings, arrays, records, classes with readonly fields) and metric handles; they are deep-frozen when the config stage ends",
  },
  TSE3009: {
    summary: "`envoy.getPerRouteConfig<T>()` names a type no `registerHttpFilter<Config, RouteConfig>` of the module declares as its per-route config (or no type at all)",
    message: "getPerRouteConfig needs the RouteConfig type of a registration, got {type}",
    hint: "declare the per-route config type with registerHttpFilter<Config, RouteConfig>(...) and call envoy.getPerRouteConfig<RouteConfig>()",
  },
  TSE3030: {
    summary: "a snapshot (`defineSnapshot<T>`, `getSnapshot<T>`) of a type that is not data a JSON value decodes to as an object, array or string: numbers, booleans and unions on their own, functions, classes, Maps ([async.md](async.md#config-level-background-tasks))",
    message: "a snapshot of type {type} is not supported: {why}",
    hint: "give the snapshot an interface, array or string type (wrap a number in an object: `{ limit: number }`)",
  },
  // ---- other kinds of extension (issue 11: network and listener filters)
  TSE3020: {
    summary: "a class registered as one kind of filter (network, listener, HTTP) has a hook of another kind: Envoy would never call it",
    message: "`{hook}` is a hook of {other}, but this class is registered as {kind}",
    hint: "implement the hooks of the kind you register (its interface: HttpFilter, NetworkFilter, ListenerFilter), or register the class with the other kind's function",
  },
  TSE3021: {
    summary: "a kind of filter the Envoy release built for (`--envoy-version`) cannot load from this module (network and listener filters, tracers and stats sinks need Envoy 1.40)",
    message: "{register} needs Envoy 1.{minor} or later; this module is built for Envoy {version}",
    hint: "build with --envoy-version 1.40 (the default), or leave this kind out of modules for older releases",
  },
} as const satisfies Record<`TSE${number}`, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;

/** The codes by name, for reporting: `diag.TSE2001`. */
export const diag = Object.fromEntries(Object.keys(CATALOGUE).map((code) => [code, code])) as { readonly [C in DiagnosticCode]: C };

export function catalogueEntry(code: DiagnosticCode): CatalogueEntry {
  return CATALOGUE[code];
}

/** Where docs/diagnostics.md explains `code`. */
export function docsAnchor(code: DiagnosticCode): string {
  return `docs/diagnostics.md#${code.toLowerCase()}`;
}

/** The code's message with its `{name}` placeholders filled. */
export function formatMessage(code: DiagnosticCode, params: Record<string, string | number> = {}): string {
  return CATALOGUE[code].message.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** The table of docs/diagnostics.md: one row per code a user can see, anchored for links. */
export function diagnosticsTable(): string {
  const rows = (Object.entries(CATALOGUE) as [DiagnosticCode, CatalogueEntry][])
    .filter(([, entry]) => !entry.neverShown)
    .map(([code, entry]) => `| <a id="${code.toLowerCase()}"></a>${code} | ${entry.summary} | ${entry.hint.replaceAll("|", "\\|")} |`);
  return ["| code | meaning | usual fix |", "| --- | --- | --- |", ...rows].join("\n");
}
