/**
 * The IR node types between lowering and C emission: typed, explicit, no TypeScript left in it.
 *
 * Every expression carries its IR type, which fixes its C representation (see runtime-c/tse.h and
 * `representation` in ir/types.ts). Evaluation order is JavaScript's: the emitter evaluates
 * operands left to right. Plain data: nodes hold no functions (ir/print.ts prints every field).
 */
import type { HookName } from "../api/filter-api.js";
import type { FilterKindName } from "../api/kinds.js";
import type { RegexTables } from "./regex.js";
import type { RuntimeOp } from "./runtime-ops.js";

export type { RuntimeOp };

export type IrType =
  /**
   * `literals`: the literal values a literal type allows (same representation; for messages). Types
   * differing only in literals share layouts, so JSON decoding checks them by lower/literal-checks.ts.
   */
  | { kind: "number"; literals?: number[] }
  | { kind: "boolean" }
  | { kind: "string"; literals?: string[] }
  | { kind: "void" }
  | { kind: "undefined" }
  | { kind: "null" }
  /** Class instances, records (interfaces, object types) and tuples. */
  | { kind: "object"; layout: Layout }
  | { kind: "array"; element: IrType }
  /** A function value (tse_closure). Optional parameters are unions with undefined. */
  | { kind: "function"; params: IrType[]; returns: IrType }
  /**
   * A Map, or (`dict`) a plain object keyed by strings: `Record<string, T>`, `{ [k: string]: T }`.
   * A dict is a tse_map of string keys kept in JavaScript's property order (TSE_KIND_DICT).
   */
  | { kind: "map"; key: IrType; value: IrType; dict?: true }
  | { kind: "set"; element: IrType }
  /** Error objects (tse_error). */
  | { kind: "error" }
  | { kind: "regexp" }
  /** A RegExp match: an array of (string | undefined) with `index`. */
  | { kind: "regexpMatch" }
  /** A Uint8Array (tse_bytes): a view of bytes, possibly shared with other views or owned by Envoy. */
  | { kind: "bytes" }
  /** TextEncoder / TextDecoder (tse_text_codec, UTF-8 only). */
  | { kind: "textEncoder" }
  | { kind: "textDecoder" }
  /** A Date (tse_date): its time value, NaN when invalid. */
  | { kind: "date" }
  /** Normalized: two or more members, no nested unions, no duplicates, canonical order. */
  | { kind: "union"; members: IrType[] }
  /** The EnvoyHttpFilter handle: no run-time value, the context carries the stream. */
  | { kind: "envoy" };

export const numberType: IrType = { kind: "number" };
export const booleanType: IrType = { kind: "boolean" };
export const stringType: IrType = { kind: "string" };
export const voidType: IrType = { kind: "void" };
export const undefinedType: IrType = { kind: "undefined" };
export const nullType: IrType = { kind: "null" };
export const envoyType: IrType = { kind: "envoy" };
export const errorType: IrType = { kind: "error" };
export const bytesType: IrType = { kind: "bytes" };

/**
 * A place in the TypeScript source (its file as log lines name it, and line): where an error an
 * operation throws, or a failure it causes, is reported (docs/runtime.md, "The failure log").
 */
export interface Site {
  file: string;
  line: number;
}

export interface Field {
  name: string;
  cName: string;
  type: IrType;
  /** Declared with `?` in a record: the property may be absent (not just undefined). */
  optional?: boolean;
  /**
   * A method of an object type (`area(): number`): the value is a closure whose first parameter
   * is the receiver, `this`. It is called through the object, never read as a value.
   */
  method?: boolean;
}

/**
 * Records keep the order their properties came to exist in, per object (JSON.stringify and
 * Object.keys follow it): an object literal defines its properties step by step.
 */
export type KeyStep =
  | { kind: "define"; field: Field }
  /** The properties `source` has (a record: those present, in its order), except `exclude`; only `when` it holds (`...maybe`). */
  | { kind: "spread"; source: Expr; exclude: string[]; when?: Expr };

/** A heap struct: class instance, record (interface / object type) or tuple. */
export interface Layout {
  kind: "class" | "record" | "tuple";
  /** Unique C identifier stem. */
  cName: string;
  /** As written in TypeScript, for messages: "Config", "[string, string]". */
  displayName: string;
  /** In JavaScript property order for classes; in declaration order for records. */
  fields: Field[];
  /** Set when the runtime already defines this layout (its C struct and tse_type). */
  runtime?: { struct: string; typeDescriptor: string };
  /** Classes only. */
  methods: Map<string, IrFunction>;
  constructorFunction?: IrFunction;
  /**
   * Records only: the other layouts (classes, records) whose objects are used as values of this
   * type. Such a value is the object itself; reads, writes and calls dispatch on its descriptor.
   */
  implementers?: Layout[];
  /**
   * Records only: structurally identical record layouts whose objects were reinterpreted as this
   * one's (and the other way round): the same struct, so one object may be read as either.
   */
  aliases?: Layout[];
  /** Classes only: the class it extends (its fields come first); its subclasses are its implementers. */
  base?: Layout;
  /** Classes only: an abstract class has no objects of its own layout (dispatch skips it). */
  abstract?: boolean;
  /**
   * Classes extending Error: the object is a tse_error (its header's descriptor is the runtime's
   * Error one, so throw, catch, ToString and `instanceof Error` see an Error) and this number,
   * its `kind`, tells the class apart; its struct begins with the tse_error.
   */
  errorKind?: number;
  /** `Object.freeze` is applied to objects of this type: stores to it (and what may be behind it) are checked. */
  freezable?: boolean;
}

export interface Local {
  name: string;
  cName: string;
  type: IrType;
  /** Captured by a closure and assigned after capture: lives in a heap cell (`T*`). */
  cell?: boolean;
  /**
   * A cell closures may use before its declaration runs: a flag cell (`<cName>_init`) says whether
   * it has been initialized; closures throw ReferenceError before (the temporal dead zone).
   */
  tdz?: boolean;
  /** Inside a closure: this local is a captured variable, read from the closure's environment. */
  captured?: { envStruct: string; field: string };
  /** Holds values TypeScript's type claims are narrower than they are (a RegExp match's elements): narrowings of it are checked. */
  claimed?: boolean;
  /** A string local that `s += x` or `s = s + x` appends to: the emitter may grow it in place (c-append.ts). */
  appended?: boolean;
}

export interface Capture {
  /** The variable in the creating function. */
  outer: Local;
  /** The same variable inside the closure. */
  inner: Local;
}

export interface IrFunction {
  cName: string;
  /** For messages and comments: "Filter.onRequestHeaders". */
  displayName: string;
  /** Methods and constructors receive the instance first. */
  self?: { layout: Layout; local: Local };
  /** Closures receive their environment; captured variables are read through it. */
  closure?: { envStruct: string; captures: Capture[] };
  params: Local[];
  /** Index of the rest parameter (an array gathering the remaining arguments), if any. */
  restIndex?: number;
  returnType: IrType;
  body: Stmt[];
  /** Filled by lowering; a function is emitted once its body is lowered. */
  lowered: boolean;
  /** May take part in recursion: checks the stack on entry. */
  mayRecurse: boolean;
  /** Has try/catch: its locals must survive longjmp (declared volatile). */
  hasTry: boolean;
  /** Its first statement: where stack overflow and the CPU budget are reported on entry. */
  site?: Site;
  /**
   * Its declaration's extent in the source (0-based lines and columns), for the reference host to
   * tell which function a JavaScript stack frame is in.
   */
  span?: { file: string; start: [number, number]; end: [number, number] };
}

export type LValue =
  | { kind: "local"; local: Local }
  | { kind: "field"; object: Expr; layout: Layout; field: Field }
  | { kind: "element"; array: Expr; index: Expr; element: IrType };

export type Stmt =
  | { kind: "let"; local: Local; init?: Expr }
  /** A `tdz` local's declaration has run: it leaves the temporal dead zone. */
  | { kind: "initialized"; local: Local }
  | { kind: "expr"; expr: Expr }
  | { kind: "if"; condition: Expr; then: Stmt[]; otherwise: Stmt[] }
  /** `for`/`while`/`do`: `update` runs after the body and on `continue`. `renew`: per-iteration cells. */
  | { kind: "loop"; label: string; condition?: Expr; body: Stmt[]; update: Stmt[]; testFirst: boolean; renew: Local[]; site?: Site }
  /** Iterates an array, reading the length each iteration as the array iterator does. */
  | { kind: "forOf"; label: string; array: Expr; element: Local; body: Stmt[]; site?: Site }
  /** Iterates a Map/Set/String: `source` is evaluated once. */
  | { kind: "forOfCollection"; label: string; source: Expr; what: "keys" | "values" | "entries" | "chars"; element: Local; body: Stmt[]; site?: Site }
  | { kind: "break"; label: string }
  | { kind: "continue"; label: string }
  | { kind: "return"; value?: Expr }
  | { kind: "throw"; error: Expr }
  | { kind: "try"; body: Stmt[]; catchLocal?: Local; catchBody?: Stmt[]; finallyBody?: Stmt[] }
  /** `switch`: cases tested in order with ===; bodies fall through. */
  | { kind: "switch"; label: string; discriminant: Expr; cases: { test?: Expr; body: Stmt[] }[] }
  | { kind: "labeled"; label: string; body: Stmt[] }
  | { kind: "block"; body: Stmt[] }
  /**
   * An async function's suspension point (docs/async.md): `operation` starts what is awaited (a
   * runtime op, or the `call` of an async function of the filter's, whose frame chains to this
   * one's), the function returns, and it resumes here when that settles; `target` gets the value
   * (`result`, read at the resume point, or the call's return value).
   */
  | { kind: "await"; operation: Expr; target?: Local; result?: Expr; site?: Site };

export type UnaryOp = "!" | "-" | "+" | "~";
export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "**"
  | "<" | ">" | "<=" | ">="
  | "===" | "!=="
  | "&" | "|" | "^" | "<<" | ">>" | ">>>";

/** `site`: the source line an error or failure of this operation is reported at (set by lowering). */
export type Expr = { type: IrType; site?: Site } & (
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "undefined" }
  | { kind: "null" }
  | { kind: "envoy" }
  | { kind: "local"; local: Local }
  | { kind: "field"; object: Expr; layout: Layout; field: Field }
  /** Reads a property of a union of object layouts (each member has it). */
  | { kind: "unionField"; object: Expr; name: string }
  /** array[index]: the element, or undefined when out of range or not an integer index. */
  | { kind: "elementAt"; array: Expr; index: Expr }
  | { kind: "call"; callee: IrFunction; self?: Expr; args: Expr[] }
  /** Calls a function value (closure). */
  | { kind: "callValue"; callee: Expr; args: Expr[] }
  /**
   * Calls method `name` of an object of a record type or a union of object types, dispatched on
   * its layout (a class method, a record's method closure, a function-typed field). `args` have the
   * parameter types of the static type's method.
   */
  | { kind: "methodCall"; object: Expr; name: string; args: Expr[] }
  /** Whether the object (as for methodCall) has method `name` (optional methods). */
  | { kind: "hasMethod"; object: Expr; name: string }
  | { kind: "new"; layout: Layout; args: Expr[] }
  /**
   * A closure over `fn` capturing `fn.closure.captures` from the current function. `stack`: it is
   * only called, in the statements that make it (an array method's inlined callback loop), so its
   * environment lives in the C block that makes it instead of the arena.
   */
  | { kind: "closure"; fn: IrFunction; stack?: boolean }
  /** A top-level function as a value (a static closure with no environment). */
  | { kind: "functionRef"; fn: IrFunction }
  /** A module-level `const` table: built once when the module loads, deep-frozen, shared by every stream. */
  | { kind: "table"; table: IrTable }
  /** `literals`: json.parse only, the literal checks of its target type (lower/literal-checks.ts). */
  | { kind: "runtime"; op: RuntimeOp; args: Expr[]; literals?: LiteralCheck[] }
  | { kind: "unary"; op: UnaryOp; operand: Expr }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  /** `&&`, `||`, `??` with JavaScript's value semantics; `right` already converted to `type`. */
  | { kind: "logical"; op: "&&" | "||" | "??"; left: Expr; right: Expr }
  | { kind: "conditional"; condition: Expr; whenTrue: Expr; whenFalse: Expr }
  | { kind: "assign"; target: LValue; value: Expr }
  /** `x op= v`, `x++`, `++x`: the target is evaluated once; the result is the new value unless returnOld. */
  | { kind: "compound"; target: LValue; op: BinaryOp | "concat"; value: Expr; returnOld: boolean }
  /**
   * Representation change between two IR types of the same JS value. `checked` narrows where
   * TypeScript's narrowing is not sound (fields, `x!`): a wrong value throws TypeError instead of
   * being misread.
   */
  | { kind: "convert"; value: Expr; checked: boolean }
  | { kind: "truthy"; value: Expr }
  /** Whether `value` (of a union type) currently holds a value of type `member`. */
  | { kind: "is"; value: Expr; member: IrType }
  | { kind: "typeof"; value: Expr }
  | { kind: "arrayLiteral"; elements: (Expr | { spread: Expr })[] }
  /** Fields in source (evaluation) order; absent optional fields are undefined. `keys`: records only. */
  | { kind: "objectLiteral"; layout: Layout; fields: { field: Field; value: Expr }[]; keys: KeyStep[] }
  /** Runs `statements` (lowered inline, e.g. array methods), then yields `result`. */
  | { kind: "sequence"; statements: Stmt[]; result: Expr }
);

/**
 * The literal types of a decoded type ("a" | "b", enums, 1 | 2, true), which its structure (the
 * layouts and descriptors, shared by types differing only in literals) leaves out: what the decoded
 * value must also be (lower/literal-checks.ts). `fields` has one entry per field of a record or
 * element of a tuple, `element` is an array's; each is an index into the same list, or -1 when
 * nothing below it has literal types. `name`: the type as written. The C runtime's
 * tse_literal_check and the Node reference SDK (abi/ts/sdk.ts) read this format.
 */
export type LiteralCheck =
  | { kind: "strings"; name: string; values: string[] }
  | { kind: "numbers"; name: string; values: number[] }
  | { kind: "boolean"; name: string; value: boolean }
  | { kind: "array"; name: string; element: number }
  | { kind: "fields"; name: string; fields: number[] }
  /**
   * A union decoded by each value's JSON kind: `members` has one entry per member that is neither
   * undefined nor null, in the IR union's order. With several object members, `discriminant` names
   * the property whose literal value picks the member (`values`: its values as messages list them).
   */
  | { kind: "union"; name: string; members: number[]; discriminant?: { property: string; values: string } };

export interface FilterRegistration {
  name: string;
  configType?: IrType;
  /** The literal types in the config type, checked as it is decoded (lower/literal-checks.ts). */
  configLiterals?: LiteralCheck[];
  factory: IrFunction;
  /**
   * The two-stage shape: `factory` is the config stage (run once per config, returning a closure
   * over `streamFactory`), and the closure runs per stream. Its captures are deep-frozen.
   */
  streamFactory?: IrFunction;
  filterLayout: Layout;
  /** The filter class's hook methods (compiler/api/filter-api.ts lists the hooks; other kinds' tables theirs). */
  hooks: Partial<Record<HookName | string, IrFunction>>;
  /** registerHttpFilter's RouteConfig type argument: the per-route config's type and its literal checks. */
  perRouteType?: IrType;
  perRouteLiterals?: LiteralCheck[];
  /** What registered it (compiler/api/kinds.ts); absent: an HTTP filter. */
  kind?: Exclude<FilterKindName, "http">;
}

export interface IrModule {
  name: string;
  filters: FilterRegistration[];
  functions: IrFunction[];
  layouts: Layout[];
  streamMemoryLimit: number;
  /** Steps (loop iterations and function entries) one hook call may take before it fails closed; 0: unlimited. */
  cpuBudget: number;
  /** Regular expression literals, compiled at build time: their tables (emit/c-regex.ts prints them). */
  regexes: { cName: string; tables: RegexTables }[];
  /** Module-level `const` tables (arrays, objects): `build` runs once at program init; absent: none. */
  tables?: IrTable[];
  /** The classes of background tasks (`envoy.startBackgroundTask`) and their async `run`; absent: none. */
  backgroundTasks?: { layout: Layout; run: IrFunction }[];
}

/** A module-level `const` table: the C global `cName` of `type`, set by `build` (no parameters) and deep-frozen. */
export interface IrTable {
  cName: string;
  displayName: string;
  type: IrType;
  build: IrFunction;
}
